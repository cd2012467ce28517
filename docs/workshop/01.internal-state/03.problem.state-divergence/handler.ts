/**
 * The movie recommender on Lambda, with the container's two catalog routes added:
 *   POST /movies        {"movieId", "title", "year", "genres"}  adds a movie (201)
 *   GET  /movies/<id>   the movie (200), or 404 when this catalog does not have it
 *
 * Everything at module scope is Lambda's init phase: it runs once per execution environment,
 * and what it builds (the catalog and its HNSW index) lives in that environment's memory
 * until Lambda retires it. The repo's recommender on Lambda
 * (apps/cross-pairing/src/recommender-lambda/handler.ts) has no POST /movies at all, for
 * the reason step 01.03 shows: a movie added here changes one environment out of many.
 *
 * Settings: ARTIFACTS_DIR, the recommender's artifacts folder (the checks write small ones).
 */
import { createLogger, errorResult, jsonResult, parseJsonBody, toHttpRequest, type ApiHandler, type HttpRequest, type HttpResult } from '@serverless-ai/lambda-kit';
import { InvalidInputError, NotFoundError, toInputIssues } from '@serverless-ai/model-interface';
import { DEFAULT_ARTIFACTS_DIR, loadRecommenderArtifacts, movieSchema, MovieRecommender } from '@serverless-ai/movie-recommender';

const MAX_BODY_BYTES = 64 * 1024;

// Init phase: once per execution environment.
const logger = createLogger('workshop-recommender-lambda');
const artifacts = loadRecommenderArtifacts(process.env.ARTIFACTS_DIR ?? DEFAULT_ARTIFACTS_DIR);
/** This environment's catalog and index: in this process's memory, and nowhere else. */
const recommender = new MovieRecommender({ artifacts, index: MovieRecommender.buildIndex(artifacts) });

function route(request: HttpRequest): HttpResult {
  if (request.path === '/movies' && request.method === 'POST') {
    const parsed = movieSchema.safeParse(parseJsonBody(request, MAX_BODY_BYTES));
    if (!parsed.success) throw new InvalidInputError(toInputIssues(parsed.error));
    const { movie } = recommender.addMovie(parsed.data);
    return jsonResult(201, { movie });
  }
  const movieId = /^\/movies\/(\d{1,10})$/.exec(request.path)?.[1];
  if (movieId !== undefined && request.method === 'GET') {
    const movie = recommender.catalog.get(Number(movieId));
    if (!movie) throw new NotFoundError(`Movie ${movieId} is not in this environment's catalog`, { movieId: Number(movieId) });
    return jsonResult(200, movie);
  }
  throw new NotFoundError(`There is no route ${request.method} ${request.path}; try POST /movies or GET /movies/<id>.`, { path: request.path });
}

/** Lambda entry point: API Gateway proxy events in, JSON answers (errors in the shared shape) out. */
// eslint-disable-next-line @typescript-eslint/require-await -- the Node.js runtime awaits a promise; the work itself is synchronous.
export const handler: ApiHandler = async (event, context) => {
  logger.addContext(context);
  try {
    return route(toHttpRequest(event));
  } catch (err) {
    return errorResult(err, logger);
  }
};
