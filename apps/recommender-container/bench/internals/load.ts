// Needed when you change how HTTP load is generated (autocannon settings) or what one load run records.
import autocannon from 'autocannon';
import { round } from './stats.js';

/** What one autocannon run measured. */
export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** How hard and how long to load. */
export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  /** Fixed request rate over all connections; unset: as fast as the server answers. */
  overallRate?: number;
}

/** POSTs `body(i)` (JSON) to `url + path` for the given time. */
export async function load(url: string, path: string, body: (i: number) => string, settings: LoadSettings): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: settings.durationSeconds,
    ...(settings.overallRate ? { overallRate: settings.overallRate } : {}),
    requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body(i++) }) }],
  });
  return {
    rps: round(result.requests.average, 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
