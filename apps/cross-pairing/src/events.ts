/**
 * Real-shaped API Gateway HTTP API (payload 2.0) events, for the benchmark and the tests.
 *
 * The envelope follows AWS's sample event for HTTP APIs ("Working with AWS Lambda
 * proxy integrations for HTTP APIs"): lower-case headers, `$default` stage, request
 * context with `http.method`/`path`/`sourceIp`, a JSON body as text. Both packages are
 * timed with the same envelope, so only the bodies differ: a real footfall row from
 * the committed sample days, and a user's recent activity drawn from the catalog.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { loadSampleDays } from '@serverless-ai/footfall-model';
import type { ActivityItem, Movie } from '@serverless-ai/movie-recommender';

/** What varies between events. */
export interface EventOptions {
  method: string;
  path: string;
  /** An object is sent as JSON; a string as is; undefined sends no body. */
  body?: unknown;
  /** @default 'application/json' */
  contentType?: string;
}

/** A payload 2.0 event for `method path` on the `$default` stage and route. */
export function httpApiV2Event(options: EventOptions): APIGatewayProxyEventV2 {
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br',
    'content-type': options.contentType ?? 'application/json',
    host: 'r3pmxmplak.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'curl/8.5.0',
    'x-amzn-trace-id': 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e',
    'x-forwarded-for': '205.255.255.176',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
  };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'r3pmxmplak',
      domainName: 'r3pmxmplak.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'r3pmxmplak',
      http: { method: options.method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '205.255.255.176', userAgent: 'curl/8.5.0' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '10/Mar/2025:05:16:23 +0000',
      timeEpoch: 1741583783130,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

/** `POST /predict` with the first committed sample day (one row, keyed by feature name). */
export function footfallPredictEvent(): APIGatewayProxyEventV2 {
  const [first] = loadSampleDays();
  if (!first) throw new Error('The footfall sample-days file is empty.');
  return httpApiV2Event({ method: 'POST', path: '/predict', body: { features: first.features } });
}

/**
 * A user's recent activity: `items` movies spread evenly over the catalog, rated
 * between 2 and 5 stars, one day apart (so the size of the catalog, not the request,
 * is what changes between catalog sizes).
 */
export function recentActivityFrom(movies: readonly Movie[], items = 10): ActivityItem[] {
  const count = Math.min(items, movies.length);
  const step = Math.max(1, Math.floor(movies.length / count));
  const start = Date.UTC(2025, 2, 1) / 1000;
  return Array.from({ length: count }, (_, i) => ({
    movieId: movies[i * step]!.movieId,
    rating: 2 + ((i * 3) % 7) / 2,
    timestamp: start + i * 86_400,
  }));
}

/** `POST /recommendations` for a user whose activity comes from `movies`, asking for `k`. */
export function recommendationsEvent(movies: readonly Movie[], k = 10): APIGatewayProxyEventV2 {
  return httpApiV2Event({ method: 'POST', path: '/recommendations', body: { recentActivity: recentActivityFrom(movies), k } });
}
