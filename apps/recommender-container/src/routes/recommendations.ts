/**
 * `POST /recommendations`: recent activity in, ranked movies out.
 *
 * The handler only validates (the model's own zod schema, via `parseModelInput`), calls
 * `predict` and returns. Unknown movie ids in the activity come back from the model as
 * `InvalidInputError`, mapped by the shared error handler like every other 4xx.
 */
import { Router, type RequestHandler } from 'express';
import { parseModelInput } from '@serverless-ai/model-interface';
import { methodNotAllowed } from '../http/errors.js';
import type { ServiceHandle } from '../state/service.js';

/** Routes `/recommendations`. `jsonBody` is the shared content-type check + JSON parser. */
export function recommendationRoutes(service: ServiceHandle, jsonBody: RequestHandler[]): Router {
  const router = Router();
  router
    .route('/recommendations')
    .post(...jsonBody, (req, res) => {
      const live = service.live();
      const input = parseModelInput(live.recommender, req.body);
      res.json(live.recommend(input));
    })
    .all(methodNotAllowed(['POST']));
  return router;
}
