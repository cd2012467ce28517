/**
 * POST /predict of the footfall predictor, cut down to what this step is about: what the
 * handler imports, and so what the bundle carries. The real handler is
 * apps/footfall-lambda/src/handler.ts (it adds a logger, GET /model and a route table).
 *
 * Init (module scope, once per execution environment) loads the model; bundle.ts checked
 * it at build time and embedded its checksum, so init only verifies that. Each request is
 * parsed, validated, predicted; bad input gets the shared 400 JSON error.
 */
import { FEATURE_COUNT, loadPrevalidatedFootfallModel, MAX_BATCH_SIZE, resolveModelPath, type FootfallInput } from '@serverless-ai/footfall-model';
import { jsonResult, parseJsonBody, toHttpRequest, type ApiGatewayProxyEvent, type HttpResult } from '@serverless-ai/lambda-kit';
import { InvalidInputError, toErrorResponse, toInputIssues } from '@serverless-ai/model-interface';
import { z } from 'zod';

/** Set by bundle.ts (esbuild's `define`): the SHA-256 of the model file it checked. */
declare const __FOOTFALL_MODEL_SHA256__: string;

/** Largest request body accepted, in bytes (the real handler's limit). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// Init phase.
const model = loadPrevalidatedFootfallModel(resolveModelPath(process.env, import.meta.url), __FOOTFALL_MODEL_SHA256__);

// The request body: { "features": [100 numbers] } or { "instances": [[100 numbers], …] }.
const row = z.array(z.number()).length(FEATURE_COUNT);
const predictRequest = z.union([z.strictObject({ features: row }), z.strictObject({ instances: z.array(row).min(1).max(MAX_BATCH_SIZE) })]);

/** Validates a request body and turns it into what `model.predict` takes. */
function toModelInput(body: unknown): FootfallInput {
  const parsed = predictRequest.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(toInputIssues(parsed.error));
  const rows = 'features' in parsed.data ? [parsed.data.features] : parsed.data.instances;
  return { rows: rows.map((values) => Float64Array.from(values)), batch: 'instances' in parsed.data };
}

function predict(event: ApiGatewayProxyEvent): HttpResult {
  try {
    const body = parseJsonBody(toHttpRequest(event), MAX_BODY_BYTES);
    const input = toModelInput(body);
    return jsonResult(200, { modelVersion: model.version, predictions: model.predict(input).predictions });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    return jsonResult(status, body);
  }
}

/** Lambda entry point (`index.handler`): every event is a POST /predict. */
export const handler = (event: ApiGatewayProxyEvent): Promise<HttpResult> => Promise.resolve(predict(event));
