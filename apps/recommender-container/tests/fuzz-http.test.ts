/**
 * Property-based fuzzing of the whole HTTP surface (issue 8): arbitrary JSON bodies, wrong
 * types, extreme numbers, deep nesting, huge strings and unicode, on every route and method,
 * with and without the admin token, against the real service on a real socket.
 *
 * Properties, for every generated request: the status is never 5xx, every 4xx carries the
 * shared error shape `{"error":{"code","message","details"}}`, and `/healthz` still answers
 * 200 afterwards (the process is up and serving).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProperty, fuzzSeed } from './support/fuzz.js';
import { ADMIN_TOKEN, catalogIds, startTestService, type TestService } from './support/in-process.js';

/** Generated requests per run of this suite. */
const CASES = 1500;

let t: TestService;
let server: Server;
let base: string;
beforeAll(async () => {
  t = await startTestService({ backgroundPolling: false, bodyLimitBytes: 64 * 1024 });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.stop();
});

// ── Values clients get wrong ────────────────────────────────────────────────────
const extremeNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e39, -1e39, 3.4e38, 3.5e38, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -0, 2 ** 31, 2 ** 32, 2 ** 53 + 1, 1e21, 0.5, -1),
);
/** Finite doubles only (JSON cannot carry NaN or Infinity), many far outside float32's range. */
const finiteExtreme = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1, max: 1, noNaN: true }),
  fc.constantFrom(1e39, -1e39, 3.4e38, 3.5e38, Number.MAX_VALUE, Number.MIN_VALUE, -0, 1e-45),
);
const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '🎬'.repeat(100), 'a'.repeat(301), '__proto__', 'constructor', '<script>', '%E0', '1e3', '0x10'),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(extremeNumber, nastyString, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));
const movieIdLike = fc.oneof(fc.constantFrom(...catalogIdsSample()), fc.integer({ min: 900_000, max: 900_050 }), anyValue);

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) becomes its raw, invalid UTF-8 bytes. */
function encodeSegment(segment: string): string {
  try {
    return encodeURIComponent(segment);
  } catch {
    return '%ED%A0%80';
  }
}

function catalogIdsSample(): number[] {
  return catalogIds().slice(0, 20);
}

/** A body that is nearly right for some route: right keys, any values. */
const nearlyValidBody = fc.oneof(
  fc.record(
    {
      recentActivity: fc.oneof(
        fc.array(fc.record({ movieId: movieIdLike, rating: fc.oneof(extremeNumber, anyValue), timestamp: fc.oneof(nastyString, extremeNumber) }, { requiredKeys: [] }), { maxLength: 60 }),
        anyValue,
      ),
      k: fc.oneof(extremeNumber, anyValue),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      movieId: movieIdLike,
      title: fc.oneof(nastyString, anyValue),
      year: fc.oneof(extremeNumber, anyValue),
      genres: fc.oneof(fc.array(nastyString, { maxLength: 25 }), anyValue),
      embedding: fc.oneof(fc.array(extremeNumber, { minLength: 0, maxLength: 12 }), fc.array(extremeNumber, { minLength: 8, maxLength: 9 }), anyValue),
      genre: anyValue,
    },
    { requiredKeys: [] },
  ),
);

/** A movie that passes every check but its embedding (or passes entirely): reaches the write path. */
const validMovieHostileEmbedding = fc.record(
  {
    movieId: fc.integer({ min: 900_000, max: 900_400 }),
    title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((title) => title.trim().length > 0),
    year: fc.oneof(fc.integer({ min: 1870, max: 2100 }), fc.constant(null)),
    genres: fc.uniqueArray(fc.constantFrom('Drama', 'Comedy', 'Action', 'Sci-Fi', 'Ünïcode', '映画'), { maxLength: 4 }),
    embedding: fc.oneof(fc.array(finiteExtreme, { minLength: 8, maxLength: 9 }), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 8, maxLength: 9 })),
  },
  { requiredKeys: ['movieId', 'title', 'genres'] },
);

/** Raw body text: JSON of any shape, deep nesting, huge strings, or not JSON at all. */
const rawBody = fc.oneof(
  { weight: 4, arbitrary: nearlyValidBody.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) },
  { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 80_000 }).map((size) => JSON.stringify({ recentActivity: [], title: 'x'.repeat(size) })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '1', '"x"', '{', '{"a":1,}', '[1,2', '\ufeff{}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}') },
);

const path = fc.oneof(
  fc.constantFrom('/recommendations', '/movies', '/healthz', '/readyz', '/metrics', '/model', '/', '/movies/', '/nope'),
  fc.oneof(movieIdLike.map((id) => String(id)), nastyString.map(encodeSegment), fc.constantFrom('%E0', '%', '%00', '..', '1e3', '0x10', '00001', '99999999999')).map((id) => `/movies/${id}`),
  fc.record({ query: nastyString, limit: fc.oneof(extremeNumber.map(String), nastyString) }, { requiredKeys: [] }).map((q) => `/movies?${new URLSearchParams(q as Record<string, string>).toString()}`),
);

/** Anything: any method, path, content type, token and body. */
const anyRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'),
  path,
  contentType: fc.constantFrom<string | undefined>('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/x-www-form-urlencoded', undefined),
  auth: fc.constantFrom<string | undefined>(`Bearer ${ADMIN_TOKEN}`, 'Bearer wrong-token-123', 'Basic abc', undefined),
  body: rawBody,
});
/** Well-formed envelopes (right route, JSON, valid token) around hostile bodies: these reach validation and the write path. */
const wellAddressed = fc.oneof(
  fc.record({ method: fc.constant('POST'), path: fc.constant('/movies'), body: fc.oneof(validMovieHostileEmbedding.map((b) => JSON.stringify(b)), rawBody) }),
  fc.record({ method: fc.constant('POST'), path: fc.constant('/recommendations'), body: rawBody }),
  fc.record({ method: fc.constant('DELETE'), path: fc.integer({ min: 900_000, max: 900_400 }).map((id) => `/movies/${id}`), body: fc.constant('') }),
).map((r) => ({ ...r, contentType: 'application/json', auth: `Bearer ${ADMIN_TOKEN}` }));
const request = fc.oneof(anyRequest, wellAddressed);

interface ErrorShape {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

describe('HTTP surface (fast-check)', () => {
  it(`never answers 5xx, always uses the shared error shape, and keeps /healthz at 200 (${CASES} requests)`, { timeout: 120_000 }, async () => {
    const started = performance.now();
    const statuses = new Map<number, number>();
    const ran = await checkProperty(
      'HTTP surface',
      fc.asyncProperty(request, async ({ method, path: target, contentType, auth, body }) => {
        const headers: Record<string, string> = {};
        if (contentType) headers['content-type'] = contentType;
        if (auth) headers.authorization = auth;
        const withBody = !['GET', 'HEAD'].includes(method);
        // A hung request fails the property (with its seed) instead of timing out the whole test.
        const res = await fetch(`${base}${target}`, { method, headers, signal: AbortSignal.timeout(5000), ...(withBody ? { body } : {}) });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${method} ${target} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400 && method !== 'HEAD') {
          const parsed = JSON.parse(text) as ErrorShape;
          expect(typeof parsed.error?.code, text.slice(0, 300)).toBe('string');
          expect(typeof parsed.error?.message, text.slice(0, 300)).toBe('string');
          expect(parsed.error && 'details' in parsed.error, text.slice(0, 300)).toBe(true);
        }
        expect((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
      }),
      CASES,
    );
    expect(ran).toBe(CASES);
    // The generators reach past validation: successful adds and recommendations happen too.
    expect(statuses.get(201) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(20);
    console.log(`HTTP fuzz: ${ran} cases in ${Math.round(performance.now() - started)} ms, seed ${fuzzSeed()}, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  });
});
