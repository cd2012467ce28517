/**
 * Test helpers: the committed events (deep-copied so tests cannot leak changes into
 * each other), a Lambda context, and a way to read what the logger printed.
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { vi } from 'vitest';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as T;

/** The HTTP API (payload 2.0) `POST /predict` event from tests/fixtures, fresh each call. */
export function httpApiEvent(): APIGatewayProxyEventV2 {
  return fixture<APIGatewayProxyEventV2>('http-api-v2-post-predict.json');
}

/**
 * The HTTP API (payload 2.0) `POST /predict` event of a request sent without a body
 * (`curl -X POST`): `"body": null` and no content-type, as AWS's sample events show it.
 */
export function httpApiEventWithNullBody(): APIGatewayProxyEventV2 {
  return fixture<APIGatewayProxyEventV2>('http-api-v2-post-predict-null-body.json');
}

/** The REST API (payload 1.0) `POST /predict` event from tests/fixtures, fresh each call. */
export function restApiEvent(): APIGatewayProxyEvent {
  return fixture<APIGatewayProxyEvent>('rest-api-v1-post-predict.json');
}

/** A 2.0 event for `method path` via the `$default` route, with an optional JSON body. */
export function httpApiRequest(method: string, path: string, body?: unknown, contentType = 'application/json'): APIGatewayProxyEventV2 {
  const event = httpApiEvent();
  event.routeKey = '$default';
  event.requestContext.routeKey = '$default';
  event.rawPath = path;
  event.requestContext.http.method = method;
  event.requestContext.http.path = path;
  event.headers = { ...event.headers, 'content-type': contentType };
  if (body === undefined) {
    delete event.body;
    delete event.headers['content-length'];
  } else {
    event.body = typeof body === 'string' ? body : JSON.stringify(body);
    event.headers['content-length'] = String(Buffer.byteLength(event.body));
  }
  return event;
}

/** The request body of an event, parsed. */
export function bodyOf(event: { body?: string | null }): unknown {
  return JSON.parse(event.body ?? 'null');
}

let invocation = 0;

/** A Lambda context like the one the runtime passes, with a fresh request id. */
export function lambdaContext(awsRequestId = `test-request-${++invocation}`): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'footfall-test',
    functionVersion: '1',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:footfall-test:live',
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: '/aws/lambda/footfall-test',
    logStreamName: '2025/03/10/[1]abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Parsed JSON log lines written while `fn` runs, kept out of the test output.
 * Powertools writes INFO and WARN to stdout, ERROR and CRITICAL to stderr.
 */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T; logs: Record<string, unknown>[] }> {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(record), vi.spyOn(process.stderr, 'write').mockImplementation(record)];
  try {
    const result = await fn();
    return { result, logs: parseLogLines(chunks.join('')) };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** JSON log lines in `text`; other lines are ignored. */
export function parseLogLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
