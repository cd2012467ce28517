/**
 * The local server over real HTTP on loopback: the same handler that deploys, reached
 * through node:http and a payload 2.0 event. The first test is the done
 * criterion: a prediction served locally equals the package's `predict`.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFootfallModel, loadSampleDays } from '@serverless-ai/footfall-model';
import { parseModelInput } from '@serverless-ai/model-interface';
import { handler } from '../src/handler.js';
import { createLocalServer } from '../src/local-server.js';
import { LOCAL_SERVER_BUNDLE } from '../scripts/paths.js';
import { parseLogLines } from './helpers.js';

const model = loadFootfallModel();
const samples = loadSampleDays();

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Writes `text` on a raw TCP connection and reads the whole answer: for requests fetch would refuse to send. */
async function rawRequest(baseUrl: string, text: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.end(text);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const response = Buffer.concat(chunks).toString('utf8');
  const [head = '', ...rest] = response.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') };
}

describe('local server', () => {
  let server: Server;
  let baseUrl: string;
  let originalWrite: typeof process.stdout.write;

  beforeAll(async () => {
    // Keep the handler's request logs out of the test output.
    originalWrite = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    server = createLocalServer({ handler });
    baseUrl = await listen(server);
  });

  afterAll(async () => {
    await close(server);
    process.stdout.write = originalWrite;
  });

  it("serves a prediction equal to the footfall-model package's predict for the same input", async () => {
    // Arrange
    const body = { features: samples[0]!.features };
    const expected = model.predict(parseModelInput(model, body)).predictions;

    // Act
    const response = await fetch(`${baseUrl}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ modelVersion: model.version, predictions: expected });
  });

  it('serves a batch prediction equal to the package for every row', async () => {
    const body = { instances: samples.map((sample) => sample.features) };
    const response = await fetch(`${baseUrl}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { predictions: unknown }).predictions).toEqual(model.predict(parseModelInput(model, body)).predictions);
  });

  it('serves the model card on GET /model', async () => {
    const response = await fetch(`${baseUrl}/model`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(model.card)));
  });

  it('answers 405 with an Allow header and 404 in the shared error shape', async () => {
    const wrongMethod = await fetch(`${baseUrl}/predict`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unknown = await fetch(`${baseUrl}/nope?x=1`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND', details: { path: '/nope' } } });
  });

  it('passes a binary body base64-encoded, as API Gateway does, so the handler refuses it with 415', async () => {
    const response = await fetch(`${baseUrl}/predict`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]) });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', details: { received: 'application/octet-stream' } } });
  });

  it('answers a request target that is not a URL path (//[) with 400 in the shared shape, not 500', async () => {
    // Act: fetch would normalise the path, so the request line is written by hand.
    const answer = await rawRequest(baseUrl, 'GET //[ HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n');

    // Assert
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'MALFORMED_HTTP_REQUEST', message: 'The request target is not a valid URL path.', details: { target: '//[' } },
    });
  });

  it('answers bytes that are not HTTP with 400 in the shared shape, instead of Node\'s bare 400', async () => {
    const answer = await rawRequest(baseUrl, 'HELLO THERE\r\n\r\n');

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'MALFORMED_HTTP_REQUEST', message: expect.stringMatching(/not well-formed HTTP/) as string, details: { reason: expect.any(String) as string } } });
  });

  it('refuses a body over the transport limit itself, as Lambda refuses payloads over 6 MB', async () => {
    // Arrange: a server whose transport limit (1 KiB) is far below the handler's 4 MiB.
    const small = createLocalServer({ handler, transportLimitBytes: 1024 });
    const url = await listen(small);

    // Act
    const response = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ padding: 'x'.repeat(2048) }) });

    // Assert
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 1024 } } });
    await close(small);
  });

  it('translates a request into a payload 2.0 event the way API Gateway does', async () => {
    // Arrange: a handler that answers with the event it received.
    const echo = createLocalServer({
      handler: (event: APIGatewayProxyEventV2) => Promise.resolve({ statusCode: 200, body: JSON.stringify(event) }),
    });
    const url = await listen(echo);

    // Act
    const response = await fetch(`${url}/predict/?a=1&a=2&b=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'Value', cookie: 'c1=v1; c2=v2' },
      body: '{"features":[]}',
    });
    const event = (await response.json()) as APIGatewayProxyEventV2;
    await close(echo);

    // Assert
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/predict/',
      rawQueryString: 'a=1&a=2&b=x',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { a: '1,2', b: 'x' },
      body: '{"features":[]}',
      isBase64Encoded: false,
      requestContext: { stage: '$default', routeKey: '$default', http: { method: 'POST', path: '/predict/', protocol: 'HTTP/1.1' } },
    });
    expect(event.headers['x-custom']).toBe('Value');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });
});

describe('npm start (the built local server)', () => {
  it('listens on FOOTFALL_PORT, serves the same prediction and stops cleanly on SIGINT', async () => {
    // Arrange
    expect(existsSync(LOCAL_SERVER_BUNDLE), 'run `npm run build` first: dist/local-server.mjs is missing').toBe(true);
    const child = spawn(process.execPath, [LOCAL_SERVER_BUNDLE], { env: { ...process.env, FOOTFALL_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const line = parseLogLines(output).find((entry) => entry.message === 'Footfall API listening');
        if (line) resolve(line.url as string);
      });
      child.once('exit', (code) => reject(new Error(`the server exited early with code ${code}: ${output}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    try {
      const url = await listening;
      const body = { features: samples[1]!.features };

      // Act
      const response = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await response.json();
      child.kill('SIGINT');
      const code = await exited;

      // Assert
      expect(response.status).toBe(200);
      expect(json).toEqual({ modelVersion: model.version, predictions: model.predict(parseModelInput(model, body)).predictions });
      expect(code).toBe(0);
      expect(parseLogLines(output).map((entry) => entry.message)).toEqual(['Model loaded', 'Footfall API listening', 'Request handled', 'Shutting down']);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
