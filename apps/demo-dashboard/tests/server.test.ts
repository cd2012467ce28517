/**
 * The demo server on its own: page data endpoints, the proxy against a real upstream
 * HTTP server on loopback, and the shared error shape when an upstream is down or slow.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { ErrorBody } from '@serverless-ai/model-interface';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { loadFootfallSamples } from '../src/samples.js';
import { createServer, type DemoServerDeps } from '../src/server.js';
import type { RecommenderSamples } from '../src/shared/types.js';

const ADMIN_TOKEN = 'local-demo-token-5f1e2d';
const footfallSamples = loadFootfallSamples();
const recommenderSamples: RecommenderSamples = {
  users: [{ id: 'likes-a-b', name: 'Likes A + B', genres: ['A', 'B'], activity: [{ movieId: 1, title: 'One', year: 2001, genres: ['A', 'B'], rating: 5 }] }],
  genres: ['A', 'B'],
  suggestedMovieId: 100_001,
};

/** A stand-in upstream that echoes what it received, so forwarding can be checked. */
async function startEchoUpstream(): Promise<{ url: string; server: Server }> {
  const server = createHttpServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url?.startsWith('/slow')) return; // never answers
      const status = req.url?.startsWith('/fail') ? 400 : 200;
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'up-1' });
      res.end(
        JSON.stringify(
          status === 400
            ? { error: { code: 'INVALID_INPUT', message: 'bad', details: { issues: [] } } }
            : { method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), authorization: req.headers.authorization ?? null, host: req.headers.host },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A URL where nothing listens: a port we bound and released. */
async function closedPortUrl(): Promise<string> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('demo server', () => {
  let upstream: { url: string; server: Server };
  let downUrl: string;
  let tempDir: string;
  let deps: DemoServerDeps;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    downUrl = await closedPortUrl();
    tempDir = await mkdtemp(join(tmpdir(), 'demo-dashboard-'));
    deps = {
      footfallUrl: upstream.url,
      recommenderUrl: downUrl,
      footfallSamples,
      recommenderSamples,
      vectorOf: (movieId) => (movieId === 1 ? [0.5, -0.25, 1] : undefined),
      becauseOf: (recommended, liked) => recommended.map((movieId) => ({ movieId, likedMovieId: liked[0]!, similarity: 0.5 })),
      adminToken: ADMIN_TOKEN,
      summaryPath: join(tempDir, 'summary.json'),
      resultsDir: tempDir,
      staticDirs: [join(PACKAGE_DIR, 'public')],
      logger: createLogger({ level: 'silent' }),
      upstreamTimeoutMs: 300,
    };
  });

  afterAll(async () => {
    upstream.server.closeAllConnections();
    await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
    await rm(tempDir, { recursive: true, force: true });
  });

  it('serves the page with a labelled heading for each panel', async () => {
    const response = await request(createServer(deps)).get('/');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('id="footfall-heading"');
    expect(response.text).toContain('id="recommender-heading"');
    expect(response.text).toContain('id="side-heading"');
  });

  it('serves the footfall sample days and feature metadata it was given', async () => {
    const response = await request(createServer(deps)).get('/api/samples/footfall');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(footfallSamples);
  });

  it('serves the recommender sample users it was given', async () => {
    const response = await request(createServer(deps)).get('/api/samples/recommender');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(recommenderSamples);
  });

  it('serves the vector of a committed catalog movie, 404 for an unknown one, 400 for a bad id', async () => {
    const app = createServer(deps);

    const known = await request(app).get('/api/samples/recommender/vectors/1');
    const unknown = await request(app).get('/api/samples/recommender/vectors/2');
    const bad = await request(app).get('/api/samples/recommender/vectors/1e3');

    expect(known.body).toEqual({ movieId: 1, vector: [0.5, -0.25, 1] });
    expect(unknown.status).toBe(404);
    expect((unknown.body as ErrorBody).error).toMatchObject({ code: 'NOT_FOUND', details: { movieId: 2 } });
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.code).toBe('INVALID_INPUT');
  });

  it('tells the page whether admin writes are on, and never hands it the admin token', async () => {
    // Arrange: the page as the browser loads it, the built script included.
    const app = createServer({ ...deps, staticDirs: [join(PACKAGE_DIR, 'public'), join(PACKAGE_DIR, 'dist', 'public')] });

    // Act
    const config = await request(app).get('/api/config');
    const without = await request(createServer({ ...deps, adminToken: null })).get('/api/config');
    const page = await request(app).get('/');
    const script = await request(app).get('/app.js');

    // Assert
    expect(config.body).toEqual({ adminWrites: true });
    expect(without.body).toEqual({ adminWrites: false });
    expect(script.status, 'the page script is built').toBe(200);
    for (const body of [config.text, page.text, script.text]) expect(body).not.toContain(ADMIN_TOKEN);
  });

  it('adds the admin token to the recommender admin writes it forwards, and only to those', async () => {
    // Arrange: the recommender URL points at the echo upstream; the browser sends a token of its own.
    const app = createServer({ ...deps, recommenderUrl: upstream.url });
    const authorizationOf = (response: request.Response): unknown => (response.body as { authorization: unknown }).authorization;

    // Act
    const add = await request(app).post('/api/recommender/movies').set('authorization', 'Bearer from-the-browser').send({ movieId: 900_001 });
    const remove = await request(app).delete('/api/recommender/movies/900001');
    const search = await request(app).get('/api/recommender/movies?query=heat');
    const recommend = await request(app).post('/api/recommender/recommendations').send({ recentActivity: [], k: 5 });

    // Assert
    expect(authorizationOf(add)).toBe(`Bearer ${ADMIN_TOKEN}`);
    expect(authorizationOf(remove)).toBe(`Bearer ${ADMIN_TOKEN}`);
    expect(authorizationOf(search)).toBeNull();
    expect(authorizationOf(recommend)).toBeNull();
  });

  it('adds no token when it has none, so the recommender refuses the write itself', async () => {
    const app = createServer({ ...deps, recommenderUrl: upstream.url, adminToken: null });

    const add = await request(app).post('/api/recommender/movies').send({ movieId: 900_001 });

    expect((add.body as { authorization: unknown }).authorization).toBeNull();
  });

  it('explains recommendations by the closest liked movie, and refuses a list that is not movie ids', async () => {
    const app = createServer(deps);

    const good = await request(app).get('/api/samples/recommender/because?recommended=4,5&liked=1,2');
    const bad = await request(app).get('/api/samples/recommender/because?recommended=4,x&liked=1');
    const missing = await request(app).get('/api/samples/recommender/because?recommended=4');

    expect(good.body).toEqual({ because: [{ movieId: 4, likedMovieId: 1, similarity: 0.5 }, { movieId: 5, likedMovieId: 1, similarity: 0.5 }] });
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.details).toEqual({ issues: [{ path: ['recommended', 1], message: 'Movie ids are positive integers, got "x"' }] });
    expect(missing.status).toBe(400);
    expect((missing.body as ErrorBody).error.message).toContain('liked');
  });

  it('forwards method, path, query, body and authorization to the upstream and adds Server-Timing', async () => {
    // Arrange
    const app = createServer(deps);

    // Act
    const response = await request(app)
      .post('/api/footfall/predict?debug=1')
      .set('content-type', 'application/json')
      .set('authorization', 'Bearer abc')
      .send('{"features":[1,2,3]}');

    // Assert
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ method: 'POST', url: '/predict?debug=1', body: '{"features":[1,2,3]}', authorization: 'Bearer abc' });
    expect((response.body as { host: string }).host).toBe(new URL(upstream.url).host);
    expect(response.headers['x-request-id']).toBe('up-1');
    expect(response.headers['server-timing']).toMatch(/^upstream;dur=\d+(\.\d+)?;desc="footfall"$/);
  });

  it('passes an upstream error answer through unchanged', async () => {
    const response = await request(createServer(deps)).post('/api/footfall/fail').send({});

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'INVALID_INPUT', message: 'bad', details: { issues: [] } } });
  });

  it('answers 502 in the shared error shape when an upstream is down', async () => {
    // Arrange: the recommender URL points at a port nobody listens on.
    const app = createServer(deps);

    // Act
    const response = await request(app).post('/api/recommender/recommendations').send({ recentActivity: [], k: 5 });

    // Assert
    expect(response.status).toBe(502);
    expect(response.body).toEqual({
      error: {
        code: 'UPSTREAM_UNAVAILABLE',
        message: expect.stringContaining(`The recommender service at ${downUrl} is not reachable`) as string,
        details: { service: 'recommender', url: downUrl, reason: 'ECONNREFUSED' },
      },
    });
  });

  it('answers 504 in the shared error shape when an upstream does not answer in time', async () => {
    const response = await request(createServer(deps)).get('/api/footfall/slow');

    expect(response.status).toBe(504);
    expect((response.body as ErrorBody).error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', details: { service: 'footfall', timeoutMs: 300 } });
  });

  it('answers 404 with a hint until the orchestrator has written its summary, then serves it', async () => {
    // Arrange
    const app = createServer(deps);
    const summary = { measuredAt: '2025-01-01T00:00:00.000Z', machine: { cpuModel: 'x', cores: 2, memoryGiB: 1, node: 'v20', platform: 'linux-x64' }, services: [] };

    // Act
    const before = await request(app).get('/api/summary');
    await writeFile(deps.summaryPath!, JSON.stringify(summary));
    const after = await request(app).get('/api/summary');

    // Assert
    expect(before.status).toBe(404);
    expect((before.body as ErrorBody).error.code).toBe('NOT_FOUND');
    expect((before.body as ErrorBody).error.message).toContain('npm start');
    expect(after.status).toBe(200);
    expect(after.body).toEqual(summary);
  });

  it('lists and serves the benchmark charts, titled from the SVG or the file name, and nothing else from that folder', async () => {
    // Arrange
    await writeFile(join(tempDir, 'cold-start.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><title>Cold starts</title></svg>');
    await writeFile(join(tempDir, 'cold-start.json'), '{"secret":true}');
    await writeFile(join(tempDir, 'latency.svg'), `<svg><g aria-label="Title text 'Latency: p50 &amp; p99'"><text>Latency</text></g></svg>`);
    await writeFile(join(tempDir, 'recall-vs-qps.svg'), '<svg></svg>');
    const app = createServer(deps);

    // Act
    const list = await request(app).get('/api/charts');
    const svg = await request(app).get('/results/cold-start.svg');
    const json = await request(app).get('/results/cold-start.json');

    // Assert
    expect(list.body).toEqual({
      charts: [
        { name: 'cold-start.svg', url: '/results/cold-start.svg', title: 'Cold starts' },
        { name: 'latency.svg', url: '/results/latency.svg', title: 'Latency: p50 & p99' },
        { name: 'recall-vs-qps.svg', url: '/results/recall-vs-qps.svg', title: 'Recall vs qps' },
      ],
    });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(json.status).toBe(404);
    expect((json.body as ErrorBody).error.code).toBe('NOT_FOUND');
  });

  it('lists no charts when the results folder does not exist', async () => {
    const response = await request(createServer({ ...deps, resultsDir: join(tempDir, 'missing') })).get('/api/charts');

    expect(response.body).toEqual({ charts: [] });
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const response = await request(createServer(deps)).get('/api/nope');

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /api/nope.', details: { method: 'GET', path: '/api/nope' } } });
  });
});
