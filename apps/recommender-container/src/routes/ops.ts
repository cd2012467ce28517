/**
 * Operational routes: liveness, readiness, Prometheus metrics and the model card.
 *
 * `/healthz` only says "the process answers" (the container HEALTHCHECK and ECS use it);
 * `/readyz` says "send me traffic" (the load balancer's target health check uses it), so a
 * replica still loading its index, or draining on SIGTERM, is taken out of rotation
 * without being killed. Its body says `degraded` when the catalog log cannot take writes.
 */
import { Router } from 'express';
import type { ServiceMetrics } from '../metrics.js';
import type { ServiceHandle } from '../state/service.js';
import { methodNotAllowed } from '../http/errors.js';

/** Routes `/healthz`, `/readyz`, `/metrics`, `/model`. */
export function opsRoutes(service: ServiceHandle, metrics: ServiceMetrics): Router {
  const router = Router();
  router
    .route('/healthz')
    .get((_req, res) => {
      res.json({ status: 'ok' });
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/readyz')
    .get((_req, res) => {
      // "degraded" (the catalog log is unreachable) stays 200: reads still serve from memory,
      // and taking every replica out of rotation at once would turn a write outage into a full one.
      const readiness = service.readiness();
      res.status(readiness.status === 'not-ready' ? 503 : 200).json(readiness);
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/metrics')
    .get(async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/model')
    .get((_req, res) => {
      res.json(service.live().recommender.card);
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
