/**
 * Bench internals: read this when you want to know which users the trained-embeddings row of index-bench.ts queries with, and how their queries are made.
 */
import type { RecommenderArtifacts } from '../../src/artifacts.js';
import { generateMovieLens } from '../../src/data/generate.js';
import { userHistories } from '../../src/evaluation.js';
import type { MovieRecommender } from '../../src/recommender.js';

/**
 * Up to `count` users of the seeded dataset the artifacts were trained on, spread evenly
 * over the user ids, each as a folded-in query `[u, β]` from their newest 200 ratings,
 * with every movie they rated excluded.
 */
export function foldedInUserQueries(artifacts: RecommenderArtifacts, recommender: MovieRecommender, count: number) {
  const seed = Number(artifacts.card.trainingData.facts.seed ?? 42);
  const data = generateMovieLens({ seed, movies: artifacts.movies.length });
  const histories = userHistories(data.ratings);
  const users = [...histories.keys()].sort((a, b) => a - b);
  const wanted = Math.min(count, users.length);
  const chosen = Array.from({ length: wanted }, (_, i) => users[Math.floor((i * users.length) / wanted)]!);
  return chosen.map((user) => {
    const items = histories.get(user)!.slice(-200);
    return { query: recommender.userQuery(items).query, exclude: new Set(items.map((i) => i.movieId)) };
  });
}
