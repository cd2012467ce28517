/**
 * Start-up runs after `listen`: while the index is being rebuilt (in a worker thread),
 * the process still answers /healthz, and /readyz says 503 until the index is loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRecommenderArtifacts } from '@serverless-ai/movie-recommender';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScaledArtifacts } from '../bench/internals/synthetic-catalog.js';
import { startServerProcess, writeTestArtifacts, type ServerProcess } from './support/server-process.js';

let root: string;
let largeArtifacts: string;
const running: ServerProcess[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'recommender-startup-'));
  const small = join(root, 'small');
  writeTestArtifacts(small);
  // 30k movies: a rebuild that takes a few seconds, long enough to probe during it.
  largeArtifacts = join(root, 'large');
  writeScaledArtifacts(loadRecommenderArtifacts(small), 30_000, largeArtifacts);
});
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('start-up', () => {
  it('answers /healthz while the index is rebuilt, and /readyz only once it is loaded', { timeout: 60_000 }, async () => {
    // Arrange
    const server = await startServerProcess({ dataDir: join(root, 'data'), artifactsDir: largeArtifacts });
    running.push(server);
    let healthyWhileLoading = 0;
    let notReadyAnswers = 0;

    // Act: probe both endpoints until ready.
    for (;;) {
      const ready = await fetch(`${server.url}/readyz`);
      if (ready.status === 200) break;
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not-ready', phase: 'starting' });
      notReadyAnswers += 1;
      if ((await fetch(`${server.url}/healthz`)).status === 200 && server.logs.every((l) => l.msg !== 'ready')) healthyWhileLoading += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    // Assert
    const rebuilt = await server.waitForLog((l) => l.phase === 'load-index');
    expect(rebuilt).toMatchObject({ msg: 'rebuilt index', inWorker: true, indexSize: 30_000 });
    expect(notReadyAnswers).toBeGreaterThan(3);
    expect(healthyWhileLoading).toBeGreaterThan(3);
    const phases = server.logs.filter((l) => typeof l.phase === 'string').map((l) => l.phase);
    expect(phases.slice(0, 4)).toEqual(['load-artifacts', 'load-index', 'replay-log', 'ready']);
    await server.stop();
  });
});
