/**
 * The footfall predictor served from a container: its routes through supertest, on
 * the committed model, and the promise that matters most: a prediction here is the
 * package's own `predict`, to the last digit.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, loadFootfallModel, loadSampleDays } from '@serverless-ai/footfall-model';
import { parseModelInput } from '@serverless-ai/model-interface';
import { createServer } from '../src/footfall-container/server.js';
import { createLogger } from '../src/logger.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const model = loadFootfallModel();
const app = createServer({ model, logger: createLogger('footfall-container-test') });
const [day, otherDay] = loadSampleDays();

interface PredictBody {
  modelVersion: string;
  predictions: { customersTomorrow: number }[];
}
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe('POST /predict', () => {
  it("answers one row with exactly the package's predict and the model version", async () => {
    // Arrange
    const body = { features: day!.features };
    const expected = model.predict(parseModelInput(model, body));

    // Act
    const res = await request(app).post('/predict').send(body);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ modelVersion: model.version, predictions: expected.predictions });
  });

  it('answers a batch of rows in order, as arrays or keyed objects', async () => {
    // Arrange: one row keyed by name, one as 100 numbers in canonical order.
    const asArray = FEATURE_NAMES.map((name) => otherDay!.features[name]);
    const body = { instances: [day!.features, asArray] };

    // Act
    const res = await request(app).post('/predict').send(body);

    // Assert
    expect(res.status).toBe(200);
    const out = res.body as PredictBody;
    expect(out.predictions).toEqual(model.predict(parseModelInput(model, body)).predictions);
    expect(out.predictions[0]).not.toEqual(out.predictions[1]);
  });

  it('rejects a row of 99 numbers with 400 and names the field', async () => {
    const res = await request(app)
      .post('/predict')
      .send({ features: FEATURE_NAMES.slice(1).map(() => 1) });
    expect(res.status).toBe(400);
    const { error } = res.body as ErrorBody;
    expect(error.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(error.details)).toContain('features');
  });

  it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await request(app).post('/predict').set('content-type', 'application/json').send('{"features": [1, 2,');
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).error.code).toBe('MALFORMED_JSON');
  });

  it('rejects a body that is not JSON with 415', async () => {
    const res = await request(app).post('/predict').set('content-type', 'text/plain').send('features=1');
    expect(res.status).toBe(415);
    expect((res.body as ErrorBody).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a body over the limit with 413 and says what the limit is', async () => {
    // Arrange: a server with a 1 KiB limit, and a valid row (about 3 KB of JSON).
    const small = createServer({ model, logger: createLogger('footfall-container-test'), bodyLimitBytes: 1024 });

    // Act
    const res = await request(small).post('/predict').send({ features: day!.features });

    // Assert
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 1024 } } });
  });
});

describe('other routes', () => {
  it('serves the model card on GET /model', async () => {
    const res = await request(app).get('/model');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(model.card)));
  });

  it('answers GET /predict with 405 and an Allow header', async () => {
    const res = await request(app).get('/predict');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect((res.body as ErrorBody).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers an unknown path with 404 in the shared error shape', async () => {
    const res = await request(app).post('/recommendations').send({});
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND', details: { path: '/recommendations' } } });
  });

  it("sends helmet's security headers and hides the framework", async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
