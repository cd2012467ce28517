/**
 * Property-based fuzzing of the Lambda handler (issue 8): thousands of generated API
 * Gateway events, of both payload formats, with every field absent, null or of the
 * wrong type, carrying arbitrary JSON bodies (wrong types, extreme numbers, deep
 * nesting, huge strings, any Unicode). The handler is called exactly as Lambda calls it.
 *
 * Properties:
 * - it always answers (never throws, never rejects);
 * - never a 5xx, except the documented "not an API Gateway event" 500, and that one only
 *   for events with no method and path to route on;
 * - every 4xx and 5xx body is the shared error shape `{"error":{"code","message","details"}}`;
 * - a 200 from POST /predict carries one finite, non-negative prediction per row.
 *
 * Reproduce a failure with the seed fast-check prints: `FUZZ_SEED=<seed> npx vitest run tests/fuzz`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { handler } from '../../src/handler.js';
import type { ApiGatewayProxyEvent, HttpResult } from '@serverless-ai/lambda-kit';
import { httpApiEvent as committedHttpApiEvent, lambdaContext } from '../helpers.js';
import { bodyText, contentType, fuzzSettings, hasMethodAndPath, isSharedErrorShape, lambdaEvent } from './arbitraries.js';

/** Powertools writes one log line per request; thousands of them would bury the test output. */
let silenced: MockInstance[] = [];
beforeAll(() => {
  silenced = [vi.spyOn(process.stdout, 'write').mockImplementation(() => true), vi.spyOn(process.stderr, 'write').mockImplementation(() => true)];
});
afterAll(() => {
  for (const spy of silenced) spy.mockRestore();
});

/** Checks one answer against the properties above; returns nothing, throws on a violation. */
function checkAnswer(event: unknown, result: HttpResult): void {
  expect(Number.isInteger(result.statusCode)).toBe(true);
  const body: unknown = JSON.parse(result.body);
  if (result.statusCode >= 500) {
    expect(hasMethodAndPath(event), `a 5xx (${result.body}) for an event that has a method and a path`).toBe(false);
    expect(body).toEqual({ error: { code: 'INTERNAL', message: 'An unexpected error occurred. It has been logged.', details: {} } });
  } else if (result.statusCode >= 400) {
    expect(isSharedErrorShape(body), `not the shared error shape: ${result.body.slice(0, 300)}`).toBe(true);
  } else {
    expect(result.statusCode).toBe(200);
    const predictions = (body as { predictions?: { customersTomorrow: unknown }[] }).predictions;
    for (const prediction of predictions ?? []) {
      expect(typeof prediction.customersTomorrow === 'number' && Number.isFinite(prediction.customersTomorrow) && prediction.customersTomorrow >= 0).toBe(true);
    }
  }
}

describe('the footfall handler under fuzzing', () => {
  it('answers any event of either payload format without a crash: no 5xx but the documented one, every error in the shared shape', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(lambdaEvent, async (event) => {
        const result = await handler(event as ApiGatewayProxyEvent, lambdaContext());
        checkAnswer(event, result);
        answered++;
      }),
      fuzzSettings,
    );
    expect(answered).toBeGreaterThanOrEqual(fuzzSettings.numRuns);
  });

  it('answers any body on a well-formed POST /predict with 200, 400, 413 or 415, never a 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(bodyText, contentType, fc.boolean(), async (text, type, asBase64) => {
        // Arrange: the committed AWS-shaped event, with the generated body and content type.
        const event: APIGatewayProxyEventV2 = committedHttpApiEvent();
        event.headers['content-type'] = type;
        event.body = asBase64 ? Buffer.from(text).toString('base64') : text;
        event.isBase64Encoded = asBase64;

        // Act
        const result = await handler(event, lambdaContext());

        // Assert
        checkAnswer(event, result);
        expect([200, 400, 413, 415]).toContain(result.statusCode);
        statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);
      }),
      fuzzSettings,
    );
    // The generators reach every outcome, so the 200 path is fuzzed too, not only the errors.
    expect([...statuses.keys()].sort()).toEqual([200, 400, 413, 415]);
  });
});
