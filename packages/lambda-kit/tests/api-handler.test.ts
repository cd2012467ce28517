/** The router and the shared entry point: routes, 404 and 405, the error shape, one log line per request. */
import { describe, expect, it, vi } from 'vitest';
import { InvalidInputError } from '@serverless-ai/model-interface';
import { createApiHandler, createLogger, jsonResult, type ApiGatewayProxyEvent, type HttpRequest, type RouteHandler, type RouteTable } from '../src/index.js';
import { httpApiV2Event, lambdaContext, restApiV1Event } from '../src/testing.js';

const routes: RouteTable = new Map<string, Record<string, RouteHandler>>([
  ['/echo', { POST: (request: HttpRequest) => jsonResult(200, { method: request.method, body: request.body?.text ?? null }) }],
  ['/model', { GET: () => jsonResult(200, { id: 'm' }) }],
  ['/bad', { POST: () => { throw new InvalidInputError([{ path: ['k'], message: 'Too big' }]); } }],
  ['/broken', { POST: () => { throw new Error('secret stack detail'); } }],
]);

/** A handler over `routes` whose JSON log lines are collected instead of printed. */
function handlerWithLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('lambda-kit-test');
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(logger, level).mockImplementation((message: unknown, ...extra: unknown[]) => {
      lines.push({ level, message, ...(extra[0] as object) });
    });
  }
  return { handler: createApiHandler({ routes, logger }), lines };
}

const bodyOf = (result: { body: string }): unknown => JSON.parse(result.body);

describe('createApiHandler', () => {
  it('routes a 2.0 and a 1.0 event to the same route and logs one line per request', async () => {
    const { handler, lines } = handlerWithLogs();
    const v2 = await handler(httpApiV2Event({ method: 'POST', path: '/echo', body: 'hi', contentType: 'text/plain' }), lambdaContext());
    const v1 = await handler(restApiV1Event({ method: 'post', path: '/echo/', body: 'hi' }), lambdaContext());
    expect(bodyOf(v2)).toEqual({ method: 'POST', body: 'hi' });
    expect(bodyOf(v1)).toEqual({ method: 'POST', body: 'hi' });
    expect(lines.filter((line) => line.message === 'Request handled').map((line) => line.statusCode)).toEqual([200, 200]);
  });

  it('answers an unknown path with 404 and names the routes that exist', async () => {
    const { handler } = handlerWithLogs();
    const result = await handler(httpApiV2Event({ method: 'GET', path: '/nope' }), lambdaContext());
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.stringContaining('POST /echo or GET /model') as string, details: { path: '/nope' } } });
  });

  it('answers a known path with another method with 405 and an Allow header', async () => {
    const { handler } = handlerWithLogs();
    const result = await handler(httpApiV2Event({ method: 'GET', path: '/echo' }), lambdaContext());
    expect(result.statusCode).toBe(405);
    expect(result.headers.allow).toBe('POST');
    expect(bodyOf(result)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('does not treat a method name inherited from Object as a route', async () => {
    const { handler } = handlerWithLogs();
    const result = await handler(httpApiV2Event({ method: 'constructor', path: '/echo' }), lambdaContext());
    expect(result.statusCode).toBe(405);
  });

  it('answers a typed error with its 4xx in the shared shape and logs it as a warning', async () => {
    const { handler, lines } = handlerWithLogs();
    const result = await handler(httpApiV2Event({ method: 'POST', path: '/bad', body: {} }), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ error: { code: 'INVALID_INPUT', message: 'Invalid input at k: Too big.', details: { issues: [{ path: ['k'], message: 'Too big' }] } } });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Request rejected', errorCode: 'INVALID_INPUT' }));
  });

  it('answers an unexpected error with an opaque 500 and keeps the details in the log', async () => {
    const { handler, lines } = handlerWithLogs();
    const result = await handler(httpApiV2Event({ method: 'POST', path: '/broken', body: {} }), lambdaContext());
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(bodyOf(result)).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'Unhandled error' }));
  });

  it('answers an event that is not from API Gateway with a 500, as a deployment mistake', async () => {
    const { handler } = handlerWithLogs();
    const result = await handler({ source: 'aws.events' } as unknown as ApiGatewayProxyEvent, lambdaContext());
    expect(result.statusCode).toBe(500);
  });
});

describe('lambdaContext', () => {
  it('gives every call a fresh request id unless one is chosen', () => {
    const [a, b] = [lambdaContext(), lambdaContext()];
    expect(a.awsRequestId).not.toBe(b.awsRequestId);
    expect(lambdaContext({ awsRequestId: 'r-1', functionName: 'f' })).toMatchObject({ awsRequestId: 'r-1', functionName: 'f', logGroupName: '/aws/lambda/f' });
  });
});
