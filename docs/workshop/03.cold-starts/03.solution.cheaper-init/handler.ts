/**
 * The footfall predictor's POST /predict, cut down to its cold start. The real handler is
 * apps/footfall-lambda/src/handler.ts; its heavy-init variant (`npm run build -- --heavy-init`)
 * is where this file starts.
 *
 * Module scope is Lambda's init phase: it runs once per execution environment, before the
 * first request, and every cold start waits for it. Here it only proves that the model file
 * is the one bundle.ts checked (one SHA-256 of its bytes) and parses it; the full check ran
 * once, at build time. Each request is checked by the model's own hand-written check.
 */
import { loadPrevalidatedFootfallModel, resolveModelPath } from '@serverless-ai/footfall-model';
import { jsonResult, parseJsonBody, toHttpRequest, type ApiGatewayProxyEvent, type HttpResult } from '@serverless-ai/lambda-kit';
import { toErrorResponse } from '@serverless-ai/model-interface';

/** Set by bundle.ts (esbuild's `define`): the SHA-256 of the model file the build checked. */
declare const __FOOTFALL_MODEL_SHA256__: string;

/** Largest request body accepted, in bytes (the real handler's limit). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// Init phase: the model file beside the bundle (bundle.ts copies it there), verified against the build's checksum.
const model = loadPrevalidatedFootfallModel(resolveModelPath(process.env, import.meta.url), __FOOTFALL_MODEL_SHA256__);

function predict(event: ApiGatewayProxyEvent): HttpResult {
  try {
    const body = parseJsonBody(toHttpRequest(event), MAX_BODY_BYTES);
    const input = model.parseInput(body); // the same 400 issues as parseModelInput, without building a zod schema
    return jsonResult(200, { modelVersion: model.version, predictions: model.predict(input).predictions });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    return jsonResult(status, body);
  }
}

/** Lambda entry point (`index.handler`): every event is a POST /predict. */
export const handler = (event: ApiGatewayProxyEvent): Promise<HttpResult> => Promise.resolve(predict(event));
