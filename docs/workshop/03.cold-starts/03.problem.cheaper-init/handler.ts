/**
 * The footfall predictor's POST /predict, cut down to its cold start. The real handler is
 * apps/footfall-lambda/src/handler.ts; its heavy-init variant (`npm run build -- --heavy-init`)
 * is where this file starts.
 *
 * Module scope is Lambda's init phase: it runs once per execution environment, before the
 * first request, and every cold start waits for it. Here it loads the model and checks it
 * completely: the card and every value of the payload against zod schemas, and the payload's
 * checksum. Each request is parsed, validated against the model's zod input schema, predicted.
 */
import { loadFootfallModel, resolveModelPath } from '@serverless-ai/footfall-model';
import { jsonResult, parseJsonBody, toHttpRequest, type ApiGatewayProxyEvent, type HttpResult } from '@serverless-ai/lambda-kit';
import { parseModelInput, toErrorResponse } from '@serverless-ai/model-interface';

/** Largest request body accepted, in bytes (the real handler's limit). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// Init phase: the model file beside the bundle (bundle.ts copies it there), fully checked.
const model = loadFootfallModel(resolveModelPath(process.env, import.meta.url));

function predict(event: ApiGatewayProxyEvent): HttpResult {
  try {
    const body = parseJsonBody(toHttpRequest(event), MAX_BODY_BYTES);
    const input = parseModelInput(model, body);
    return jsonResult(200, { modelVersion: model.version, predictions: model.predict(input).predictions });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    return jsonResult(status, body);
  }
}

/** Lambda entry point (`index.handler`): every event is a POST /predict. */
export const handler = (event: ApiGatewayProxyEvent): Promise<HttpResult> => Promise.resolve(predict(event));
