/**
 * Errors the demo server itself can raise. They extend the shared `ModelError`, so
 * `toErrorResponse` renders them in the same `{"error":{"code","message","details"}}`
 * shape as both services: the page has one error path, whoever failed.
 */
import { ModelError } from '@serverless-ai/model-interface';

/** 502: the upstream service refused the connection or reset it. */
export class UpstreamUnavailableError extends ModelError {
  readonly status = 502;
  readonly code = 'UPSTREAM_UNAVAILABLE';

  constructor(service: string, url: string, reason: string) {
    super(`The ${service} service at ${url} is not reachable (${reason}). Is it running?`, { service, url, reason });
  }
}

/** 504: the upstream service accepted the connection but did not answer in time. */
export class UpstreamTimeoutError extends ModelError {
  readonly status = 504;
  readonly code = 'UPSTREAM_TIMEOUT';

  constructor(service: string, url: string, timeoutMs: number) {
    super(`The ${service} service at ${url} did not answer within ${timeoutMs} ms.`, { service, url, timeoutMs });
  }
}
