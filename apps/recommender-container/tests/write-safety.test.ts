/**
 * Issue 8, defect 1: no catalog write may take the process down. A vector is checked on
 * the float32 values that will be logged (so 1e39, finite as a double, is a 400 and never
 * reaches the log), and a logged update that still fails to apply fails its own request,
 * is undone in the log, and leaves a restart with exactly the catalog the live replica had.
 */
import { statSync } from 'node:fs';
import { loadRecommenderArtifacts } from '@serverless-ai/movie-recommender';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_VECTOR_NORM } from '../src/state/vector-check.js';
import { embeddedLogPath } from '../src/state/catalog-log.js';
import { ADMIN_TOKEN, startTestService, type TestService } from './support/in-process.js';

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const started: TestService[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of started.splice(0)) await t.stop();
});

async function start(dataDir?: string): Promise<TestService> {
  const t = await startTestService({ backgroundPolling: false, ...(dataDir ? { dataDir } : {}) });
  started.push(t);
  return t;
}

const logBytes = (t: TestService) => statSync(embeddedLogPath(t.dataDir)).size;

describe('vectors are checked after conversion to float32, before the log', () => {
  it('answers 400 for an embedding of 1e39s (finite in JSON, Infinity in float32), logs nothing and keeps serving', async () => {
    // Arrange
    const t = await start();
    const before = logBytes(t);
    const embedding = new Array<number>(t.artifacts.embeddingDimensions).fill(1e39);
    // Act
    const res = await request(t.app).post('/movies').set(auth).send({ movieId: 910_001, title: 'Overflow', genres: ['Drama'], embedding });
    // Assert
    expect(res.status).toBe(400);
    const body = res.body as { error: { code: string; details: { issues: { path: unknown[] }[] } } };
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.details.issues.map((issue) => issue.path)).toContainEqual(['embedding', 0]);
    expect(logBytes(t)).toBe(before);
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    expect((await request(t.app).post('/movies').set(auth).send({ movieId: 910_001, title: 'Fine', genres: ['Drama'] })).status).toBe(201);
  });

  it('answers 400 for an embedding longer than the sane norm, naming the bound', async () => {
    const t = await start();
    const embedding = new Array<number>(t.artifacts.embeddingDimensions).fill(MAX_VECTOR_NORM);
    const res = await request(t.app).post('/movies').set(auth).send({ movieId: 910_002, title: 'Too Long', genres: ['Drama'], embedding });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(`at most ${MAX_VECTOR_NORM}`);
  });

  it('keeps the norm bound at least 10 times above every vector of the committed catalog', () => {
    const artifacts = loadRecommenderArtifacts();
    let largest = 0;
    for (let row = 0; row < artifacts.movies.length; row++) {
      let squares = 0;
      for (let j = 0; j < artifacts.dimensions; j++) squares += artifacts.itemVectors[row * artifacts.dimensions + j]! ** 2;
      largest = Math.max(largest, Math.sqrt(squares));
    }
    expect(largest * 10).toBeLessThan(MAX_VECTOR_NORM);
  });
});

describe('a logged update that fails to apply', () => {
  it('fails only its own request with a 500 in the shared shape, logs its undo, and a restart shows the live catalog', async () => {
    // Arrange: the index refuses the next add, after it was logged.
    const t = await start();
    const live = t.service.live();
    vi.spyOn(live.recommender, 'applyAdd').mockImplementationOnce(() => {
      throw new Error('simulated index failure');
    });
    const sizeBefore = live.indexSize;
    // Act
    const failed = await request(t.app).post('/movies').set(auth).send({ movieId: 920_001, title: 'Unlucky', genres: ['Drama'] });
    const next = await request(t.app).post('/movies').set(auth).send({ movieId: 920_002, title: 'Lucky', genres: ['Drama'] });
    // Assert: the process is up, the failed movie is absent, the next write works.
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ error: { code: 'INTERNAL', details: {} } });
    expect(next.status).toBe(201);
    expect((await request(t.app).get('/movies/920001')).status).toBe(404);
    expect(live.indexSize).toBe(sizeBefore + 1);
    // Restart from the log alone (no shutdown snapshot): the same catalog.
    await t.service.stop({ snapshot: false });
    const again = await start(t.dataDir);
    expect((await request(again.app).get('/movies/920001')).status).toBe(404);
    expect((await request(again.app).get('/movies/920002')).status).toBe(200);
    expect(again.service.live().indexSize).toBe(sizeBefore + 1);
  });
});
