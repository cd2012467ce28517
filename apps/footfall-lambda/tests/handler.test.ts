/**
 * The handler, invoked the way Lambda invokes it: with real-shaped API Gateway events
 * (tests/fixtures) and a Lambda context. Expected predictions come from the
 * footfall-model package itself, never from numbers typed into the test.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, loadFootfallModel, loadSampleDays } from '@serverless-ai/footfall-model';
import { parseModelInput } from '@serverless-ai/model-interface';
import { MAX_BODY_BYTES } from '../src/config.js';
import { handler } from '../src/handler.js';
import type { ApiGatewayProxyEvent } from '@serverless-ai/lambda-kit';
import { bodyOf, captureLogs, httpApiEvent, httpApiEventWithNullBody, httpApiRequest, lambdaContext, restApiEvent } from './helpers.js';

const model = loadFootfallModel();
const samples = loadSampleDays();

/** What the footfall-model package predicts for a request body. */
function expectedPredictions(body: unknown): { customersTomorrow: number }[] {
  return model.predict(parseModelInput(model, body)).predictions;
}

async function invoke(event: ApiGatewayProxyEvent) {
  const { result } = await captureLogs(() => handler(event, lambdaContext()));
  return { ...result, json: JSON.parse(result.body) as Record<string, unknown> };
}

function errorOf(json: Record<string, unknown>) {
  return (json as { error: { code: string; message: string; details: Record<string, unknown> } }).error;
}

describe('POST /predict', () => {
  it('answers an HTTP API 2.0 event with the prediction the model package makes for the same row', async () => {
    // Arrange
    const event = httpApiEvent();

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json).toEqual({ modelVersion: model.version, predictions: expectedPredictions(bodyOf(event)) });
  });

  it('answers a REST API 1.0 event on a named stage, with the row as 100 numbers, the same way', async () => {
    // Arrange
    const event = restApiEvent();

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ modelVersion: model.version, predictions: expectedPredictions(bodyOf(event)) });
  });

  it('predicts a batch of rows in order, accepting both row forms in one batch', async () => {
    // Arrange
    const rows = [samples[0]!.features, FEATURE_NAMES.map((name) => samples[1]!.features[name]), samples[2]!.features];
    const event = httpApiRequest('POST', '/predict', { instances: rows });

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(200);
    const predictions = response.json.predictions as { customersTomorrow: number }[];
    expect(predictions).toHaveLength(3);
    expect(predictions).toEqual(rows.map((row) => ({ customersTomorrow: model.predictOne(row) })));
  });

  it('accepts a 1,000-row batch of keyed rows with full-precision numbers, which is larger than 2 MB', async () => {
    // Arrange: nudge every value so it prints with ~17 significant digits, the worst case.
    const rows = Array.from({ length: 1000 }, (_, r) => {
      const features = samples[r % samples.length]!.features;
      return Object.fromEntries(FEATURE_NAMES.map((name) => [name, features[name] + (r + 1) * 1e-9 + 1 / 3]));
    });
    const event = httpApiRequest('POST', '/predict', { instances: rows });
    expect(Buffer.byteLength(event.body!)).toBeGreaterThan(2 * 1024 * 1024);
    expect(Buffer.byteLength(event.body!)).toBeLessThanOrEqual(MAX_BODY_BYTES);

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.json.predictions).toEqual(expectedPredictions({ instances: rows }));
  });

  it('decodes a base64-encoded body before parsing it', async () => {
    // Arrange
    const event = httpApiEvent();
    const plain = event.body!;
    event.body = Buffer.from(plain).toString('base64');
    event.isBase64Encoded = true;

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.json.predictions).toEqual(expectedPredictions(JSON.parse(plain)));
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])('accepts the content type %s', async (contentType) => {
    const event = httpApiRequest('POST', '/predict', { features: samples[0]!.features }, contentType);
    expect((await invoke(event)).statusCode).toBe(200);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['JSON in another charset', 'application/json; charset=iso-8859-1'],
  ])('refuses %s with 415 UNSUPPORTED_MEDIA_TYPE', async (_label, contentType) => {
    // Arrange
    const event = httpApiRequest('POST', '/predict', { features: samples[0]!.features }, contentType);

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(415);
    expect(errorOf(response.json)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { expected: 'application/json', received: contentType } });
  });

  it('refuses a body without a content type with 415', async () => {
    const event = httpApiEvent();
    delete event.headers['content-type'];
    const response = await invoke(event);
    expect(response.statusCode).toBe(415);
    expect(errorOf(response.json)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { received: null } });
  });

  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    // Arrange
    const event = httpApiRequest('POST', '/predict', '{"features": [1, 2,');

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(errorOf(response.json).code).toBe('MALFORMED_JSON');
    expect(errorOf(response.json).message).toMatch(/not valid JSON/);
  });

  it('refuses an empty body with 400 MALFORMED_JSON', async () => {
    const response = await invoke(httpApiRequest('POST', '/predict', ''));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response.json)).toMatchObject({ code: 'MALFORMED_JSON', message: expect.stringMatching(/empty/) as string });
  });

  it('answers a payload 2.0 event whose body is null (as AWS sample events have it) with 400, not 500', async () => {
    // Arrange
    const event = httpApiEventWithNullBody();
    expect(event.body).toBeNull();

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(response.json).toEqual({
      error: { code: 'MALFORMED_JSON', message: expect.stringMatching(/body is empty/) as string, details: {} },
    });
  });

  it.each([
    ['absent', (event: APIGatewayProxyEventV2) => void delete event.body],
    ['null', (event: APIGatewayProxyEventV2) => void ((event as { body: unknown }).body = null)],
  ])('answers a JSON POST /predict whose body is %s with 400 MALFORMED_JSON', async (_label, removeBody) => {
    // Arrange: content-type says JSON, but nothing was sent.
    const event = httpApiEvent();
    removeBody(event);

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(errorOf(response.json)).toMatchObject({ code: 'MALFORMED_JSON', details: {} });
  });

  it('answers a REST API 1.0 POST /predict with a null body with 400 MALFORMED_JSON', async () => {
    const event: APIGatewayProxyEvent = { ...restApiEvent(), body: null };
    const response = await invoke(event);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response.json).code).toBe('MALFORMED_JSON');
  });

  it('refuses a base64 body that is not UTF-8 with 400 MALFORMED_JSON', async () => {
    const event = httpApiEvent();
    event.body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64');
    event.isBase64Encoded = true;
    const response = await invoke(event);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response.json)).toMatchObject({ code: 'MALFORMED_JSON', message: expect.stringMatching(/UTF-8/) as string });
  });

  it('refuses a body over the 4 MiB limit with 413 and says what the limit is', async () => {
    // Arrange: valid JSON, just too much of it.
    const padding = 'x'.repeat(MAX_BODY_BYTES);
    const event = httpApiRequest('POST', '/predict', JSON.stringify({ features: samples[0]!.features, padding }));

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(413);
    expect(errorOf(response.json)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { limitBytes: MAX_BODY_BYTES, actualBytes: Buffer.byteLength(event.body!) },
    });
  });

  it('counts the decoded size of a base64 body against the limit', async () => {
    const event = httpApiRequest('POST', '/predict', JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) }));
    const decodedBytes = Buffer.byteLength(event.body!);
    event.body = Buffer.from(event.body!).toString('base64');
    event.isBase64Encoded = true;
    const response = await invoke(event);
    expect(response.statusCode).toBe(413);
    expect(errorOf(response.json).details).toEqual({ limitBytes: MAX_BODY_BYTES, actualBytes: decodedBytes });
  });

  it('lists every problem of an invalid batch in one 400 INVALID_INPUT, each with its path', async () => {
    // Arrange: row 0 is fine; row 1 has a string, a missing and an unknown feature; row 2 is too short.
    const good = samples[0]!.features;
    const { forecastTempMaxC: _dropped, ...withoutTemperature } = good;
    const badRow = { ...withoutTemperature, promoTomorrow: 'yes', temperatureC: 21 };
    const event = httpApiRequest('POST', '/predict', { instances: [good, badRow, [1, 2, 3]] });

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(400);
    const error = errorOf(response.json);
    expect(error.code).toBe('INVALID_INPUT');
    const paths = (error.details.issues as { path: (string | number)[] }[]).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['instances', 1, 'promoTomorrow'],
        ['instances', 1, 'temperatureC'],
        ['instances', 1, 'forecastTempMaxC'],
        ['instances', 2],
      ]),
    );
  });
});

describe('GET /model', () => {
  it('returns the model card of the loaded model', async () => {
    // Arrange
    const event = httpApiRequest('GET', '/model');

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual(JSON.parse(JSON.stringify(model.card)));
    expect(response.json.version).toBe(model.version);
  });
});

describe('routing', () => {
  it('answers an unknown path with 404 NOT_FOUND in the shared error shape', async () => {
    const response = await invoke(httpApiRequest('GET', '/predictions'));
    expect(response.statusCode).toBe(404);
    expect(response.json).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('/predictions') as string, details: { path: '/predictions' } },
    });
  });

  it.each([
    ['GET', '/predict', 'POST'],
    ['DELETE', '/predict', 'POST'],
    ['POST', '/model', 'GET'],
  ])('answers %s %s with 405 and an Allow header naming %s', async (method, path, allowed) => {
    // Act
    const response = await invoke(httpApiRequest(method, path));

    // Assert
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allowed);
    expect(errorOf(response.json)).toMatchObject({ code: 'METHOD_NOT_ALLOWED', details: { allow: [allowed] } });
  });

  it('removes the stage name from rawPath when an HTTP API stage is not $default', async () => {
    // Arrange: the $default route on a stage named "prod", as API Gateway sends it.
    const event = httpApiRequest('GET', '/prod/model');
    event.requestContext.stage = 'prod';

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.json.version).toBe(model.version);
  });

  it('routes on routeKey when API Gateway matched an explicit route', async () => {
    const event = httpApiRequest('GET', '/some/custom-domain/base/model');
    event.routeKey = 'GET /model';
    expect((await invoke(event)).statusCode).toBe(200);
  });

  it('ignores a trailing slash', async () => {
    expect((await invoke(httpApiRequest('GET', '/model/'))).statusCode).toBe(200);
  });

  it('routes a REST API event behind a {proxy+} resource on its path', async () => {
    // Arrange
    const event: APIGatewayProxyEvent = { ...restApiEvent(), resource: '/{proxy+}', path: '/model', httpMethod: 'GET', body: null };

    // Act
    const response = await invoke(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.json.version).toBe(model.version);
  });

  it('reads REST API headers case-insensitively', async () => {
    const event = restApiEvent();
    event.headers = { 'CONTENT-TYPE': 'text/plain' };
    event.multiValueHeaders = {};
    expect((await invoke(event)).statusCode).toBe(415);
  });
});

describe('unexpected errors and logs', () => {
  it('answers an opaque 500 and logs the details when the event is not an API Gateway event', async () => {
    // Arrange: what a direct `aws lambda invoke` with a made-up payload would send.
    const event = { hello: 'world' } as unknown as ApiGatewayProxyEvent;

    // Act
    const { result, logs } = await captureLogs(() => handler(event, lambdaContext()));

    // Assert
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ error: { code: 'INTERNAL', message: 'An unexpected error occurred. It has been logged.', details: {} } });
    const errorLine = logs.find((line) => line.level === 'ERROR');
    expect(errorLine?.message).toBe('Unhandled error');
    expect(JSON.stringify(errorLine?.error)).toContain('Unsupported event');
  });

  it('writes one JSON line per request with the Lambda and API request ids and the model version', async () => {
    // Arrange
    const event = httpApiEvent();
    const context = lambdaContext({ awsRequestId: '8f5e-request-id' });

    // Act
    const { logs } = await captureLogs(() => handler(event, context));

    // Assert
    const line = logs.find((entry) => entry.message === 'Request handled');
    expect(line).toMatchObject({
      level: 'INFO',
      service: 'footfall-predictor',
      function_request_id: '8f5e-request-id',
      apiRequestId: event.requestContext.requestId,
      modelVersion: model.version,
      method: 'POST',
      path: '/predict',
      statusCode: 200,
    });
    expect(typeof line?.durationMs).toBe('number');
  });

  it('does not carry one request\'s keys into the next request\'s logs', async () => {
    // Arrange
    await captureLogs(() => handler(httpApiEvent(), lambdaContext()));
    const event = { hello: 'world' } as unknown as ApiGatewayProxyEvent;

    // Act
    const { logs } = await captureLogs(() => handler(event, lambdaContext()));

    // Assert
    const line = logs.find((entry) => entry.message === 'Request handled');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('apiRequestId');
    expect(line).not.toHaveProperty('path');
    expect(line?.modelVersion).toBe(model.version);
  });
});
