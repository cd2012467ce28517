/**
 * POST /predict of the footfall predictor, cut down to what this step is about: what the
 * handler imports, and so what the bundle carries. The real handler is
 * apps/footfall-lambda/src/handler.ts (it adds a logger, GET /model and a route table).
 *
 * Init (module scope, once per execution environment) loads the model; bundle.ts checked
 * it at build time and embedded its checksum, so init only verifies that. Each request is
 * parsed, validated, predicted; bad input gets the shared 400 JSON error.
 */
import { loadPrevalidatedFootfallModel, resolveModelPath } from '@serverless-ai/footfall-model';
import { jsonResult, parseJsonBody, toHttpRequest, type ApiGatewayProxyEvent, type HttpResult } from '@serverless-ai/lambda-kit';
import { toErrorResponse } from '@serverless-ai/model-interface';

/** Set by bundle.ts (esbuild's `define`): the SHA-256 of the model file it checked. */
declare const __FOOTFALL_MODEL_SHA256__: string;

/** Largest request body accepted, in bytes (the real handler's limit). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// Init phase.
const model = loadPrevalidatedFootfallModel(resolveModelPath(process.env, import.meta.url), __FOOTFALL_MODEL_SHA256__);

function predict(event: ApiGatewayProxyEvent): HttpResult {
  try {
    const body = parseJsonBody(toHttpRequest(event), MAX_BODY_BYTES);
    // The model's own hand-written check: { "features": row } or { "instances": [rows] }, every problem named, no zod.
    const input = model.parseInput(body);
    return jsonResult(200, { modelVersion: model.version, predictions: model.predict(input).predictions });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    return jsonResult(status, body);
  }
}

/** Lambda entry point (`index.handler`): every event is a POST /predict. */
export const handler = (event: ApiGatewayProxyEvent): Promise<HttpResult> => Promise.resolve(predict(event));
