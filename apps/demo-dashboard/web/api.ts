/**
 * The page's one way to call its server. Errors in the shared
 * `{"error":{"code","message","details"}}` shape become `ApiError`s with that message,
 * so each panel shows the service's own words. Model calls are timed for the
 * latency table.
 */
import type { LatencyRecorder } from './latency.js';

/** An error answer from the demo server or a service behind it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Options for {@link callApi}. */
export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  /** When set, the request is timed and recorded under this service name. */
  timeAs?: { recorder: LatencyRecorder; service: string };
}

/** Calls a JSON endpoint; resolves with the parsed body or throws `ApiError`. */
export async function callApi<T>(url: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  const started = performance.now();
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const totalMs = performance.now() - started;

  if (options.timeAs && response.ok) {
    options.timeAs.recorder.record(options.timeAs.service, { totalMs, upstreamMs: upstreamDuration(response.headers) });
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, 'NOT_JSON', `${url} answered ${response.status} with a body that is not JSON.`, {});
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `${url} answered ${response.status}.`, error?.details ?? {});
  }
  return body as T;
}

/** Reads `upstream;dur=12.3` from a `Server-Timing` header. */
function upstreamDuration(headers: Headers): number | null {
  const match = /upstream;dur=([\d.]+)/.exec(headers.get('server-timing') ?? '');
  return match?.[1] ? Number(match[1]) : null;
}

/** A message fit for a result region. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return `${err.message} (${err.code}, HTTP ${err.status})`;
  if (err instanceof Error) return err.message;
  return String(err);
}
