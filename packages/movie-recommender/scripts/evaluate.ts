/**
 * `npm run evaluate -- [--movielens <folder>] [--seed 42 …] [--eval-users N] [--json]`
 *
 * Runs the offline evaluation alone (src/evaluation.ts): each user's 5 latest
 * ratings held out, the model retrained on the rest, recall@10 and NDCG@10 of the
 * recommender (fold-in + exact search, and via the HNSW index) against the
 * popularity baseline. On the default dataset the figures equal those in the
 * committed model card, which `npm run train` records.
 */
import { parseArgs } from 'node:util';
import { ALS_DEFAULTS, evaluateRecommender, loadRecommenderArtifacts } from '../src/index.js';
import { datasetOptions, integerOption, secondsSince } from './cli.js';
import { loadDataset, printProgress } from './pipeline.js';

const { values } = parseArgs({
  options: {
    ...datasetOptions,
    movielens: { type: 'string' },
    dimensions: { type: 'string', default: String(ALS_DEFAULTS.dimensions) },
    iterations: { type: 'string', default: String(ALS_DEFAULTS.iterations) },
    'eval-users': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const started = performance.now();
const dataset = await loadDataset(values);
const report = evaluateRecommender(dataset.data, {
  training: {
    dimensions: integerOption('dimensions', values.dimensions),
    iterations: integerOption('iterations', values.iterations),
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

// Point out when these are the committed artifacts' figures.
try {
  const card = loadRecommenderArtifacts().card;
  const committed = card.metrics.model as { recallAt10?: number } | undefined;
  const same = ['seed', 'movies', 'users', 'meanRatingsPerUser'].every((key) => card.trainingData.facts[key] === dataset.facts[key]);
  if (same && committed?.recallAt10 !== undefined && !values['eval-users']) {
    console.error(`The committed model card (${card.version}) records recall@10 ${committed.recallAt10} for this dataset.`);
  }
} catch {
  // No committed artifacts (or tampered ones): nothing to compare with.
}
