/**
 * `npm run tune -- [--regularization 20,5,2] [--fold-in 20,5,2,1] [--bias-weight 1,0.5,0.25,0.1,0] [--out <file.json>]`
 *   `[--missing-weight 0.2] [--missing-rating 1] [--half-life 50] [--implicit]`
 *
 * Chooses the model's three knobs on a validation split, never on the test split:
 * - `regularization` λ of training;
 * - the fold-in regularization for the short histories a request carries;
 * - `biasWeight` β, the weight of the item bias in the ranking score u·v + β·b.
 *
 * Splits, by time:
 *   all ratings → test (each user's 5 latest, used only by `train`/`personalization`)
 *              → the rest → validation (each user's 5 latest of the rest) + fit (the rest of the rest).
 * For each λ the model is trained on *fit*; every (fold-in λ, β) pair is then scored on
 * the validation ratings of 1,000 users spread over the id range: recall@10, NDCG@10,
 * and how personal the lists are (coverage, mean pairwise overlap), for the record.
 * The winner is the highest validation recall@10 (ties: NDCG). Seeded, so repeatable.
 * Two scale markers are printed: the popularity baseline and a genre × popularity
 * heuristic on the same users. `--implicit` tries the implicit-feedback variant (every
 * rating counts as 1, unrated as `--missing-rating`), for comparison.
 * The committed defaults (ALS_DEFAULTS.regularization, RANKING_DEFAULTS) come from
 * `npm run tune -- --regularization 5,2 --fold-in 20,5 --bias-weight 1,0.75,0.5 --out ../../docs/results/recommender-tuning.json`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileDurably } from '@serverless-ai/model-interface';
import {
  ALS_DEFAULTS,
  catalogCoverage,
  FOLD_IN_DEFAULTS,
  foldIn,
  foldInStatistics,
  type FoldInParameters,
  pairwiseOverlap,
  rankingMetrics,
  splitLatestRatings,
  trainRecommender,
  userHistories,
} from '../src/index.js';
import { datasetOptions, machine, secondsSince } from './cli.js';
import { loadDataset, printProgress } from './pipeline.js';

const { values } = parseArgs({
  options: {
    ...datasetOptions,
    regularization: { type: 'string', default: '20,5,2' },
    'fold-in': { type: 'string', default: '20,5,2,1' },
    'bias-weight': { type: 'string', default: '1,0.5,0.25,0.1,0' },
    'missing-weight': { type: 'string', default: String(ALS_DEFAULTS.missingWeight) },
    'missing-rating': { type: 'string', default: String(ALS_DEFAULTS.missingRating) },
    'validation-users': { type: 'string', default: '1000' },
    out: { type: 'string' },
    implicit: { type: 'boolean', default: false },
    'half-life': { type: 'string', default: String(FOLD_IN_DEFAULTS.halfLife) },
  },
});
const list = (text: string): number[] => text.split(',').map((x) => Number(x.trim()));
const K = 10;
const started = performance.now();
const { data, facts } = await loadDataset(values);

// Test split first, and it is dropped: nothing below sees the test ratings.
const { training: beforeTest } = splitLatestRatings(data.ratings, 5, 5);
const validation = splitLatestRatings(beforeTest, 5, 5);
if (values.implicit) validation.training.ratings.fill(1);
const history = userHistories(validation.training, validation.heldOut);
const candidates = [...validation.heldOut.keys()].filter((u) => history.has(u)).sort((a, b) => a - b);
const wanted = Math.min(Number(values['validation-users']), candidates.length);
const users = Array.from({ length: wanted }, (_, i) => candidates[Math.floor((i * candidates.length) / wanted)]!);

interface Row {
  regularization: number;
  foldInRegularization: number;
  biasWeight: number;
  recallAt10: number;
  ndcgAt10: number;
  coverage: number;
  meanOverlap: number;
}
const rows: Row[] = [];
// The popularity baseline on the same validation users, for scale.
const counts = new Map<number, number>();
for (const id of validation.training.movieIds) counts.set(id, (counts.get(id) ?? 0) + 1);
const popular = data.movies.map((m) => m.movieId).sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a - b);
let popularityRecall = 0;
for (const user of users) {
  const seen = new Set(history.get(user)!.map((i) => i.movieId));
  const top = popular.filter((id) => !seen.has(id)).slice(0, K);
  popularityRecall += rankingMetrics(top, new Set(validation.heldOut.get(user)), K).recall;
}
popularityRecall = round(popularityRecall / users.length);
// A hand-made taste baseline for scale: popularity × the user's share of each genre in their history.
let genreRecall = 0;
const genresOf = new Map(data.movies.map((m) => [m.movieId, m.genres]));
for (const user of users) {
  const items = history.get(user)!;
  const seen = new Set(items.map((i) => i.movieId));
  const share = new Map<string, number>();
  for (const item of items) for (const g of genresOf.get(item.movieId)!) share.set(g, (share.get(g) ?? 0) + 1 / items.length);
  const scored = data.movies
    .filter((m) => !seen.has(m.movieId))
    .map((m) => ({ id: m.movieId, s: (counts.get(m.movieId) ?? 0) * m.genres.reduce((sum, g) => sum + (share.get(g) ?? 0), 0.02) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, K)
    .map((x) => x.id);
  genreRecall += rankingMetrics(scored, new Set(validation.heldOut.get(user)), K).recall;
}
console.error(`Genre × popularity heuristic on validation: recall@10 ${round(genreRecall / users.length)}`);
console.error(`Popularity baseline on validation: recall@10 ${popularityRecall}`);
for (const regularization of list(values.regularization)) {
  console.error(`λ = ${regularization}: training on ${validation.training.length} ratings …`);
  const trained = trainRecommender(
    { movies: data.movies, ratings: validation.training },
    {
      regularization,
      missingWeight: Number(values['missing-weight']),
      missingRating: Number(values['missing-rating']),
      onIteration: printProgress(`λ ${regularization}`),
    },
  );
  const { embeddings, biases } = trained;
  const d = trained.parameters.foldIn.dimensions;
  const n = biases.length;
  const rowOf = new Map(trained.movies.map((m, row) => [m.movieId, row]));
  const stats = foldInStatistics(embeddings, biases, trained.parameters.foldIn);
  const affinity = new Float64Array(n);
  for (const foldInRegularization of list(values['fold-in'])) {
    const params: FoldInParameters = { ...trained.parameters.foldIn, regularization: foldInRegularization, halfLife: Number(values['half-life']) };
    const weights = list(values['bias-weight']);
    const perWeight = weights.map(() => ({ recall: 0, ndcg: 0, lists: [] as number[][] }));
    for (const user of users) {
      const items = history.get(user)!;
      const u = foldIn(
        items.map((item) => {
          const row = rowOf.get(item.movieId)!;
          return { embedding: embeddings.subarray(row * d, (row + 1) * d), bias: biases[row]!, rating: values.implicit ? 1 : item.rating };
        }),
        params,
        stats,
      );
      for (let i = 0; i < n; i++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += u[k]! * embeddings[i * d + k]!;
        affinity[i] = dot;
      }
      const seen = new Set(items.map((item) => rowOf.get(item.movieId)!));
      const relevant = new Set(validation.heldOut.get(user)!.map((id) => rowOf.get(id)!));
      weights.forEach((beta, w) => {
        const top = topK(n, (i) => affinity[i]! + beta * biases[i]!, seen);
        const m = rankingMetrics(top, relevant, K);
        perWeight[w]!.recall += m.recall;
        perWeight[w]!.ndcg += m.ndcg;
        perWeight[w]!.lists.push(top);
      });
    }
    weights.forEach((biasWeight, w) => {
      const { recall, ndcg, lists } = perWeight[w]!;
      const row: Row = {
        regularization,
        foldInRegularization,
        biasWeight,
        recallAt10: round(recall / users.length),
        ndcgAt10: round(ndcg / users.length),
        coverage: round(catalogCoverage(lists, n).share),
        meanOverlap: round(pairwiseOverlap(lists).mean, 3),
      };
      rows.push(row);
      console.error(`  λ ${regularization}  fold-in λ ${foldInRegularization}  β ${biasWeight}: recall@10 ${row.recallAt10}  NDCG@10 ${row.ndcgAt10}  coverage ${row.coverage}  overlap ${row.meanOverlap}`);
    });
  }
}
const best = [...rows].sort((a, b) => b.recallAt10 - a.recallAt10 || b.ndcgAt10 - a.ndcgAt10)[0]!;
console.log(`Best on validation: λ ${best.regularization}, fold-in λ ${best.foldInRegularization}, β ${best.biasWeight} (recall@10 ${best.recallAt10}, NDCG@10 ${best.ndcgAt10})`);
if (values.out) {
  const results = {
    name: 'recommender-tuning',
    command: `npm run tune -w @serverless-ai/movie-recommender -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machine(),
    dataset: facts,
    split: { validationUsers: users.length, fitRatings: validation.training.length, note: 'test ratings (each user’s 5 latest) removed before anything else' },
    fixed: { missingWeight: Number(values['missing-weight']), missingRating: Number(values['missing-rating']), dimensions: ALS_DEFAULTS.dimensions, halfLife: Number(values['half-life']) },
    best,
    popularityRecallAt10: popularityRecall,
    rows,
    seconds: secondsSince(started),
  };
  writeFileDurably(resolve(values.out), `${JSON.stringify(results, null, 2)}\n`);
}

function round(x: number, digits = 4): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

/** Rows of the k highest scores, skipping `exclude`, best first. */
function topK(n: number, score: (i: number) => number, exclude: ReadonlySet<number>): number[] {
  const rowsTop: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    if (exclude.has(i)) continue;
    const s = score(i);
    if (rowsTop.length === K && s <= scores[K - 1]!) continue;
    let at = Math.min(rowsTop.length, K - 1);
    if (rowsTop.length < K) {
      rowsTop.push(i);
      scores.push(s);
      at = rowsTop.length - 1;
    }
    while (at > 0 && scores[at - 1]! < s) {
      scores[at] = scores[at - 1]!;
      rowsTop[at] = rowsTop[at - 1]!;
      at--;
    }
    scores[at] = s;
    rowsTop[at] = i;
  }
  return rowsTop;
}
