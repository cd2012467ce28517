// Needed when the throughput ratio needs explaining: it times the recommendation's parts in-process, without HTTP.
import { parseModelInput } from '@serverless-ai/model-interface';
import { MovieRecommender, loadRecommenderArtifacts } from '@serverless-ai/movie-recommender';
import { loadSnapshot } from '../../src/state/snapshot.js';
import { log, median, round } from './stats.js';

/** Microseconds per request, median of runs. */
export interface ModelCost {
  /** The user's query vector from their ratings (fold-in.ts). */
  foldInMicros: number;
  /** The HNSW search alone, for the folded-in query, excluding the rated movies. */
  searchMicros: number;
  /** The whole model: catalog check, fold-in, search, scoring. */
  predictMicros: number;
  /** What the route does: JSON.parse, validate once (parseModelInput), predict, JSON.stringify. */
  handlerMicros: number;
}

/**
 * Times the parts of a recommendation on the index the server snapshotted, with the
 * bench's own request bodies, so the figures line up with the HTTP ones.
 */
export function measureModelCost(artifactsDir: string, dataDir: string, bodies: string[], runs: number): ModelCost {
  const artifacts = loadRecommenderArtifacts(artifactsDir);
  const snapshot = loadSnapshot(dataDir, { catalogVersion: artifacts.catalogVersion, numDimensions: artifacts.dimensions });
  if (!snapshot.loaded) throw new Error(`no snapshot to measure the model with: ${snapshot.reason}`);
  const model = new MovieRecommender({ artifacts, index: snapshot.index });
  const inputs = bodies.map((body) => parseModelInput(model, JSON.parse(body)));
  const queries = inputs.map((input) => model.userQuery(input.recentActivity).query);
  const seen = inputs.map((input) => new Set(input.recentActivity.map((item) => item.movieId)));
  const timeEach = (run: (i: number) => unknown): number => {
    const perRun: number[] = [];
    for (let r = 0; r < runs; r++) {
      for (let i = 0; i < 500; i++) run(i % inputs.length); // warm-up
      const started = performance.now();
      for (let i = 0; i < 3000; i++) run(i % inputs.length);
      perRun.push(((performance.now() - started) / 3000) * 1000);
    }
    return round(median(perRun), 1);
  };
  const result: ModelCost = {
    foldInMicros: timeEach((i) => model.userQuery(inputs[i]!.recentActivity)),
    searchMicros: timeEach((i) => snapshot.index.searchKnn(queries[i]!, inputs[i]!.k, seen[i])),
    predictMicros: timeEach((i) => model.predict(inputs[i]!)),
    handlerMicros: timeEach((i) => JSON.stringify(model.predict(parseModelInput(model, JSON.parse(bodies[i]!))))),
  };
  log(`in-process per request: fold-in ${result.foldInMicros} µs, search ${result.searchMicros} µs, predict ${result.predictMicros} µs, parse + validate + predict + stringify ${result.handlerMicros} µs`);
  return result;
}
