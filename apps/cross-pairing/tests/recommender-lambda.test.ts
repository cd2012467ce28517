/**
 * The recommender as a Lambda handler, run from source on a 1,000-movie catalog:
 * whichever way the index comes to exist at init (built or loaded from the snapshot),
 * the answer to a real-shaped HTTP API event is exactly what `MovieRecommender.predict`
 * gives; bad requests get the shared 4xx shape; a stale snapshot stops the init phase.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  loadRecommenderArtifacts,
  MovieRecommender,
  type RecommenderArtifacts,
  VectorIndex,
} from '@serverless-ai/movie-recommender';
import type { HttpResult } from '@serverless-ai/lambda-kit';
import { httpApiV2Event, lambdaContext } from '@serverless-ai/lambda-kit/testing';
import { recentActivityFrom, recommendationsEvent } from '../src/events.js';
import type { IndexMode } from '../src/recommender-lambda/config.js';
import type * as HandlerModuleNamespace from '../src/recommender-lambda/handler.js';
import { makeTestCatalog, TEST_MOVIES, type TestCatalog } from './support/small-catalog.js';

type HandlerModule = typeof HandlerModuleNamespace;

let catalog: TestCatalog;
let artifacts: RecommenderArtifacts;
beforeAll(() => {
  catalog = makeTestCatalog();
  artifacts = loadRecommenderArtifacts(catalog.artifactsDir);
});
afterAll(() => catalog.remove());
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Imports the handler afresh (a new init phase) with the given settings. */
async function coldStart(mode: IndexMode, env: Record<string, string> = {}): Promise<HandlerModule> {
  vi.resetModules();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('ARTIFACTS_DIR', catalog.artifactsDir);
  vi.stubEnv('INDEX_PATH', catalog.snapshotPath);
  vi.stubEnv('INDEX_MODE', mode);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('../src/recommender-lambda/handler.js');
}

const bodyOf = (result: HttpResult): unknown => JSON.parse(result.body);

describe.each(['build', 'snapshot'] as const)('with INDEX_MODE=%s', (mode) => {
  it('answers POST /recommendations with exactly what MovieRecommender.predict gives', async () => {
    // Arrange: the reference model, wired the same way outside the handler.
    const index = mode === 'build' ? MovieRecommender.buildIndex(artifacts) : VectorIndex.load(catalog.snapshotPath);
    const reference = new MovieRecommender({ artifacts, index });
    const input = { recentActivity: recentActivityFrom(artifacts.movies), k: 10 };
    const { handler, initReport } = await coldStart(mode);

    // Act
    const result = await handler(recommendationsEvent(artifacts.movies, 10), lambdaContext());

    // Assert
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual(reference.predict(input));
    expect((bodyOf(result) as { recommendations: unknown[] }).recommendations).toHaveLength(10);
    expect(initReport).toMatchObject({ indexMode: mode, movies: TEST_MOVIES, catalogVersion: artifacts.catalogVersion });
  });
});

describe('bad requests', () => {
  let handler: HandlerModule['handler'];
  beforeAll(async () => {
    ({ handler } = await coldStart('snapshot'));
  });

  it('lists every movie id that is not in the catalog, with 400 INVALID_INPUT', async () => {
    // Arrange: two unknown ids among known ones.
    const activity = [...recentActivityFrom(artifacts.movies, 3), { movieId: 99_999_999, rating: 4 }, { movieId: 88_888_888, rating: 3 }];
    const event = httpApiV2Event({ method: 'POST', path: '/recommendations', body: { recentActivity: activity, k: 5 } });

    // Act
    const result = await handler(event, lambdaContext());

    // Assert
    expect(result.statusCode).toBe(400);
    const { error } = bodyOf(result) as { error: { code: string; details: { issues: { path: unknown[] }[] } } };
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details.issues.map((issue) => issue.path)).toEqual([
      ['recentActivity', 3, 'movieId'],
      ['recentActivity', 4, 'movieId'],
    ]);
  });

  it('rejects a rating that is not a half star and k above 100', async () => {
    const event = httpApiV2Event({ method: 'POST', path: '/recommendations', body: { recentActivity: [{ movieId: artifacts.movies[0]!.movieId, rating: 4.2 }], k: 101 } });
    const result = await handler(event, lambdaContext());
    expect(result.statusCode).toBe(400);
    const paths = (bodyOf(result) as { error: { details: { issues: { path: unknown[] }[] } } }).error.details.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining([['recentActivity', 0, 'rating'], ['k']]));
  });

  it.each([
    ['malformed JSON', httpApiV2Event({ method: 'POST', path: '/recommendations', body: '{"recentActivity": [' }), 400, 'MALFORMED_JSON'],
    ['a form body', httpApiV2Event({ method: 'POST', path: '/recommendations', body: 'k=10', contentType: 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a 70 kB body', httpApiV2Event({ method: 'POST', path: '/recommendations', body: { recentActivity: [], padding: 'x'.repeat(70_000) } }), 413, 'PAYLOAD_TOO_LARGE'],
    ['an unknown path', httpApiV2Event({ method: 'POST', path: '/predict', body: {} }), 404, 'NOT_FOUND'],
  ])('answers %s with %i %s', async (_name, event, status, code) => {
    const result = await handler(event, lambdaContext());
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result)).toMatchObject({ error: { code } });
  });

  it('answers GET /recommendations with 405 and Allow: POST', async () => {
    const result = await handler(httpApiV2Event({ method: 'GET', path: '/recommendations' }), lambdaContext());
    expect(result.statusCode).toBe(405);
    expect(result.headers.allow).toBe('POST');
  });
});

describe('the init phase', () => {
  it('refuses to start from a snapshot of another catalog', async () => {
    // Arrange: a second, different catalog whose snapshot does not match the first.
    const other = makeTestCatalog(200, 7);
    try {
      // Act + Assert: importing the handler (its init phase) fails with the snapshot check.
      await expect(coldStart('snapshot', { INDEX_PATH: other.snapshotPath })).rejects.toThrow(/catalog/i);
    } finally {
      other.remove();
    }
  });

  it('refuses an INDEX_MODE it does not know', async () => {
    await expect(coldStart('lazy' as IndexMode)).rejects.toThrow(/INDEX_MODE must be one of build, snapshot/);
  });
});
