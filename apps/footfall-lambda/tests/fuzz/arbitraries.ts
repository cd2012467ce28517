/**
 * Generators (fast-check "arbitraries") for the fuzz tests: request bodies and API
 * Gateway events that nobody on the project would write by hand.
 *
 * Each generator mixes the shapes a real client sends with hostile ones: every field of
 * an event can be absent, `null` or of the wrong type; bodies are arbitrary JSON, JSON
 * whose numbers are extreme, nesting thousands of levels deep, strings of megabytes,
 * any Unicode, and texts that are not JSON at all. Valid requests stay in the mix so
 * the 200 path is fuzzed too.
 *
 * Runs are seeded: `FUZZ_SEED` (default below) and `FUZZ_RUNS` make a failure
 * reproducible, and fast-check prints the seed and the shrunk counterexample when a
 * property fails.
 */
import fc from 'fast-check';
import { FEATURE_NAMES, loadSampleDays } from '@serverless-ai/footfall-model';

/** The seed every fuzz suite starts from; set FUZZ_SEED to replay or vary a run. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
/** Generated cases per property; at least 1,000 (issue 8). */
export const FUZZ_RUNS = Math.max(1000, Number(process.env.FUZZ_RUNS ?? 1000));

/** The settings every `fc.assert` in the fuzz suites uses. */
export const fuzzSettings = { seed: FUZZ_SEED, numRuns: FUZZ_RUNS } as const;

const samples = loadSampleDays();

/** Numbers a client can write in JSON, extremes included. */
export const extremeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 64, 1e308, -1e308),
  fc.integer(),
);

/** Text with any Unicode in it, including lone surrogates and control characters. */
export const anyText: fc.Arbitrary<string> = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }));

/** A value of a JSON type other than the one a field expects; what a buggy client sends. */
export const wrongTypedValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  extremeNumber,
  anyText,
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A feature row that is right, slightly wrong, or nothing like a row. */
const row: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...samples.map((day) => day.features)),
  fc.constantFrom(...samples.map((day) => FEATURE_NAMES.map((name) => day.features[name]))),
  fc.array(extremeNumber, { minLength: 100, maxLength: 100 }),
  fc.array(fc.oneof(extremeNumber, wrongTypedValue), { minLength: 95, maxLength: 105 }),
  fc.record(Object.fromEntries(FEATURE_NAMES.map((name) => [name, extremeNumber])) as Record<string, fc.Arbitrary<number>>),
  fc.dictionary(fc.oneof(fc.constantFrom(...FEATURE_NAMES), anyText), fc.oneof(extremeNumber, wrongTypedValue), { maxKeys: 120 }),
  wrongTypedValue,
);

/** A value nested `depth` levels deep, as JSON text (arrays and objects alternate). */
function deeplyNested(depth: number, open: '[' | '{"a":'): string {
  return `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`;
}

/** Request bodies as parsed JSON values: valid requests, near misses and arbitrary JSON. */
export const jsonBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ features: row }) },
  { weight: 2, arbitrary: fc.record({ instances: fc.oneof(fc.array(row, { maxLength: 8 }), wrongTypedValue) }) },
  { weight: 1, arbitrary: fc.record({ features: row, instances: fc.array(row, { maxLength: 3 }) }, { requiredKeys: [] }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(anyText, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }) },
);

/** Request bodies as text: JSON of the values above, and text that only looks like JSON. */
export const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: jsonBody.map((value) => JSON.stringify(value) ?? 'null') },
  // Numbers JSON can write but a double cannot hold: JSON.parse turns 1e400 into Infinity.
  { weight: 1, arbitrary: fc.constantFrom('{"features":[1e400]}', `{"features":[${Array(100).fill('-1e999').join(',')}]}`, '{"instances":[[1e-400]]}') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).chain((depth) => fc.constantFrom(deeplyNested(depth, '['), deeplyNested(depth, '{"a":'), `{"features":${deeplyNested(depth, '[')}}`)) },
  // Huge strings, around and beyond the 4 MiB body limit (413 above it).
  { weight: 1, arbitrary: fc.constantFrom(1_000, 1_000_000, 4 * 1024 * 1024 - 20, 4 * 1024 * 1024 + 1).map((n) => JSON.stringify({ features: 'x'.repeat(n) })) },
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '{', '{"features":', 'null', '[]', '"features"', '\uFEFF{}', '{"features":[1,2,]}') },
);

/** Content types: JSON ones (valid or not), others, and header values of the wrong type. */
export const contentType: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON;charset="UTF-8"') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'application/jsonp', ';', '') },
  { weight: 1, arbitrary: anyText },
);

/** A field that is usually `valid` but can be absent (see `requiredKeys: []`), null or of another type. */
export function sometimes<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: wrongTypedValue });
}

const method = fc.oneof(fc.constantFrom('POST', 'GET', 'post', 'DELETE', 'PUT', 'OPTIONS', 'HEAD', ''), anyText);
const path = fc.oneof(fc.constantFrom('/predict', '/model', '/predict/', '/prod/predict', '/', '', '/{proxy+}'), fc.webPath(), anyText);
const headers = fc.oneof(
  fc.record({ 'content-type': sometimes(contentType) }, { requiredKeys: [] }).chain((base) =>
    fc.dictionary(fc.oneof(fc.constantFrom('content-type', 'Content-Type', '__proto__', 'constructor', 'content-length'), anyText), wrongTypedValue, { maxKeys: 4 }).map((extra) => ({ ...extra, ...base })),
  ),
  wrongTypedValue,
);
const body = fc.oneof(bodyText, bodyText.map((text) => Buffer.from(text).toString('base64')), fc.constant(null), wrongTypedValue);

/** HTTP API (payload 2.0) events, every field possibly absent, null or of the wrong type. */
export const httpApiEvent: fc.Arbitrary<unknown> = fc.record(
  {
    version: fc.oneof({ weight: 6, arbitrary: fc.constant('2.0') }, { weight: 1, arbitrary: wrongTypedValue }),
    routeKey: sometimes(fc.constantFrom('$default', 'POST /predict', 'GET /model', 'ANY /{proxy+}')),
    rawPath: sometimes(path),
    rawQueryString: sometimes(anyText),
    headers,
    requestContext: sometimes(
      fc.record(
        {
          http: sometimes(fc.record({ method: sometimes(method), path: sometimes(path), sourceIp: sometimes(anyText) }, { requiredKeys: [] })),
          requestId: sometimes(anyText),
          stage: sometimes(fc.constantFrom('$default', 'prod', 'pre')),
          routeKey: sometimes(anyText),
        },
        { requiredKeys: [] },
      ),
    ),
    body,
    isBase64Encoded: sometimes(fc.boolean()),
  },
  { requiredKeys: [] },
);

/** REST API (payload 1.0) events, every field possibly absent, null or of the wrong type. */
export const restApiEvent: fc.Arbitrary<unknown> = fc.record(
  {
    resource: sometimes(fc.constantFrom('/predict', '/model', '/{proxy+}')),
    path: sometimes(path),
    httpMethod: sometimes(method),
    headers,
    multiValueHeaders: sometimes(fc.dictionary(fc.constantFrom('Content-Type', 'content-type', 'Accept'), sometimes(fc.array(sometimes(contentType), { maxLength: 3 })), { maxKeys: 3 })),
    requestContext: sometimes(fc.record({ requestId: sometimes(anyText), stage: sometimes(anyText) }, { requiredKeys: [] })),
    body,
    isBase64Encoded: sometimes(fc.boolean()),
  },
  { requiredKeys: [] },
);

/** Anything a Lambda could be invoked with: both payload formats, and values that are no event at all. */
export const lambdaEvent: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: httpApiEvent },
  { weight: 3, arbitrary: restApiEvent },
  { weight: 1, arbitrary: fc.oneof(fc.anything(), fc.jsonValue({ maxDepth: 4 })) },
);

/**
 * The documented rule for the one 5xx an event may cause: it is not an API Gateway
 * event, because it has no method and path to route on (2.0: `version` "2.0",
 * `requestContext.http.method` and `rawPath` strings; 1.0: `httpMethod` and `path`
 * strings). Written from the README, not from the handler's code.
 */
export function hasMethodAndPath(event: unknown): boolean {
  const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isRecord(event)) return false;
  if (event.version === '2.0') {
    const context = event.requestContext;
    return isRecord(context) && isRecord(context.http) && typeof context.http.method === 'string' && typeof event.rawPath === 'string';
  }
  return typeof event.httpMethod === 'string' && typeof event.path === 'string';
}

/** Whether `body` is the shared error shape `{"error":{"code","message","details"}}` and nothing else. */
export function isSharedErrorShape(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'error') return false;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, details } = error as Record<string, unknown>;
  return Object.keys(error).sort().join() === 'code,details,message' && typeof code === 'string' && /^[A-Z_]+$/.test(code) && typeof message === 'string' && message.length > 0 && details !== undefined;
}
