/**
 * POST /predict of the footfall predictor, cut down to what this step is about: what runs
 * once per execution environment, and what runs on every request. The real handler is
 * apps/footfall-lambda/src/handler.ts (it adds GET /model and checks the model's
 * checksum at init).
 *
 * Lambda runs a module's top level once, in the init phase of a new execution
 * environment, and then calls `handler` for every request that environment serves.
 * Event parsing, routing, error mapping and the one log line per request come from
 * lambda-kit's `createApiHandler`.
 */
import { loadFootfallModel, resolveModelPath, type FootfallModel } from '@serverless-ai/footfall-model';
import { createApiHandler, createLogger, jsonResult, parseJsonBody, type ApiHandler, type HttpRequest, type HttpResult, type RouteTable } from '@serverless-ai/lambda-kit';

/** Largest request body accepted, in bytes (the real handler's limit). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

function predict(model: FootfallModel, request: HttpRequest): HttpResult {
  const input = model.parseInput(parseJsonBody(request, MAX_BODY_BYTES));
  return jsonResult(200, { modelVersion: model.version, predictions: model.predict(input).predictions });
}

/** Lambda entry point (`index.handler`). Every request builds what it needs. */
export const handler: ApiHandler = (event, context) => {
  const logger = createLogger('footfall-predictor');
  const model = loadFootfallModel(resolveModelPath(process.env, import.meta.url));
  const routes: RouteTable = new Map([['/predict', { POST: (request: HttpRequest) => predict(model, request) }]]);
  return createApiHandler({ routes, logger })(event, context);
};
