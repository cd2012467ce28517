/**
 * Property-based fuzzing of the local server (issue 8) over real HTTP on loopback: a
 * thousand generated requests, each with an arbitrary method, path, query, headers,
 * content type and body (arbitrary JSON, extreme numbers, deep nesting, huge strings,
 * any Unicode, or bytes that are not text), sent with node:http to `createLocalServer`
 * listening on a free port.
 *
 * Properties:
 * - every request gets an answer, and never a 5xx (a well-formed HTTP request is always
 *   an API Gateway event here, so even the documented 500 cannot happen);
 * - every 4xx body is the shared error shape `{"error":{"code","message","details"}}`;
 * - the server stays up: after the run it is still listening and GET /model answers 200.
 *
 * Reproduce a failure with the seed fast-check prints: `FUZZ_SEED=<seed> npx vitest run tests/fuzz`.
 */
import { once } from 'node:events';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { handler } from '../../src/handler.js';
import { createLocalServer } from '../../src/local-server.js';
import { anyText, bodyText, contentType, fuzzSettings, isSharedErrorShape } from './arbitraries.js';

let server: Server;
let port: number;
/** One keep-alive connection pool, so a thousand requests do not open a thousand sockets. */
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
let silenced: MockInstance[] = [];

beforeAll(async () => {
  silenced = [vi.spyOn(process.stdout, 'write').mockImplementation(() => true), vi.spyOn(process.stderr, 'write').mockImplementation(() => true)];
  server = createLocalServer({ handler });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const spy of silenced) spy.mockRestore();
});

interface Answer {
  status: number;
  body: string;
}

/** Sends one request with node:http (which, unlike fetch, allows any method token and raw path). */
function send(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** HTTP method tokens (RFC 9110 tchar), common and made-up; HEAD is left out, its answers carry no body to check. */
const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][A-Z0-9!#$%&'*+.^_`|~-]{0,11}$/).filter((m) => m !== 'HEAD' && m !== 'CONNECT') },
);

/** Request targets: the real routes, odd ones, any Unicode (percent-encoded) and raw characters a URL parser may choke on. */
const target = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('/predict', '/model', '/predict/', '/predict?x=1&x=2', '/nope', '/') },
  { weight: 1, arbitrary: fc.webPath() },
  { weight: 1, arbitrary: anyText.map((text) => `/${encodeURIComponent(text)}`) },
  { weight: 1, arbitrary: fc.constantFrom('//[', '//example.com/predict', '/%', '/%zz', '/predict#frag', '//', '/..%2f..%2fetc', 'http://[::1/predict', '*') },
);

/** Bodies as bytes: JSON texts from the shared generators, or bytes that are not UTF-8. */
const body = fc.oneof(
  { weight: 6, arbitrary: bodyText.map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const extraHeaders = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((name) => !['content-length', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade'].includes(name)),
  fc.stringMatching(/^[\x20-\x7e]{0,40}$/).map((value) => value.trim()),
  { maxKeys: 3 },
);

describe('the local server under fuzzing', () => {
  it('answers any request on a real port without a 5xx, every error in the shared shape, and stays up', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(method, target, fc.option(contentType, { nil: undefined }), extraHeaders, body, async (verb, path, type, headers, payload) => {
        // Arrange: a header value must be printable ASCII on the wire; generated Unicode types are sent percent-encoded.
        const allHeaders = { ...headers, ...(type === undefined ? {} : { 'content-type': encodeURI(type) }) };

        // Act
        const answer = await send(verb, path, allHeaders, payload);

        // Assert
        expect(answer.status, `${verb} ${path}: ${answer.body.slice(0, 200)}`).toBeLessThan(500);
        if (answer.status >= 400) expect(isSharedErrorShape(JSON.parse(answer.body)), answer.body.slice(0, 300)).toBe(true);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }),
      fuzzSettings,
    );

    // The server is still up and still right.
    expect(server.listening).toBe(true);
    const model = await send('GET', '/model', {}, undefined);
    expect(model.status).toBe(200);
    expect(JSON.parse(model.body)).toMatchObject({ name: expect.any(String) as string });
    // Every kind of outcome was reached: successes, and each family of client error.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 400, 404, 405, 415]));
  });
});
