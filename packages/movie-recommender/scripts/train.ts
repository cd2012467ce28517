/**
 * `npm run train -- [--movielens <folder>] [--out <folder>] [options]`
 *
 * Trains the recommender and writes its artifacts (catalog, embeddings, biases,
 * parameters, model card with checksums and evaluation metrics).
 *
 * 1. Data: a MovieLens folder (`movies.csv`, `ratings.csv`, e.g. unzipped ml-latest-small
 *    or ml-25m), or the seeded generator (default: the committed artifacts' dataset).
 * 2. Evaluation: hold out each user's 5 latest ratings, train on the rest, measure
 *    recall@10 and NDCG@10 against popularity (src/evaluation.ts). Skip with --skip-evaluation.
 * 3. Training on all ratings, ALS progress on stderr.
 * 4. Artifacts, written durably with the card last, into --out (default: artifacts/).
 * 5. With --results <file>, timings and sizes as JSON (machine included).
 *
 * Options: --dimensions 64, --iterations 10, --solver cg|exact, --seed/--movies/--users/
 * --ratings-per-user (generator), --eval-users N (evaluate only the first N users).
 */
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileDurably } from '@serverless-ai/model-interface';
import {
  ALS_DEFAULTS,
  DEFAULT_ARTIFACTS_DIR,
  encodeRecommenderArtifacts,
  evaluateRecommender,
  type EvaluationReport,
  trainRecommender,
  type TrainRecommenderOptions,
  writeRecommenderArtifacts,
} from '../src/index.js';
import { datasetOptions, integerOption, machine, secondsSince } from './cli.js';
import { loadDataset, printProgress } from './pipeline.js';

const { values } = parseArgs({
  options: {
    ...datasetOptions,
    movielens: { type: 'string' },
    out: { type: 'string', default: DEFAULT_ARTIFACTS_DIR },
    dimensions: { type: 'string', default: String(ALS_DEFAULTS.dimensions) },
    iterations: { type: 'string', default: String(ALS_DEFAULTS.iterations) },
    solver: { type: 'string', default: ALS_DEFAULTS.solver },
    'skip-evaluation': { type: 'boolean', default: false },
    'eval-users': { type: 'string' },
    results: { type: 'string' },
  },
});
const out = resolve(values.out);
if (values.solver !== 'cg' && values.solver !== 'exact') {
  console.error(`--solver must be cg or exact, got ${JSON.stringify(values.solver)}`);
  process.exit(2);
}
const training: TrainRecommenderOptions = {
  dimensions: integerOption('dimensions', values.dimensions),
  iterations: integerOption('iterations', values.iterations),
  solver: values.solver,
};
const started = performance.now();
const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;

// 1. Data.
const dataset = await loadDataset(values);
const { data } = dataset;

// 2. Evaluation on a time-based split.
let evaluation: EvaluationReport | undefined;
if (!values['skip-evaluation']) {
  console.error('Evaluating: each user’s 5 latest ratings held out, trained on the rest …');
  evaluation = evaluateRecommender(data, {
    training: { ...training, onIteration: printProgress('evaluation') },
    hnsw: {},
    ...(values['eval-users'] ? { maxUsers: integerOption('eval-users', values['eval-users']) } : {}),
  });
  const { recommender, recommenderHnsw, popularity } = evaluation;
  console.error(
    `  recall@10 ${recommender.recall.toFixed(4)} (HNSW ${recommenderHnsw?.recall.toFixed(4)}) vs popularity ${popularity.recall.toFixed(4)}; ` +
      `NDCG@10 ${recommender.ndcg.toFixed(4)} (HNSW ${recommenderHnsw?.ndcg.toFixed(4)}) vs popularity ${popularity.ndcg.toFixed(4)}`,
  );
}

// 3. Training on every rating.
console.error(`Training on all ${data.ratings.length} ratings …`);
const trainingStarted = performance.now();
const trained = trainRecommender(data, { ...training, onIteration: printProgress('training') });
const trainingSeconds = secondsSince(trainingStarted);
const last = trained.history[trained.history.length - 1]!;

// 4. Artifacts. createdAt is the newest rating, so a retrain of the same data reproduces every byte.
let newest = 0;
for (let i = 0; i < data.ratings.length; i++) newest = Math.max(newest, data.ratings.timestamps[i]!);
const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const encoded = encodeRecommenderArtifacts(trained, {
  createdAt: new Date(newest * 1000).toISOString(),
  trainingData: {
    summary: dataset.summary,
    facts: { ...dataset.facts, users: trained.facts.users, moviesWithoutRatings: trained.facts.moviesWithoutRatings },
  },
  metrics: {
    ...(evaluation
      ? {
          model: { recallAt10: round(evaluation.recommender.recall), ndcgAt10: round(evaluation.recommender.ndcg) },
          modelViaHnsw: { recallAt10: round(evaluation.recommenderHnsw!.recall), ndcgAt10: round(evaluation.recommenderHnsw!.ndcg) },
          baselines: { popularity: { recallAt10: round(evaluation.popularity.recall), ndcgAt10: round(evaluation.popularity.ndcg) } },
          evaluation: {
            k: evaluation.k,
            heldOutPerUser: evaluation.heldOutPerUser,
            evaluatedUsers: evaluation.evaluatedUsers,
            trainingRatings: evaluation.trainingRatings,
          },
        }
      : {}),
    training: { iterations: last.iteration, loss: round(last.loss), rmse: round(last.rmse), initialLoss: round(trained.history[0]!.loss) },
  },
});
writeRecommenderArtifacts(out, encoded);
const sizes = Object.fromEntries([...encoded.files.keys()].map((name) => [name, statSync(join(out, name)).size]));
const totalSeconds = secondsSince(started);
console.log(`Wrote ${out} (catalog version ${encoded.catalogVersion}) in ${totalSeconds} s:`);
for (const [name, bytes] of Object.entries(sizes)) console.log(`  ${name.padEnd(16)} ${(bytes / 1024).toFixed(0).padStart(7)} KiB`);

// 5. Timings and sizes, for the docs.
if (values.results) {
  const results = {
    name: 'recommender-training',
    command: `npm run train -w @serverless-ai/movie-recommender -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machine(),
    // The machine is shared: a load average above its core count means the timings include waiting.
    loadAverage1mAtStart: loadAtStart,
    runs: 1,
    dataset: dataset.facts,
    dimensions: trained.parameters.foldIn.dimensions,
    iterations: last.iteration,
    solver: trained.parameters.training.solver,
    seconds: {
      total: totalSeconds,
      evaluationTraining: evaluation ? Math.round(evaluation.seconds.training * 10) / 10 : null,
      evaluationRecommending: evaluation ? Math.round(evaluation.seconds.recommending * 10) / 10 : null,
      training: trainingSeconds,
      perIteration: trained.history.slice(1).map((p) => Math.round(p.seconds * 100) / 100),
    },
    artifactBytes: sizes,
    catalogVersion: encoded.catalogVersion,
    metrics: encoded.card.metrics,
  };
  writeFileDurably(resolve(values.results), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Results: ${resolve(values.results)}`);
}
