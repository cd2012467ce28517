/**
 * Test helpers: the committed events (deep-copied so tests cannot leak changes into
 * each other), a way to read what the logger printed, and lambda-kit's `lambdaContext`
 * (re-exported so every test imports its helpers from one place).
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { vi } from 'vitest';
import { httpApiV2Event } from '@serverless-ai/lambda-kit/testing';

export { lambdaContext } from '@serverless-ai/lambda-kit/testing';

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

/** A 2.0 event for `method path` via the `$default` route, with an optional JSON body (lambda-kit's builder). */
export function httpApiRequest(method: string, path: string, body?: unknown, contentType = 'application/json'): APIGatewayProxyEventV2 {
  return httpApiV2Event({ method, path, body, contentType });
}

/** The request body of an event, parsed. */
export function bodyOf(event: { body?: string | null }): unknown {
  return JSON.parse(event.body ?? 'null');
}

/**
 * Parsed JSON log lines written while `fn` runs, kept out of the test output.
 * The logger writes DEBUG and INFO to stdout, WARN and above to stderr.
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
