/**
 * `npm run personalization -- [--out <file.json>] [--seed 42 …] [--label <text>]`
 *
 * Does the recommender recommend *for the user*? Measures, on a time split held out
 * from training (each user's 5 latest ratings, src/evaluation.ts), every figure issue
 * 15 asks for, and checks them against its goals:
 *
 * - recall@10 and NDCG@10 of the model (fold-in + exact search) against three
 *   baselines: popularity (most-rated unseen), item bias only (the model's own b_i,
 *   no user term) and random unseen movies;
 * - RMSE of μ + c_u + b_i + u·v_i on the held-out ratings, against the global mean
 *   and a bias-only predictor (damped item and user means, Koren 2010);
 * - catalog coverage: distinct movies across 1,000 users' top 10s;
 * - mean pairwise overlap of top 10s: for those 1,000 real users, for 500 users
 *   with 3–12 random movies rated 4.5 (the probe of the issue), and for genre-pair
 *   users built the way apps/demo-dashboard/src/sample-users.ts builds them;
 * - genre coherence: 20 users per genre, each 8 single-genre movies of it rated 5;
 * - HNSW recall@10 against exact search on these embeddings, with folded-in user
 *   queries and each user's history excluded.
 *
 * Everything is seeded, so the quality figures are reproducible; no timing is reported.
 * Run it with the code as it stands: the model it trains is the package's defaults.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileDurably } from '@serverless-ai/model-interface';
import {
  catalogCoverage,
  createRandom,
  decodeEncodedArtifacts,
  encodeRecommenderArtifacts,
  ExactIndex,
  foldIn,
  type KnnIndex,
  loadRecommenderArtifacts,
  meanRecallAtK,
  type Movie,
  MovieRecommender,
  pairwiseOverlap,
  rankingMetrics,
  type RecommenderArtifacts,
  splitLatestRatings,
  trainRecommender,
  userHistories,
} from '../src/index.js';
import { AliasTable } from '../src/random.js';
import { datasetOptions, machine, secondsSince } from './cli.js';
import { loadDataset, printProgress } from './pipeline.js';

const { values } = parseArgs({
  options: {
    ...datasetOptions,
    out: { type: 'string' },
    label: { type: 'string', default: 'current code' },
  },
});

const K = 10;
const HELD_OUT = 5;
const PANEL_USERS = 1000;
const started = performance.now();
const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
const dataset = await loadDataset(values);
const { data } = dataset;

// 1. The time split, and the model trained on its training part with the package defaults.
const split = splitLatestRatings(data.ratings, HELD_OUT, 5);
console.error(`Training on ${split.training.length} ratings (each user's ${HELD_OUT} latest held out) …`);
const trained = trainRecommender({ movies: data.movies, ratings: split.training }, { onIteration: printProgress('split') });
const artifacts = decodeEncodedArtifacts(
  encodeRecommenderArtifacts(trained, { createdAt: new Date(0).toISOString(), trainingData: { summary: 'split', facts: {} }, metrics: {} }),
);
const d = artifacts.embeddingDimensions;
const width = artifacts.dimensions;
const labels = artifacts.movies.map((m) => m.movieId);
const exactIndex = ExactIndex.build({ space: artifacts.space, numDimensions: width }, labels, artifacts.itemVectors);
const model = new MovieRecommender({ artifacts, index: exactIndex });
const rowOf = new Map(labels.map((id, row) => [id, row]));

// Each evaluated user's training history, oldest first, and held-out ratings.
const history = userHistories(split.training, split.heldOut);
const heldOutRating = new Map<string, number>();
for (let r = 0; r < data.ratings.length; r++) heldOutRating.set(`${data.ratings.userIds[r]}:${data.ratings.movieIds[r]}`, data.ratings.ratings[r]!);
const users = [...split.heldOut.keys()].filter((u) => history.has(u)).sort((a, b) => a - b);

// 2. Ranking quality: model and baselines.
const byPopularity = labels.map((id, row) => ({ id, row })).sort((a, b) => artifacts.popularity[b.row]! - artifacts.popularity[a.row]! || a.id - b.id);
const byBias = labels
  .map((id, row) => ({ id, row }))
  .sort((a, b) => artifacts.itemVectors[b.row * width + d]! - artifacts.itemVectors[a.row * width + d]! || a.id - b.id);
const firstUnseen = (ranked: readonly { id: number }[], seen: ReadonlySet<number>): number[] => {
  const top: number[] = [];
  for (const { id } of ranked) {
    if (top.length === K) break;
    if (!seen.has(id)) top.push(id);
  }
  return top;
};
const randomPicker = createRandom(7);
const randomUnseen = (seen: ReadonlySet<number>): number[] => {
  const top = new Set<number>();
  while (top.size < K) {
    const id = labels[randomPicker.int(labels.length)]!;
    if (!seen.has(id)) top.add(id);
  }
  return [...top];
};

const sums = { model: [0, 0], popularity: [0, 0], itemBias: [0, 0], random: [0, 0] };
const modelLists = new Map<number, number[]>();
console.error(`Recommending for ${users.length} users …`);
for (const user of users) {
  const items = history.get(user)!;
  const seen = new Set(items.map((i) => i.movieId));
  const relevant = new Set(split.heldOut.get(user));
  const lists = {
    model: model.recommendForOrderedActivity(items, K).map((r) => r.movieId),
    popularity: firstUnseen(byPopularity, seen),
    itemBias: firstUnseen(byBias, seen),
    random: randomUnseen(seen),
  };
  modelLists.set(user, lists.model);
  for (const key of Object.keys(sums) as (keyof typeof sums)[]) {
    const m = rankingMetrics(lists[key], relevant, K);
    sums[key][0]! += m.recall;
    sums[key][1]! += m.ndcg;
  }
}
const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;
const ranking = Object.fromEntries(
  Object.entries(sums).map(([key, [recall, ndcg]]) => [key, { recallAt10: round(recall! / users.length), ndcgAt10: round(ndcg! / users.length) }]),
) as Record<keyof typeof sums, { recallAt10: number; ndcgAt10: number }>;

// 3. RMSE on held-out ratings: the model's full prediction, global mean, damped biases.
const mean = artifacts.foldIn.globalMean;
const itemSum = new Float64Array(labels.length);
const itemCount = new Float64Array(labels.length);
for (let r = 0; r < split.training.length; r++) {
  const row = rowOf.get(split.training.movieIds[r]!)!;
  itemSum[row]! += split.training.ratings[r]! - mean;
  itemCount[row]!++;
}
const itemBaseline = Float64Array.from(itemSum, (s, row) => s / (25 + itemCount[row]!));
const squared = { model: 0, globalMean: 0, biasOnly: 0 };
let rated = 0;
for (const user of users) {
  const items = history.get(user)!;
  const solution = foldIn(
    items.map((item) => {
      const row = rowOf.get(item.movieId)!;
      return { embedding: artifacts.itemVectors.subarray(row * width, row * width + d), bias: artifacts.itemVectors[row * width + d]!, rating: item.rating };
    }),
    artifacts.foldIn,
    artifacts.foldInStatistics,
  );
  let userResidual = 0;
  for (const item of items) userResidual += item.rating - mean - itemBaseline[rowOf.get(item.movieId)!]!;
  const userBaseline = userResidual / (10 + items.length);
  for (const movieId of split.heldOut.get(user)!) {
    const actual = heldOutRating.get(`${user}:${movieId}`)!;
    const row = rowOf.get(movieId)!;
    let predicted = mean + solution[d]! + artifacts.itemVectors[row * width + d]!;
    for (let k = 0; k < d; k++) predicted += solution[k]! * artifacts.itemVectors[row * width + k]!;
    squared.model += (actual - Math.min(5, Math.max(0.5, predicted))) ** 2;
    squared.globalMean += (actual - mean) ** 2;
    squared.biasOnly += (actual - Math.min(5, Math.max(0.5, mean + itemBaseline[row]! + userBaseline))) ** 2;
    rated++;
  }
}
const rmse = { model: round(Math.sqrt(squared.model / rated)), globalMean: round(Math.sqrt(squared.globalMean / rated)), biasOnly: round(Math.sqrt(squared.biasOnly / rated)) };

// 4. Coverage and overlap over 1,000 real users (an even spread over the evaluated users).
const panel = Array.from({ length: Math.min(PANEL_USERS, users.length) }, (_, i) => users[Math.floor((i * users.length) / Math.min(PANEL_USERS, users.length))]!);
const panelLists = panel.map((u) => modelLists.get(u)!);
const coverage = catalogCoverage(panelLists, labels.length);
const panelOverlap = pairwiseOverlap(panelLists);

// 5. The probe: 500 users with 3–12 random movies each, rated 4.5.
const probeRandom = createRandom(2026);
const probeLists: number[][] = [];
for (let u = 0; u < 500; u++) {
  const count = 3 + probeRandom.int(10);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(labels[probeRandom.int(labels.length)]!);
  probeLists.push(model.recommendForOrderedActivity([...chosen].map((movieId) => ({ movieId, rating: 4.5 })), K).map((r) => r.movieId));
}
const probeOverlap = pairwiseOverlap(probeLists);
const probeCoverage = catalogCoverage(probeLists, labels.length);

// 6. Genre coherence: 20 users per genre, 8 single-genre movies of it (drawn by popularity), rated 5.
const coherenceRandom = createRandom(15);
const genres = [...new Set(data.movies.flatMap((m) => m.genres))].sort();
const coherence: Record<string, number> = {};
const coherenceLists: number[][] = [];
let coherent = 0;
let recommended = 0;
for (const genre of genres) {
  const pool = artifacts.movies
    .map((movie, row) => ({ movie, row }))
    .filter(({ movie, row }) => movie.genres.length === 1 && movie.genres[0] === genre && artifacts.popularity[row]! > 0);
  if (pool.length < 16) continue;
  const alias = new AliasTable(pool.map(({ row }) => artifacts.popularity[row]!));
  let inGenre = 0;
  let all = 0;
  for (let u = 0; u < 20; u++) {
    const chosen = new Set<number>();
    while (chosen.size < 8) chosen.add(pool[alias.sample(coherenceRandom)]!.movie.movieId);
    const top = model.recommendForOrderedActivity([...chosen].map((movieId) => ({ movieId, rating: 5 })), K);
    coherenceLists.push(top.map((r) => r.movieId));
    inGenre += top.filter((r) => r.genres.includes(genre)).length;
    all += top.length;
  }
  coherence[genre] = round(inGenre / all, 3);
  coherent += inGenre;
  recommended += all;
}
const catalogShare = Object.fromEntries(genres.map((g) => [g, round(data.movies.filter((m) => m.genres.includes(g)).length / data.movies.length, 3)]));

// 7. Genre-pair users as the demo builds them, on this split model and on the committed artifacts.
const sampleUsers = (movies: readonly Movie[], popularity: ArrayLike<number>) => {
  const pairCounts = new Map<string, number>();
  for (const movie of movies) {
    const g = [...new Set(movie.genres)].sort();
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) pairCounts.set(`${g[i]}|${g[j]}`, (pairCounts.get(`${g[i]}|${g[j]}`) ?? 0) + 1);
  }
  const pairs = [...pairCounts.entries()].filter(([, c]) => c >= 8).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const used = new Set<string>();
  const out: { name: string; activity: { movieId: number; rating: number }[] }[] = [];
  const pattern = [5, 4.5, 5, 4, 4.5, 5, 4, 4.5];
  for (const [key] of pairs) {
    if (out.length === 5) break;
    const pair = key.split('|');
    if (pair.some((g) => used.has(g))) continue;
    pair.forEach((g) => used.add(g));
    const candidates = movies.map((movie, row) => ({ movie, row })).filter(({ movie }) => pair.every((g) => movie.genres.includes(g)));
    const exact = candidates.filter(({ movie }) => movie.genres.length === 2);
    const pool = (exact.length >= 8 ? exact : candidates).sort((a, b) => popularity[b.row]! - popularity[a.row]! || a.movie.movieId - b.movie.movieId);
    out.push({ name: pair.join(' + '), activity: pool.slice(0, 8).map(({ movie }, i) => ({ movieId: movie.movieId, rating: pattern[i]! })) });
  }
  return out;
};
const sampleOverlap = (served: RecommenderArtifacts, index: KnnIndex) => {
  const recommender = new MovieRecommender({ artifacts: served, index });
  const usersOf = sampleUsers(served.movies, served.popularity);
  // The page lists the most-rated movie first and sends it as the newest: oldest first is the reverse.
  const lists = usersOf.map((u) => recommender.recommendForOrderedActivity([...u.activity].reverse(), K).map((r) => r.movieId));
  return { users: usersOf.map((u) => u.name), ...pairwiseOverlap(lists) };
};
const committed = loadRecommenderArtifacts();
const committedIndex = ExactIndex.build({ space: committed.space, numDimensions: committed.dimensions }, committed.movies.map((m) => m.movieId), committed.itemVectors);
const samples = { splitModel: sampleOverlap(artifacts, exactIndex), committedArtifacts: { version: committed.card.version, ...sampleOverlap(committed, committedIndex) } };

// 8. HNSW against exact search on these embeddings with folded-in user queries.
console.error('Building the HNSW index (defaults) …');
const hnsw = MovieRecommender.buildIndex(artifacts);
const approximate: number[][] = [];
const exact: number[][] = [];
for (const user of panel) {
  const items = history.get(user)!;
  const { query } = model.userQuery(items);
  const exclude = new Set(items.map((i) => i.movieId));
  approximate.push(hnsw.searchKnn(query, K, exclude).neighbors);
  exact.push(exactIndex.searchKnn(query, K, exclude).neighbors);
}
const hnswRecall = round(meanRecallAtK(approximate, exact, K));

// 9. Goals of issue 15.
const goal = (name: string, value: number, target: string, met: boolean) => ({ name, value: round(value, 3), target, met });
const goals = [
  goal('recall@10 ÷ popularity', ranking.model.recallAt10 / ranking.popularity.recallAt10, '≥ 2', ranking.model.recallAt10 >= 2 * ranking.popularity.recallAt10),
  goal('recall@10 ÷ item bias only', ranking.model.recallAt10 / ranking.itemBias.recallAt10, '≥ 1.5', ranking.model.recallAt10 >= 1.5 * ranking.itemBias.recallAt10),
  goal('catalog coverage (1,000 users)', coverage.share, '≥ 0.10', coverage.share >= 0.1),
  goal('mean pairwise overlap, 1,000 real users', panelOverlap.mean, '≤ 1 of 10', panelOverlap.mean <= 1),
  goal('mean pairwise overlap, 500 random-activity users', probeOverlap.mean, '≤ 1 of 10', probeOverlap.mean <= 1),
  goal('mean pairwise overlap, demo sample users (committed artifacts)', samples.committedArtifacts.mean, '≤ 2 of 10', samples.committedArtifacts.mean <= 2),
  goal('genre coherence (single-genre users)', coherent / recommended, '≥ 0.5', coherent / recommended >= 0.5),
  goal('HNSW recall@10 vs exact, folded-in user queries', hnswRecall, '≥ 0.97', hnswRecall >= 0.97),
];

const results = {
  name: 'recommender-personalization',
  label: values.label,
  command: `npm run personalization -w @serverless-ai/movie-recommender -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: machine(),
  loadAverage1mAtStart: loadAtStart,
  dataset: dataset.facts,
  training: trained.parameters.training,
  foldIn: { regularization: trained.parameters.foldIn.regularization, halfLife: trained.parameters.foldIn.halfLife, maxItems: trained.parameters.foldIn.maxItems },
  split: { heldOutPerUser: HELD_OUT, evaluatedUsers: users.length, trainingRatings: split.training.length },
  ranking,
  rmse: { ...rmse, heldOutRatings: rated },
  coverage: { users: panel.length, distinctMovies: coverage.distinct, share: round(coverage.share) },
  pairwiseOverlap: {
    realUsers: { users: panel.length, mean: round(panelOverlap.mean, 3), max: panelOverlap.max },
    randomActivityUsers: { users: probeLists.length, mean: round(probeOverlap.mean, 3), max: probeOverlap.max, distinctMovies: probeCoverage.distinct },
    singleGenreUsers: { users: coherenceLists.length, mean: round(pairwiseOverlap(coherenceLists).mean, 3) },
  },
  genreCoherence: { users: coherenceLists.length, share: round(coherent / recommended, 3), byGenre: coherence, catalogShareByGenre: catalogShare },
  sampleUsers: samples,
  hnswVsExact: { queries: panel.length, k: K, recallAt10: hnswRecall },
  goals,
  seconds: secondsSince(started),
};
console.log(JSON.stringify({ ranking, rmse, coverage: results.coverage, pairwiseOverlap: results.pairwiseOverlap, genreCoherence: results.genreCoherence.share, sampleUsers: samples, hnswRecall, goals }, null, 2));
if (values.out) {
  writeFileDurably(resolve(values.out), `${JSON.stringify(results, null, 2)}\n`);
  console.error(`Results: ${resolve(values.out)}`);
}
