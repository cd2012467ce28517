/**
 * The service's settings come from the environment, validated once at start-up: a typo
 * must stop the process with a message naming every bad variable, never run on a guess.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('gives every setting its documented default, read-only without a token', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({
      port: 3002,
      host: '0.0.0.0',
      dataDir: '/srv/.data/recommender',
      artifactsDir: undefined,
      adminToken: undefined,
      bodyLimitBytes: 65_536,
      snapshotEveryUpdates: 1000,
      snapshotIntervalMs: 60_000,
      catalogStreamUrl: undefined,
      catalogStreamCluster: false,
      catalogWriteTimeoutMs: 2000,
      searchEf: undefined,
      shutdownTimeoutMs: 10_000,
      logLevel: 'info',
    });
  });

  it('reads numbers from their strings and resolves folders against the working directory', () => {
    const config = loadConfig({ RECOMMENDER_PORT: '8080', DATA_DIR: 'data', SEARCH_EF: '160', CATALOG_STREAM_URL: 'redis://127.0.0.1:6380', CATALOG_STREAM_CLUSTER: 'true' }, '/srv');
    expect(config).toMatchObject({ port: 8080, dataDir: '/srv/data', searchEf: 160, catalogStreamUrl: 'redis://127.0.0.1:6380', catalogStreamCluster: true });
  });

  it('treats an empty ADMIN_TOKEN as no token, so the service is read-only rather than guessable', () => {
    expect(loadConfig({ ADMIN_TOKEN: '' }).adminToken).toBeUndefined();
  });

  it('names every invalid variable in one error', () => {
    const load = () => loadConfig({ SEARCH_EF: '0', RECOMMENDER_PORT: 'eighty', ADMIN_TOKEN: 'short', LOG_LEVEL: 'loud' });
    expect(load).toThrow(/SEARCH_EF/);
    expect(load).toThrow(/RECOMMENDER_PORT/);
    expect(load).toThrow(/ADMIN_TOKEN must be at least 8 characters/);
    expect(load).toThrow(/LOG_LEVEL/);
  });

  it('refuses a CATALOG_STREAM_URL that is not a redis:// or rediss:// URL', () => {
    expect(() => loadConfig({ CATALOG_STREAM_URL: 'http://cache:6379' })).toThrow(/CATALOG_STREAM_URL must be a redis/);
  });

  it('refuses a fractional SEARCH_EF', () => {
    expect(() => loadConfig({ SEARCH_EF: '12.5' })).toThrow(/SEARCH_EF/);
  });
});
