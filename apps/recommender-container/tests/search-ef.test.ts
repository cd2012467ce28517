/**
 * `SEARCH_EF`, the HNSW search breadth the service serves with: recall at a given `ef`
 * falls as the catalog grows, so operators of a large catalog raise it. A snapshot keeps
 * the `ef` it was taken with (hnswlib does not store it; our header does), and a
 * configured value wins over the snapshot's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX_DEFAULTS } from '@serverless-ai/movie-recommender';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogIds, startTestService, type TestService } from './support/in-process.js';

/** Services to stop after each test; stopping twice is safe, so tests may stop one early. */
const running: TestService[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) await service.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestService>[0] = {}): Promise<TestService> {
  const service = await startTestService(options);
  running.push(service);
  return service;
}

describe('SEARCH_EF', () => {
  it('serves with the index default when nothing is configured', async () => {
    const t = await start();
    expect(t.service.live().searchEf).toBe(INDEX_DEFAULTS.ef);
  });

  it('serves with the configured ef after a rebuild, and still answers recommendations', async () => {
    // Arrange
    const t = await start({ searchEf: 150 });
    // Act
    const response = await request(t.app)
      .post('/recommendations')
      .send({ recentActivity: [{ movieId: catalogIds()[0], rating: 5 }], k: 5 });
    // Assert
    expect(t.service.live().searchEf).toBe(150);
    expect(response.status).toBe(200);
    expect((response.body as { recommendations: unknown[] }).recommendations).toHaveLength(5);
  });

  it('keeps the ef a snapshot was taken with, unless SEARCH_EF overrides it', async () => {
    // Arrange: a first start with ef 150 takes a write and snapshots at shutdown.
    const dataDir = mkdtempSync(join(tmpdir(), 'search-ef-'));
    dirs.push(dataDir);
    const first = await start({ dataDir, searchEf: 150 });
    await first.service.live().addMovie({ movieId: 700_000, title: 'Snapshot Me', year: 2020, genres: ['Drama'] });
    await first.stop();

    // Act + Assert: restarting without SEARCH_EF keeps the snapshot's ef…
    const second = await start({ dataDir });
    expect(second.service.startup?.indexSource).toBe('snapshot');
    expect(second.service.live().searchEf).toBe(150);
    await second.stop();

    // …and a configured one wins over it.
    const third = await start({ dataDir, searchEf: 20 });
    expect(third.service.startup?.indexSource).toBe('snapshot');
    expect(third.service.live().searchEf).toBe(20);
  });
});
