/**
 * Malformed requests, table-driven: each gets a 4xx in the shared error shape
 * `{"error":{"code","message","details"}}`, none changes the catalog, and the service is
 * still healthy and still recommends afterwards.
 */
import type { AddressInfo, Server } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, catalogIds, startTestService, type TestService } from './support/in-process.js';

let t: TestService;
let server: Server;
let baseUrl: string;
const BODY_LIMIT = 16 * 1024;
beforeAll(async () => {
  t = await startTestService({ bodyLimitBytes: BODY_LIMIT });
  // A real socket rather than supertest: superagent re-encodes Buffer bodies sent as JSON,
  // and these cases need exact bytes on the wire (gzip, no content type, bad charset).
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.stop();
});

interface BadRequest {
  name: string;
  method: 'get' | 'post' | 'delete' | 'put' | 'patch';
  path: string;
  /** A JSON value to send, or a raw string sent as-is. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const known = () => catalogIds()[0]!;
const other = () => catalogIds()[1]!;
const ok = (extra: Record<string, unknown> = {}) => ({ recentActivity: [{ movieId: known(), rating: 4 }], k: 5, ...extra });
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
const json = { 'Content-Type': 'application/json' };
const newMovie = (extra: Record<string, unknown> = {}) => ({ movieId: 950_000, title: 'Fine Title', year: 2000, genres: ['Drama'], ...extra });

const cases: BadRequest[] = [
  // POST /recommendations: body format
  { name: 'truncated JSON', method: 'post', path: '/recommendations', raw: '{"recentActivity": [', headers: json, status: 400, code: 'MALFORMED_JSON' },
  { name: 'a bare JSON string (strict mode)', method: 'post', path: '/recommendations', raw: '"hello"', headers: json, status: 400, code: 'MALFORMED_JSON' },
  { name: 'text/plain body', method: 'post', path: '/recommendations', raw: JSON.stringify(ok()), headers: { 'Content-Type': 'text/plain' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'form-encoded body', method: 'post', path: '/recommendations', raw: 'k=5', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'no content type', method: 'post', path: '/recommendations', raw: Buffer.from(JSON.stringify(ok())), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'unsupported charset', method: 'post', path: '/recommendations', raw: JSON.stringify(ok()), headers: { 'Content-Type': 'application/json; charset=latin1' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'unsupported content encoding', method: 'post', path: '/recommendations', raw: JSON.stringify(ok()), headers: { ...json, 'Content-Encoding': 'compress' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'body over the size limit', method: 'post', path: '/recommendations', raw: JSON.stringify({ ...ok(), pad: 'x'.repeat(BODY_LIMIT) }), headers: json, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'gzip bomb over the limit once inflated', method: 'post', path: '/recommendations', raw: gzipSync(JSON.stringify({ ...ok(), pad: ' '.repeat(BODY_LIMIT * 8) })), headers: { ...json, 'Content-Encoding': 'gzip' }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'empty JSON body', method: 'post', path: '/recommendations', raw: '', headers: json, status: 400, code: 'INVALID_INPUT' },
  // POST /recommendations: fields
  { name: 'empty object', method: 'post', path: '/recommendations', body: {}, status: 400, code: 'INVALID_INPUT' },
  { name: 'top-level array', method: 'post', path: '/recommendations', body: [ok()], status: 400, code: 'INVALID_INPUT' },
  { name: 'recentActivity not an array', method: 'post', path: '/recommendations', body: { recentActivity: 'lots', k: 5 }, status: 400, code: 'INVALID_INPUT' },
  { name: 'recentActivity empty', method: 'post', path: '/recommendations', body: { recentActivity: [], k: 5 }, status: 400, code: 'INVALID_INPUT' },
  { name: 'movieId as a string', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: String(known()), rating: 4 }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'movieId negative', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: -3, rating: 4 }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'movieId fractional', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: 2.5, rating: 4 }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'movieId missing', method: 'post', path: '/recommendations', body: { recentActivity: [{ rating: 4 }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'rating "NaN" as a string', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: known(), rating: 'NaN' }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'rating null (what JSON.stringify makes of NaN)', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: known(), rating: Number.NaN }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'rating above 5', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: known(), rating: 7 }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'rating not a half star', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: known(), rating: 3.3 }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'timestamp not a date', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: known(), rating: 4, timestamp: 'yesterday' }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'k zero', method: 'post', path: '/recommendations', body: ok({ k: 0 }), status: 400, code: 'INVALID_INPUT' },
  { name: 'k huge', method: 'post', path: '/recommendations', body: ok({ k: 1e9 }), status: 400, code: 'INVALID_INPUT' },
  { name: 'k "NaN" as a string', method: 'post', path: '/recommendations', body: ok({ k: 'NaN' }), status: 400, code: 'INVALID_INPUT' },
  { name: 'k as a numeric string', method: 'post', path: '/recommendations', body: ok({ k: '10' }), status: 400, code: 'INVALID_INPUT' },
  { name: 'unknown movie id in activity', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: 987_654_321, rating: 4 }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'duplicate movie ids in activity', method: 'post', path: '/recommendations', body: { recentActivity: [{ movieId: known(), rating: 4 }, { movieId: other(), rating: 2 }, { movieId: known(), rating: 5 }] }, status: 400, code: 'INVALID_INPUT' },
  { name: 'more than 500 activity items', method: 'post', path: '/recommendations', body: { recentActivity: Array.from({ length: 501 }, (_, i) => ({ movieId: i + 1, rating: 3 })) }, status: 400, code: 'INVALID_INPUT' },
  // GET /movies
  { name: 'movie id not a number', method: 'get', path: '/movies/abc', status: 400, code: 'INVALID_INPUT' },
  { name: 'movie id zero', method: 'get', path: '/movies/0', status: 400, code: 'INVALID_INPUT' },
  { name: 'movie id in exponent notation', method: 'get', path: '/movies/1e3', status: 400, code: 'INVALID_INPUT' },
  { name: 'movie id beyond 32 bits', method: 'get', path: '/movies/99999999999', status: 400, code: 'INVALID_INPUT' },
  { name: 'undecodable path', method: 'get', path: '/movies/%E0%A4%A', status: 400, code: 'INVALID_INPUT' },
  { name: 'unknown movie id', method: 'get', path: '/movies/987654321', status: 404, code: 'NOT_FOUND' },
  { name: 'search without a query', method: 'get', path: '/movies', status: 400, code: 'INVALID_INPUT' },
  { name: 'search with limit 0', method: 'get', path: '/movies?query=the&limit=0', status: 400, code: 'INVALID_INPUT' },
  { name: 'search with a non-numeric limit', method: 'get', path: '/movies?query=the&limit=ten', status: 400, code: 'INVALID_INPUT' },
  { name: 'search with the query twice', method: 'get', path: '/movies?query=a&query=b', status: 400, code: 'INVALID_INPUT' },
  // Admin writes: authentication
  { name: 'add without a token', method: 'post', path: '/movies', body: newMovie(), status: 401, code: 'UNAUTHORIZED' },
  { name: 'add with a wrong token', method: 'post', path: '/movies', body: newMovie(), headers: { Authorization: `Bearer ${ADMIN_TOKEN}x` }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'add with a Basic credential', method: 'post', path: '/movies', body: newMovie(), headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'delete without a token', method: 'delete', path: `/movies/${catalogIds()[3]}`, status: 401, code: 'UNAUTHORIZED' },
  // Admin writes: content
  { name: 'add without a title', method: 'post', path: '/movies', body: { movieId: 950_001, genres: [] }, headers: admin, status: 400, code: 'INVALID_INPUT' },
  { name: 'add with genres as a string', method: 'post', path: '/movies', body: newMovie({ genres: 'Drama' }), headers: admin, status: 400, code: 'INVALID_INPUT' },
  { name: 'add with repeated genres', method: 'post', path: '/movies', body: newMovie({ genres: ['Drama', 'Drama'] }), headers: admin, status: 400, code: 'INVALID_INPUT' },
  { name: 'add with an unknown field', method: 'post', path: '/movies', body: newMovie({ genre: 'Drama' }), headers: admin, status: 400, code: 'INVALID_INPUT' },
  { name: 'add with a year in the future', method: 'post', path: '/movies', body: newMovie({ year: 3000 }), headers: admin, status: 400, code: 'INVALID_INPUT' },
  { name: 'add with an embedding of the wrong length', method: 'post', path: '/movies', body: newMovie({ embedding: [1, 2, 3] }), headers: admin, status: 400, code: 'INVALID_INPUT' },
  { name: 'add with "NaN" inside the embedding', method: 'post', path: '/movies', body: newMovie({ embedding: Array.from({ length: 9 }, (_, i) => (i === 4 ? 'NaN' : 0.1)) }), headers: admin, status: 400, code: 'INVALID_INPUT' },
  { name: 'add with an id that exists', method: 'post', path: '/movies', body: newMovie({ movieId: known() }), headers: admin, status: 409, code: 'CONFLICT' },
  { name: 'delete of an unknown id', method: 'delete', path: '/movies/987654321', headers: admin, status: 404, code: 'NOT_FOUND' },
  // Routing
  { name: 'PUT on a movie', method: 'put', path: `/movies/${catalogIds()[3]}`, body: newMovie(), status: 405, code: 'METHOD_NOT_ALLOWED' },
  { name: 'PATCH on recommendations', method: 'patch', path: '/recommendations', body: ok(), status: 405, code: 'METHOD_NOT_ALLOWED' },
  { name: 'GET on recommendations', method: 'get', path: '/recommendations', status: 405, code: 'METHOD_NOT_ALLOWED' },
  { name: 'unknown path', method: 'get', path: '/admin/secrets', status: 404, code: 'NOT_FOUND' },
];

describe('malformed requests', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('answers $name with $status $code in the shared shape', async (c) => {
    // Arrange
    const sizeBefore = t.service.live().indexSize;
    const headers: Record<string, string> = { ...(c.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...c.headers };
    const body = c.raw ?? (c.body !== undefined ? JSON.stringify(c.body) : undefined);
    // Act
    const response = await fetch(`${baseUrl}${c.path}`, { method: c.method.toUpperCase(), headers, body });
    const res = { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text(), body: undefined as unknown };
    res.body = JSON.parse(res.text);
    // Assert
    expect(res.status, JSON.stringify(res.body)).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.body as object)).toEqual(['error']);
    const { error } = res.body as { error: { code: unknown; message: unknown; details: unknown } };
    expect(error.code).toBe(c.code);
    expect(typeof error.message).toBe('string');
    expect((error.message as string).length).toBeGreaterThan(0);
    expect(error.details).toBeTypeOf('object');
    expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
    expect(t.service.live().indexSize).toBe(sizeBefore);
    if (c.status === 405) expect(res.headers.allow).toBeTruthy();
  });

  it('names the offending field in validation errors', async () => {
    const res = await request(t.app).post('/recommendations').send({ recentActivity: [{ movieId: known(), rating: 9 }] });
    expect(res.body).toMatchObject({ error: { code: 'INVALID_INPUT', details: { issues: [{ path: ['recentActivity', 0, 'rating'] }] } } });
  });

  it('is still healthy and still recommends after all of them', async () => {
    // Arrange: every bad request above has run.
    // Act
    const health = await request(t.app).get('/healthz');
    const recs = await request(t.app).post('/recommendations').send(ok());
    // Assert
    expect(health.status).toBe(200);
    expect(recs.status).toBe(200);
    expect((recs.body as { recommendations: unknown[] }).recommendations).toHaveLength(5);
    expect((await request(t.app).get('/readyz')).status).toBe(200);
  });
});
