/**
 * The pure parts of `npm start`: reading ports from the environment, finding missing
 * trained models and installed packages, and formatting the summary. The whole
 * sequence runs for real in start-script.test.ts, and its process helpers are
 * covered by processes.test.ts and e2e.test.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_ARTIFACTS, missingModels } from '../orchestrator/prepare.js';
import { packageDirOf, REPO_ROOT } from '../orchestrator/services.js';
import { configFromEnv } from '../orchestrator/start.js';
import { formatBytes, formatMs } from '../orchestrator/summary.js';

describe('configFromEnv', () => {
  it('uses 3001, 3002 and 3000 when no port is set', () => {
    expect(configFromEnv({}, false)).toMatchObject({ footfallPort: 3001, recommenderPort: 3002, demoPort: 3000, skipBuild: false });
    expect(configFromEnv({}, false).dataRoot).toMatch(/\/\.data$/);
  });

  it('takes FOOTFALL_PORT, RECOMMENDER_PORT and DEMO_PORT from the environment', () => {
    const config = configFromEnv({ FOOTFALL_PORT: '4001', RECOMMENDER_PORT: '4002', DEMO_PORT: '4000' }, true);

    expect(config).toMatchObject({ footfallPort: 4001, recommenderPort: 4002, demoPort: 4000, skipBuild: true });
  });

  it('refuses a port that is not a number from 1 to 65535 and names the variable', () => {
    expect(() => configFromEnv({ DEMO_PORT: 'eighty' }, false)).toThrow('DEMO_PORT must be a port number (1-65535), not "eighty".');
    expect(() => configFromEnv({ RECOMMENDER_PORT: '70000' }, false)).toThrow(/RECOMMENDER_PORT/);
  });
});

describe('summary formatting', () => {
  it('prints milliseconds below a second and seconds above', () => {
    expect(formatMs(850.4)).toBe('850 ms');
    expect(formatMs(2_449)).toBe('2.4 s');
  });

  it('prints kB below a MB, MB above, and n/a for unknown', () => {
    expect(formatBytes(117_279)).toBe('115 kB');
    expect(formatBytes(14.2 * 1024 * 1024)).toBe('14.2 MB');
    expect(formatBytes(null)).toBe('n/a');
  });
});

describe('missingModels', () => {
  it('lists no model when the committed artifacts are in the checkout', () => {
    expect(missingModels(REPO_ROOT)).toEqual([]);
  });

  it('names each model whose artifact file is absent, so npm start can train it', () => {
    // Arrange: a checkout that has the footfall model but not the recommender's card.
    const root = mkdtempSync(join(tmpdir(), 'start-models-'));
    const footfall = MODEL_ARTIFACTS.find((m) => m.workspace === '@serverless-ai/footfall-model')!;
    mkdirSync(dirname(join(root, footfall.file)), { recursive: true });
    writeFileSync(join(root, footfall.file), '{}');

    // Act
    const missing = missingModels(root);

    // Assert
    expect(missing.map((m) => m.workspace)).toEqual(['@serverless-ai/movie-recommender']);
  });
});

describe('packageDirOf', () => {
  it('finds a package in the nearest node_modules walking up from an app, as Node resolves it', () => {
    // Arrange: an app folder with no node_modules of its own, under a root that has the package.
    const root = mkdtempSync(join(tmpdir(), 'start-packages-'));
    mkdirSync(join(root, 'node_modules', 'some-addon'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'some-addon', 'package.json'), '{"name":"some-addon"}');
    mkdirSync(join(root, 'apps', 'service'), { recursive: true });

    // Act + Assert
    expect(packageDirOf('some-addon', join(root, 'apps', 'service'))).toBe(join(root, 'node_modules', 'some-addon'));
    expect(packageDirOf('not-installed', join(root, 'apps', 'service'))).toBeNull();
  });
});
