/**
 * The two requests of the experiment as API Gateway HTTP API (payload 2.0) events, for the benchmark and the tests.
 *
 * The envelope is @serverless-ai/lambda-kit's `httpApiV2Event` (AWS's sample event for
 * HTTP APIs). Both packages are timed with the same envelope, so only the bodies differ:
 * a real footfall row from the committed sample days, and a user's recent activity
 * drawn from the catalog.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpApiV2Event } from '@serverless-ai/lambda-kit/testing';
import { loadSampleDays } from '@serverless-ai/footfall-model';
import type { ActivityItem, Movie } from '@serverless-ai/movie-recommender';

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
