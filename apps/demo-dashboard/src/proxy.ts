/**
 * A small reverse proxy from the demo server to one upstream service.
 *
 * The browser talks to one origin (the demo server), which forwards `/api/footfall/*`
 * and `/api/recommender/*` here. That keeps CORS out of both services and lets the
 * page measure latency the same way for both. It uses Node's built-in `fetch`
 * (undici, keep-alive) instead of a proxy library: the demo needs only method, path,
 * query, body and a few headers, and an unreachable upstream must become the shared
 * JSON error shape, which generic proxies do not produce.
 *
 * Secrets stay on the server: for the calls `serverAuthorization` names (the
 * recommender's admin writes), the proxy sets the bearer token itself, so the page
 * never holds it.
 *
 * Edit this file to forward another header, or to change the timeout.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { performance } from 'node:perf_hooks';
import { UpstreamTimeoutError, UpstreamUnavailableError } from './errors.js';
import type { Logger } from './logger.js';

/** Request headers the upstreams need. Host, cookies and hop-by-hop headers stay behind. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'authorization', 'accept', 'x-request-id'] as const;
/** Response headers the page may care about. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'cache-control', 'retry-after', 'allow', 'x-request-id'] as const;

/** Options for {@link createUpstreamProxy}. */
export interface UpstreamProxyOptions {
  /** Name used in errors and logs, e.g. `footfall`. */
  service: string;
  /** Base URL of the upstream, e.g. `http://127.0.0.1:3001`. */
  baseUrl: string;
  /**
   * How long to wait for the upstream's answer.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Largest request body forwarded (a 1,000-row footfall batch is about 1 MB of JSON).
   * @default '8mb'
   */
  bodyLimit?: string;
  /**
   * A bearer token this server adds to the calls `appliesTo` accepts (method, and path
   * below the mount point), replacing any `authorization` the browser sent.
   * @default none: the browser's own `authorization` header is forwarded as it is
   */
  serverAuthorization?: { token: string; appliesTo: (method: string, path: string) => boolean };
  logger: Logger;
}

/**
 * Returns a router to mount at `/api/<service>`: everything below the mount point is
 * forwarded to the same path under `baseUrl`. Upstream answers, errors included, pass
 * through unchanged, with a `Server-Timing: upstream;dur=…` header added; a refused
 * connection becomes a 502 `UPSTREAM_UNAVAILABLE` and a timeout a 504 `UPSTREAM_TIMEOUT`.
 */
export function createUpstreamProxy(options: UpstreamProxyOptions): Router {
  const { service, logger } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const router = express.Router();

  // Keep bodies as raw bytes: the upstream validates them, and we must not re-encode.
  router.use(express.raw({ type: () => true, limit: options.bodyLimit ?? '8mb' }));

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    // Inside a mounted router, req.url is the rest of the path plus the query string.
    const target = `${baseUrl}${req.url}`;
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const auth = options.serverAuthorization;
    if (auth?.appliesTo(req.method, req.path)) headers.set('authorization', `Bearer ${auth.token}`);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body) && req.body.length > 0;
    const started = performance.now();
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(target, {
        method: req.method,
        headers,
        body: hasBody ? (req.body as Buffer) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (err) {
      const error = err as Error & { cause?: { code?: string; message?: string } };
      if (error.name === 'TimeoutError') {
        next(new UpstreamTimeoutError(service, baseUrl, timeoutMs));
        return;
      }
      const reason = error.cause?.code ?? error.cause?.message ?? error.message;
      logger.warn({ service, target, reason }, 'upstream unreachable');
      next(new UpstreamUnavailableError(service, baseUrl, reason));
      return;
    }
    let body: Buffer;
    try {
      body = Buffer.from(await upstream.arrayBuffer());
    } catch (err) {
      // The upstream died half-way through its answer: same meaning as unreachable.
      next(new UpstreamUnavailableError(service, baseUrl, (err as Error).message));
      return;
    }
    const upstreamMs = performance.now() - started;
    res.status(upstream.status);
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) res.setHeader(name, value);
    }
    res.setHeader('server-timing', `upstream;dur=${upstreamMs.toFixed(2)};desc="${service}"`);
    res.end(body);
  });

  return router;
}
