/**
 * `npm run evaluate -- [--movielens <folder>] [--seed 42 …] [--eval-users N] [--artifacts <folder>] [--json]`
 *   `[--dimensions 64] [--iterations 10] [--missing-weight 0.2] [--regularization 20]`
 *
 * Runs the offline evaluation alone (src/evaluation.ts): each user's 5 latest
 * ratings held out, the model retrained on the rest, recall@10 and NDCG@10 of the
 * recommender (fold-in + exact search, and via the HNSW index) against the
 * popularity baseline. On the default dataset the figures equal those in the
 * committed model card, which `npm run train` records.
 *
 * Then, on the artifacts in --artifacts (default: the committed ones), it prints how
 * personal the lists are and where a new movie with a derived embedding ranks for
 * fans of its genre and of others (scripts/taste-check.ts).
 */
import { parseArgs } from 'node:util';
import { ALS_DEFAULTS, DEFAULT_ARTIFACTS_DIR, evaluateRecommender, loadRecommenderArtifacts, type RecommenderArtifacts } from '../src/index.js';
import { datasetOptions, integerOption, numberOption, secondsSince } from './cli.js';
import { loadDataset, printProgress } from './pipeline.js';
import { printTasteChecks } from './taste-check.js';

const { values } = parseArgs({
  options: {
    ...datasetOptions,
    movielens: { type: 'string' },
    dimensions: { type: 'string', default: String(ALS_DEFAULTS.dimensions) },
    iterations: { type: 'string', default: String(ALS_DEFAULTS.iterations) },
    'eval-users': { type: 'string' },
    json: { type: 'boolean', default: false },
    artifacts: { type: 'string', default: DEFAULT_ARTIFACTS_DIR },
    'missing-weight': { type: 'string', default: String(ALS_DEFAULTS.missingWeight) },
    regularization: { type: 'string', default: String(ALS_DEFAULTS.regularization) },
  },
});
const started = performance.now();
const dataset = await loadDataset(values);
const report = evaluateRecommender(dataset.data, {
  training: {
    dimensions: integerOption('dimensions', values.dimensions),
    iterations: integerOption('iterations', values.iterations),
    missingWeight: numberOption('missing-weight', values['missing-weight']),
    regularization: numberOption('regularization', values.regularization),
    onIteration: printProgress('evaluation'),
  },
  hnsw: {},
  ...(values['eval-users'] ? { maxUsers: integerOption('eval-users', values['eval-users']) } : {}),
});

if (values.json) {
  console.log(JSON.stringify({ dataset: dataset.facts, ...report }, null, 2));
} else {
  const row = (name: string, m: { recall: number; ndcg: number } | undefined) =>
    m ? `  ${name.padEnd(32)} ${m.recall.toFixed(4).padStart(10)} ${m.ndcg.toFixed(4).padStart(10)}` : '';
  console.log(`\n${report.evaluatedUsers} users, ${report.heldOutPerUser} latest ratings each held out, top ${report.k}:`);
  console.log(`  ${''.padEnd(32)} ${'recall@10'.padStart(10)} ${'NDCG@10'.padStart(10)}`);
  console.log(row('recommender (exact search)', report.recommender));
  console.log(row('recommender (HNSW index)', report.recommenderHnsw));
  console.log(row('popularity baseline', report.popularity));
  const lift = report.recommender.recall / Math.max(1e-9, report.popularity.recall);
  console.log(`\nrecall@10 is ${lift.toFixed(2)}× the baseline's. Total ${secondsSince(started)} s.`);
}

// Point out when these are the committed artifacts' figures, then check their taste.
let committed: RecommenderArtifacts | undefined;
try {
  committed = loadRecommenderArtifacts(values.artifacts);
} catch (err) {
  console.error(`No usable artifacts in ${values.artifacts}: ${(err as Error).message}`);
}
if (committed) {
  const { card } = committed;
  const recorded = card.metrics.model as { recallAt10?: number } | undefined;
  const same = ['source', 'seed', 'movies', 'users', 'meanRatingsPerUser'].every((key) => card.trainingData.facts[key] === dataset.facts[key]);
  const defaults =
    values.dimensions === String(ALS_DEFAULTS.dimensions) &&
    values.iterations === String(ALS_DEFAULTS.iterations) &&
    values['missing-weight'] === String(ALS_DEFAULTS.missingWeight) &&
    values.regularization === String(ALS_DEFAULTS.regularization);
  if (same && defaults && recorded?.recallAt10 !== undefined && !values['eval-users']) {
    console.log(`The model card in ${values.artifacts} (${card.version}) records recall@10 ${recorded.recallAt10} for this dataset.`);
  }
  if (!values.json) printTasteChecks(committed);
}
