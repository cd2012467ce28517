/**
 * `POST /recommendations`: recent activity in, ranked movies out.
 *
 * This is the edge, so this is where the body is validated, once: the model's own zod
 * schema via `parseModelInput`. `predict` trusts that (the `Model` contract) and only
 * checks that every movie is in the live catalog; unknown ids come back from it as
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
