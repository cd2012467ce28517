/**
 * The Lambda function: POST /predict and GET /model for the footfall predictor.
 *
 * Deployed behind an HTTP API (payload 2.0) by the CDK stack in lib/, and served on
 * your machine by local-server.ts, which feeds it the same 2.0 events. It also accepts
 * REST API (1.0) events, so it can move behind a REST API unchanged.
 *
 * Serverless limit "internal state": everything the function keeps between requests is
 * built here at module scope, in Lambda's init phase, once per execution environment:
 * the model (read, checksum-verified, parsed) and the logger's persistent keys. A
 * request only validates, predicts and maps errors. Provisioned concurrency (see
 * lib/footfall-function.ts) runs this init phase before traffic arrives.
 *
 * Edit this file to add a route. Event parsing, routing and error responses come from
 * @serverless-ai/lambda-kit (errors via `toErrorResponse`), so the shape stays the same as the recommender's.
 */
import type { FootfallModel } from '@serverless-ai/footfall-model';
import { createApiHandler, jsonResult, parseJsonBody, type ApiHandler, type HttpRequest, type HttpResult, type RouteHandler, type RouteTable } from '@serverless-ai/lambda-kit';
import { loadModel, MAX_BODY_BYTES, resolveModelPath } from './config.js';
import { logger } from './logger.js';

// #region module-scope-model-load
// 1. Init phase: load the model once per execution environment, never per request.
//    A built bundle only verifies the checksum its build embedded; the build ran the
//    full checks (config.ts, loadModel).
const modelPath = resolveModelPath(process.env, import.meta.url);
const model: FootfallModel = loadModelOrFail(modelPath);
// #endregion module-scope-model-load

function loadModelOrFail(path: string): FootfallModel {
  const started = performance.now();
  try {
    const { model: loaded, checks } = loadModel(path);
    logger.appendPersistentKeys({ modelVersion: loaded.version });
    logger.info('Model loaded', { modelId: loaded.id, modelPath: path, modelChecks: checks, loadMs: round(performance.now() - started) });
    return loaded;
  } catch (err) {
    // A missing or corrupt model is an operator problem: fail the init phase loudly
    // (Lambda reports Runtime.InitError) rather than answer requests without a model.
    logger.critical('Model failed to load', { modelPath: path, error: err });
    throw err;
  }
}

// 2. Routes.
// #region per-request-predict
function predict(request: HttpRequest): HttpResult {
  const body = parseJsonBody(request, MAX_BODY_BYTES);
  const input = model.parseInput(body); // the same 400 issues as parseModelInput, without building a zod schema
  const { predictions } = model.predict(input);
  return jsonResult(200, { modelVersion: model.version, predictions });
}
// #endregion per-request-predict

function describeModel(): HttpResult {
  return jsonResult(200, model.card);
}

const routes: RouteTable = new Map<string, Record<string, RouteHandler>>([
  ['/predict', { POST: predict }],
  ['/model', { GET: describeModel }],
]);

// 3. The handler: parse the event, dispatch, map errors, log one line per request
//    (createApiHandler in @serverless-ai/lambda-kit, shared with the recommender's Lambda).
// #region handler-export
/**
 * Lambda entry point (`index.handler` in the bundle). Accepts API Gateway payload 2.0
 * and 1.0 proxy events; every answer, including errors, is JSON.
 */
export const handler: ApiHandler = createApiHandler({ routes, logger });
// #endregion handler-export

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
