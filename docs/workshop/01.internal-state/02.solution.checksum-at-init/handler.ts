/**
 * POST /predict of the footfall predictor, cut down to this step: its init phase loads the
 * model from the file beside the bundle, with `loadModel` from load-model.ts, and hands it
 * the SHA-256 that the build embedded. The real handler is apps/footfall-lambda/src/handler.ts
 * (its init goes through `loadModel` in src/config.ts).
 *
 * Whatever init loads, every request of this execution environment is answered with, for
 * as long as the environment lives. If init throws, the import fails, Lambda reports
 * `Runtime.InitError`, and no request is answered by this environment.
 */
import { resolveModelPath } from '@serverless-ai/footfall-model';
import { createApiHandler, createLogger, jsonResult, parseJsonBody, type ApiHandler, type HttpRequest, type HttpResult, type RouteTable } from '@serverless-ai/lambda-kit';
import { loadModel } from './load-model.js';

/** Set by bundle.ts (esbuild's `define`): the SHA-256 of the model file the build validated. */
declare const __FOOTFALL_MODEL_SHA256__: string;

/** Largest request body accepted, in bytes (the real handler's limit). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// Init phase: once per execution environment.
const logger = createLogger('footfall-predictor');
const model = loadModel(resolveModelPath(process.env, import.meta.url), __FOOTFALL_MODEL_SHA256__);

function predict(request: HttpRequest): HttpResult {
  const input = model.parseInput(parseJsonBody(request, MAX_BODY_BYTES));
  return jsonResult(200, { modelVersion: model.version, predictions: model.predict(input).predictions });
}

const routes: RouteTable = new Map([['/predict', { POST: predict }]]);

/** Lambda entry point (`index.handler`). */
export const handler: ApiHandler = createApiHandler({ routes, logger });
