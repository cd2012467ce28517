/**
 * The movie recommender as a Lambda function: the "wrong" home, built on purpose.
 *
 * The recommender normally runs as a long-lived Express service (apps/recommender-container).
 * This handler packages the same model the way apps/footfall-lambda packages the
 * footfall predictor (the same HTTP plumbing, from @serverless-ai/lambda-kit), so the
 * experiment can measure what that costs. It answers `POST /recommendations` API Gateway
 * events (payload 2.0, and 1.0) with the same body as the container:
 * `{ recommendations, modelVersion }`.
 *
 * Serverless limit "internal state": everything happens at module scope, in Lambda's
 * init phase, once per execution environment:
 *   1. read the settings (config.ts);
 *   2. load the artifacts: catalog, embeddings, fold-in parameters, each checksum verified;
 *   3. build the HNSW index from the embeddings, or load the snapshot saved at build time
 *      (`INDEX_MODE=build|snapshot`);
 *   4. wire the `MovieRecommender`.
 * Every cold start pays for 2 and 3, and grows with the catalog; that growth is what
 * `npm run bench:contrast` measures. What this handler cannot do at all is the
 * container's live catalog: a movie added in one execution environment would be
 * invisible to every other one, and lost when it is recycled.
 *
 * Edit this file to add a route; error bodies come from `toErrorResponse`, as everywhere.
 */
import { createApiHandler, jsonResult, parseJsonBody, roundMs, type ApiHandler, type HttpRequest, type HttpResult, type RouteHandler, type RouteTable } from '@serverless-ai/lambda-kit';
import { parseModelInput } from '@serverless-ai/model-interface';
import { loadRecommenderArtifacts, MovieRecommender, VectorIndex } from '@serverless-ai/movie-recommender';
import { createLogger, SERVICE_NAMES } from '../logger.js';
import { MAX_BODY_BYTES, resolveConfig, type IndexMode } from './config.js';

/** What the init phase did and how long each step took, for logs and the benchmark. */
export interface InitReport {
  indexMode: IndexMode;
  movies: number;
  dimensions: number;
  catalogVersion: string;
  modelVersion: string;
  /** Reading and verifying the artifacts. */
  loadArtifactsMs: number;
  /** Building the index, or loading and checking the snapshot. */
  indexMs: number;
}

const logger = createLogger(SERVICE_NAMES.recommenderLambda);

// 1-4. Init phase: once per execution environment, never per request.
const config = resolveConfig(process.env, import.meta.url);
const { recommender, report } = initialise();

function initialise(): { recommender: MovieRecommender; report: InitReport } {
  try {
    const loadStarted = performance.now();
    const artifacts = loadRecommenderArtifacts(config.artifactsDir);
    // #region init-build-or-load-index
    const indexStarted = performance.now();
    const index: VectorIndex =
      config.indexMode === 'snapshot'
        ? VectorIndex.load(config.indexPath, { catalogVersion: artifacts.catalogVersion, numDimensions: artifacts.dimensions })
        : MovieRecommender.buildIndex(artifacts);
    // #endregion init-build-or-load-index
    const ready = performance.now();
    const model = new MovieRecommender({ artifacts, index });
    const initReport: InitReport = {
      indexMode: config.indexMode,
      movies: artifacts.movies.length,
      dimensions: artifacts.dimensions,
      catalogVersion: artifacts.catalogVersion,
      modelVersion: model.version,
      loadArtifactsMs: roundMs(indexStarted - loadStarted),
      indexMs: roundMs(ready - indexStarted),
    };
    logger.appendPersistentKeys({ modelVersion: model.version });
    logger.info('Recommender ready', { ...initReport });
    return { recommender: model, report: initReport };
  } catch (err) {
    // Missing artifacts, a checksum mismatch or a stale snapshot: fail the init phase
    // loudly rather than answer without a model. A snapshot is never silently rebuilt
    // here: that would turn a deploy mistake into a cold start minutes long.
    logger.critical('Recommender failed to initialise', { ...config, error: err });
    throw err;
  }
}

/** The init phase's report (read by the cold-start benchmark through the module namespace). */
export const initReport: Readonly<InitReport> = report;

function recommend(request: HttpRequest): HttpResult {
  const body = parseJsonBody(request, MAX_BODY_BYTES);
  const input = parseModelInput(recommender, body);
  return jsonResult(200, recommender.predict(input));
}

const routes: RouteTable = new Map<string, Record<string, RouteHandler>>([['/recommendations', { POST: recommend }]]);

/**
 * Lambda entry point (`index.handler` in the bundle): API Gateway proxy events; every
 * answer, errors included, is JSON in the shared error shape.
 */
export const handler: ApiHandler = createApiHandler({ routes, logger });
