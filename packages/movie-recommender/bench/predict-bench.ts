/**
 * In-process timing of one recommendation on the committed artifacts: `foldIn` alone
 * (the Woodbury solver the service uses), `foldInReference` (the main-path solve) beside
 * it, and `predict` (validation + fold-in + HNSW search), median per call. Edit it to
 * change the activity sizes measured; the service-level figures live in
 * apps/recommender-container's bench.
 *
 *   npx tsx bench/predict-bench.ts [--calls 5000] [--items 10] [--runs 3]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadRecommenderArtifacts } from '../src/artifacts.js';
import { foldIn, type FoldInItem, foldInReference } from '../src/fold-in.js';
import { createRandom } from '../src/random.js';
import { MovieRecommender } from '../src/recommender.js';
import { describeMachine, median } from './measure.js';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '5000' }, items: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' } },
});
const calls = Number(values.calls);
const itemCounts = values.items.split(',').map(Number);
const runs = Number(values.runs);

const artifacts = loadRecommenderArtifacts();
const recommender = new MovieRecommender({ artifacts, index: MovieRecommender.buildIndex(artifacts) });
const random = createRandom(7);
const d = artifacts.embeddingDimensions;

/** Median µs per call of `fn` over `calls` calls, each on a different prepared input. */
function time<T>(inputs: readonly T[], fn: (input: T) => unknown): number {
  for (let i = 0; i < Math.min(500, inputs.length); i++) fn(inputs[i]!); // warm-up: let the JIT settle
  const samples: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    fn(input);
    samples.push((performance.now() - start) * 1000);
  }
  return median(samples);
}

const results = itemCounts.map((items) => {
  const activities = Array.from({ length: calls }, () => {
    const ids = new Set<number>();
    while (ids.size < items) ids.add(artifacts.movies[Math.floor(random.next() * artifacts.movies.length)]!.movieId);
    return [...ids].map((movieId) => ({ movieId, rating: 0.5 * (1 + Math.floor(random.next() * 10)) }));
  });
  const foldInputs: FoldInItem[][] = activities.map((activity) =>
    activity.map(({ movieId, rating }) => {
      const vector = recommender.vectorOf(movieId)!;
      return { embedding: vector.subarray(0, d), bias: vector[d]!, rating };
    }),
  );
  const foldInRuns: number[] = [];
  const referenceRuns: number[] = [];
  const predictRuns: number[] = [];
  for (let run = 0; run < runs; run++) {
    foldInRuns.push(time(foldInputs, (input) => foldIn(input, artifacts.foldIn, artifacts.foldInStatistics)));
    referenceRuns.push(time(foldInputs, (input) => foldInReference(input, artifacts.foldIn, artifacts.foldInStatistics)));
    predictRuns.push(time(activities, (activity) => recommender.predict({ recentActivity: activity, k: 10 })));
  }
  return {
    items,
    foldInMicros: median(foldInRuns),
    foldInReferenceMicros: median(referenceRuns),
    predictMicros: median(predictRuns),
    foldInRuns,
    referenceRuns,
    predictRuns,
  };
});

console.log(JSON.stringify({ machine: describeMachine(), calls, runs, results }, null, 2));
