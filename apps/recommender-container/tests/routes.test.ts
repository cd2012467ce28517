/**
 * The HTTP API through supertest, on a tiny real index: what each route returns, how
 * admin writes change what reads see, and the operational routes.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createServer } from '../src/server.js';
import type { ServiceHandle } from '../src/state/service.js';
import { ADMIN_TOKEN, catalogIds, startTestService, type TestService } from './support/in-process.js';

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.stop();
});

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

interface RecommendationBody {
  recommendations: { movieId: number; title: string; genres: string[]; year: number | null; score: number }[];
  modelVersion: string;
}

describe('POST /recommendations', () => {
  it('returns k ranked movies with title, genres, year and score, and the model version', async () => {
    // Arrange
    const [first, second, third] = catalogIds();
    const body = {
      recentActivity: [
        { movieId: first, rating: 5, timestamp: '2024-05-01T10:00:00Z' },
        { movieId: second, rating: 4.5, timestamp: 1_714_600_000 },
        { movieId: third, rating: 1 },
      ],
      k: 7,
    };

    // Act
    const res = await request(t.app).post('/recommendations').send(body);

    // Assert
    expect(res.status).toBe(200);
    const out = res.body as RecommendationBody;
    expect(out.modelVersion).toBe(t.artifacts.card.version);
    expect(out.recommendations).toHaveLength(7);
    const scores = out.recommendations.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const rec of out.recommendations) {
      expect(t.artifacts.movies.find((m) => m.movieId === rec.movieId)).toMatchObject({ title: rec.title, genres: rec.genres, year: rec.year });
      expect([first, second, third]).not.toContain(rec.movieId);
    }
  });

  it('defaults k to 10', async () => {
    const res = await request(t.app).post('/recommendations').send({ recentActivity: [{ movieId: catalogIds()[5], rating: 4 }] });
    expect(res.status).toBe(200);
    expect((res.body as RecommendationBody).recommendations).toHaveLength(10);
  });
});

describe('GET /movies', () => {
  it('returns one movie by id', async () => {
    const movie = t.artifacts.movies[10]!;
    const res = await request(t.app).get(`/movies/${movie.movieId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(movie);
  });

  it('finds movies by a case-insensitive part of the title, up to limit', async () => {
    // Arrange: a word that several generated titles share.
    const word = 'the';
    const expected = t.artifacts.movies.filter((m) => m.title.toLowerCase().includes(word));
    // Act
    const res = await request(t.app).get('/movies').query({ query: word.toUpperCase(), limit: 3 });
    // Assert
    expect(expected.length).toBeGreaterThan(3);
    expect(res.status).toBe(200);
    const movies = (res.body as { movies: { title: string }[] }).movies;
    expect(movies).toHaveLength(3);
    for (const m of movies) expect(m.title.toLowerCase()).toContain(word);
  });
});

describe('admin writes', () => {
  it('adds a movie: 201 once durable, then readable, searchable and recommendable', async () => {
    // Arrange: a brand-new movie whose vector is derived from genres and year.
    const movie = { movieId: 900_001, title: 'Zyzzyva Nights', year: 2024, genres: ['Drama', 'Romance'] };
    const sizeBefore = t.service.live().indexSize;

    // Act
    const res = await request(t.app).post('/movies').set(auth).send(movie);

    // Assert
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/movies/900001');
    expect(res.body).toMatchObject({ movie, derived: true, position: expect.stringMatching(/^\d+$/) as unknown });
    expect(t.service.live().indexSize).toBe(sizeBefore + 1);
    expect((await request(t.app).get('/movies/900001')).body).toEqual(movie);
    expect((await request(t.app).get('/movies').query({ query: 'zyzzyva' })).body).toEqual({ movies: [movie] });
    // The new movie can be part of a user's activity…
    const asActivity = await request(t.app).post('/recommendations').send({ recentActivity: [{ movieId: 900_001, rating: 5 }], k: 5 });
    expect(asActivity.status).toBe(200);
    // …and is a candidate: it is live in the HNSW index that recommendations search.
    expect(t.service.live().recommender.index.has(900_001)).toBe(true);
  });

  it('accepts a client-supplied embedding of the model dimension', async () => {
    const embedding = Array.from({ length: t.artifacts.dimensions }, (_, i) => (i % 3) - 1);
    const res = await request(t.app).post('/movies').set(auth).send({ movieId: 900_002, title: 'Vector Supplied', genres: [], embedding });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ derived: false, movie: { movieId: 900_002, year: null } });
  });

  it('removes a movie: it can no longer be read or recommended', async () => {
    // Arrange
    const victim = catalogIds()[20]!;
    // Act
    const res = await request(t.app).delete(`/movies/${victim}`).set(auth);
    // Assert
    expect(res.status).toBe(200);
    expect((res.body as { movie: { movieId: number } }).movie.movieId).toBe(victim);
    expect((await request(t.app).get(`/movies/${victim}`)).status).toBe(404);
    const recs = await request(t.app).post('/recommendations').send({ recentActivity: [{ movieId: catalogIds()[1], rating: 3 }], k: 100 });
    expect((recs.body as RecommendationBody).recommendations.map((r) => r.movieId)).not.toContain(victim);
    // Using it in activity is now a client error.
    expect((await request(t.app).post('/recommendations').send({ recentActivity: [{ movieId: victim, rating: 3 }] })).status).toBe(400);
  });

  it('refuses to add an id that exists with 409', async () => {
    const res = await request(t.app).post('/movies').set(auth).send({ movieId: catalogIds()[0], title: 'Duplicate', genres: ['Drama'] });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it('serialises concurrent writes to the same id: exactly one add wins', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => request(t.app).post('/movies').set(auth).send({ movieId: 900_100, title: `Race ${i}`, genres: ['Comedy'] })),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });
});

describe('read-only mode', () => {
  it('answers writes with 403 when no admin token is configured', async () => {
    const readOnly = await startTestService({ adminToken: null });
    try {
      const res = await request(readOnly.app).post('/movies').set(auth).send({ movieId: 900_003, title: 'Nope', genres: [] });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN', details: {} } });
      expect((await request(readOnly.app).delete(`/movies/${catalogIds()[0]}`)).status).toBe(403);
    } finally {
      await readOnly.stop();
    }
  });
});

describe('operational routes', () => {
  it('reports liveness and readiness', async () => {
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(t.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', phase: 'ready', catalog: { log: 'file', connected: true } });
  });

  it('serves the model card', async () => {
    const res = await request(t.app).get('/model');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(t.artifacts.card);
  });

  it('exposes Prometheus metrics: latency histogram, index size, last update applied', async () => {
    await request(t.app).get('/healthz');
    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/healthz".*\} \d+/);
    expect(res.text).toContain(`recommender_index_size ${t.service.live().indexSize}`);
    const lastApplied = /^recommender_last_update_applied_timestamp_seconds (\S+)$/m.exec(res.text);
    expect(Number(lastApplied?.[1])).toBeGreaterThan(Date.now() / 1000 - 600);
    expect(res.text).toMatch(/recommender_updates_applied\{origin="local"\} [1-9]/);
  });

  it('sets security headers and no x-powered-by', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('before the index is ready', () => {
  it('is live but not ready, and model routes answer 503 NOT_READY', async () => {
    const starting = await startTestService({ skipStart: true });
    try {
      expect((await request(starting.app).get('/healthz')).status).toBe(200);
      expect((await request(starting.app).get('/readyz')).status).toBe(503);
      const rec = await request(starting.app).post('/recommendations').send({ recentActivity: [{ movieId: 2, rating: 4 }] });
      expect(rec.status).toBe(503);
      expect(rec.headers['retry-after']).toBe('1');
      expect(rec.body).toMatchObject({ error: { code: 'NOT_READY' } });
      expect((await request(starting.app).get('/movies/2')).status).toBe(503);
      expect((await request(starting.app).get('/model')).status).toBe(503);
    } finally {
      await starting.stop();
    }
  });
});

describe('unexpected failures', () => {
  it('answer an opaque 500 in the shared shape, without internals', async () => {
    // Arrange: a service whose catalog throws a plain Error (a bug, not a client mistake).
    const broken: ServiceHandle = {
      phase: 'ready',
      readiness: () => ({ status: 'ready', phase: 'ready' }),
      live() {
        throw new Error('database password is hunter2 at /srv/secret.ts:12');
      },
    };
    const app = createServer({ service: broken, metrics: createMetrics(), logger: createSilentLogger(), adminToken: undefined });
    // Act
    const res = await request(app).get('/movies/5');
    // Assert
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'An unexpected error occurred. It has been logged.', details: {} } });
    expect(res.text).not.toContain('hunter2');
  });
});
