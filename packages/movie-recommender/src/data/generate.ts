/**
 * A seeded generator of MovieLens-layout data, so the default demo, the committed
 * artifacts and the tests need no download.
 *
 * The data come from a small latent taste model, built so that what a user watches
 * next depends on who they are, not only on what is popular (as in real rating data):
 * 1. Movies get 0-4 genres (MovieLens frequencies), a release year skewed to recent
 *    decades, a hidden quality, a popularity from a Zipf-like long tail over a random
 *    ranking (weight ∝ 1 / (rank + 10)^1.05), and a hidden *style*: 6 numbers (think
 *    light/dark, arthouse/blockbuster, slow/fast) that no file records.
 * 2. Users get genre affinities (two favourites, one or two dislikes, noise), a
 *    favourite era (centre year and width), a style preference (6 numbers), a rating
 *    bias, an activity level (log-normal, at least 15 ratings) and an active period
 *    within 2000-2023.
 * 3. What a user watches: a genre drawn by affinity × that genre's popularity mass,
 *    then a movie of that genre by popularity (an alias table: O(1) per draw, so
 *    cost grows with the number of ratings, not users × movies), kept with a
 *    probability that falls off away from the favourite era and with a style
 *    mismatch (∝ exp(style preference · movie style), capped at 1). So the chance
 *    of a movie is popularity × genre taste × era × style taste: log-linear in
 *    user and movie factors, which is what a factor model can learn.
 * 4. How they rate it: 2.1 + user bias + movie quality + genre affinity + era match +
 *    style match + noise, rounded to half stars in [0.5, 5] (mean about 3.5, most
 *    ratings 3-4.5, few below 2, as in MovieLens). Timestamps are sorted within the
 *    user's active period.
 *
 * Movies, movie styles and users draw from separate seeded streams, so changing the
 * number of users, or the style model, leaves the catalog unchanged. Edit the
 * constants here to change the world; every committed artifact changes with them
 * (retrain with `npm run train`).
 */
import { AliasTable, createRandom, type Random } from '../random.js';
import type { Movie, MovieLensData } from '../types.js';
import { RatingTableBuilder } from './rating-table.js';
import { syntheticTitle } from './titles.js';

/** MovieLens genres with rough relative frequencies (Drama and Comedy dominate). */
export const GENRE_WEIGHTS: Readonly<Record<string, number>> = {
  Drama: 25,
  Comedy: 17,
  Thriller: 8,
  Romance: 7,
  Action: 7,
  Crime: 5,
  Horror: 5,
  Documentary: 5,
  Adventure: 4,
  'Sci-Fi': 3.5,
  Mystery: 3,
  Fantasy: 3,
  Children: 2.5,
  Animation: 2.5,
  War: 1.5,
  Musical: 1,
  Western: 1,
  'Film-Noir': 0.4,
  IMAX: 0.3,
};
const GENRES = Object.keys(GENRE_WEIGHTS);

/** What to generate. Every field but `seed` has a default sized for the committed artifacts. */
export interface GenerateOptions {
  seed: number;
  /** Number of movies. @default 20000 (tested up to 1,000,000) */
  movies?: number;
  /** Number of users; 0 makes a catalog without ratings. @default 6000 */
  users?: number;
  /** Mean ratings per user (log-normal, at least 15, at most half the catalog). @default 100 */
  meanRatingsPerUser?: number;
}

/** Defaults of `generateMovieLens`, recorded in model cards. */
export const GENERATE_DEFAULTS = { movies: 20_000, users: 6_000, meanRatingsPerUser: 100 } as const;

const LATEST_YEAR = 2023;
/** Hidden style numbers per movie and per user. */
const STYLE_DIMENSIONS = 6;
/** Spread of a user's style preference per dimension: larger makes taste matter more than popularity. */
const STYLE_PREFERENCE = 1;
/** How strongly genre affinity steers which genre a user watches next (a favourite genre is e^(2·1.25) ≈ 12× likelier). */
const GENRE_TASTE = 2;
const ACTIVE_FROM = Date.UTC(2000, 0, 1) / 1000;
const ACTIVE_UNTIL = Date.UTC(2024, 0, 1) / 1000;
const DAY = 86_400;

/** Hidden per-movie facts the ratings are drawn from; not written to disk. */
interface LatentMovie {
  genreIndexes: number[];
  year: number | null;
  quality: number;
  /** STYLE_DIMENSIONS numbers, N(0, 1). */
  style: Float64Array;
}

/** Generates a whole dataset in memory. Same options → identical data. */
export function generateMovieLens(options: GenerateOptions): MovieLensData {
  const movieCount = options.movies ?? GENERATE_DEFAULTS.movies;
  const userCount = options.users ?? GENERATE_DEFAULTS.users;
  const meanRatings = options.meanRatingsPerUser ?? GENERATE_DEFAULTS.meanRatingsPerUser;
  if (!Number.isInteger(movieCount) || movieCount < 1) throw new RangeError('movies must be a positive integer');
  if (!Number.isInteger(userCount) || userCount < 0) throw new RangeError('users must be a non-negative integer');

  // 1. Movies.
  const movieRandom = createRandom(options.seed);
  const movies: Movie[] = new Array<Movie>(movieCount);
  const latent: LatentMovie[] = new Array<LatentMovie>(movieCount);
  const genreAlias = new AliasTable(GENRES.map((g) => GENRE_WEIGHTS[g]!));
  let movieId = 0;
  for (let i = 0; i < movieCount; i++) {
    // Ids with occasional gaps, as in MovieLens: an id is a label, not a row number.
    movieId += movieRandom.next() < 0.1 ? 2 + movieRandom.int(3) : 1;
    const year = movieRandom.next() < 0.02 ? null : Math.max(1915, LATEST_YEAR - Math.floor(-Math.log(1 - movieRandom.next()) * 22));
    const genreIndexes = drawGenres(movieRandom, genreAlias);
    const title = syntheticTitle(movieRandom);
    movies[i] = { movieId, title, year, genres: genreIndexes.map((g) => GENRES[g]!).sort() };
    latent[i] = { genreIndexes, year, quality: 0.45 * movieRandom.normal(), style: new Float64Array(STYLE_DIMENSIONS) };
  }
  // Styles from their own stream, so the catalog (ids, titles, years, genres) does not depend on the style model.
  const styleRandom = createRandom((options.seed ^ 0x85ebca6b) >>> 0);
  for (const movie of latent) for (let k = 0; k < STYLE_DIMENSIONS; k++) movie.style[k] = styleRandom.normal();
  // Zipf-like popularity over a random ranking (Fisher-Yates keeps this O(n)).
  const rank = new Int32Array(movieCount);
  for (let i = 0; i < movieCount; i++) rank[i] = i;
  for (let i = movieCount - 1; i > 0; i--) {
    const j = movieRandom.int(i + 1);
    const swap = rank[i]!;
    rank[i] = rank[j]!;
    rank[j] = swap;
  }
  const popularity = new Float64Array(movieCount);
  for (let i = 0; i < movieCount; i++) popularity[i] = 1 / Math.pow(rank[i]! + 10, 1.05);

  const ratings = new RatingTableBuilder(Math.max(16, Math.round(userCount * meanRatings * 1.1)));
  if (userCount === 0) return { movies, ratings: ratings.build() };

  // Per-genre alias tables over that genre's movies, weighted by popularity.
  const members: number[][] = GENRES.map(() => []);
  latent.forEach((m, i) => m.genreIndexes.forEach((g) => members[g]!.push(i)));
  const genreMass = members.map((list) => list.reduce((sum, i) => sum + popularity[i]!, 0));
  const byGenre = members.map((list) => (list.length > 0 ? new AliasTable(list.map((i) => popularity[i]!)) : null));
  const anyMovie = new AliasTable(popularity);

  // 2-4. Users and their ratings.
  const userRandom = createRandom((options.seed ^ 0x9e3779b9) >>> 0);
  const sigma = 0.9;
  const mu = Math.log(meanRatings) - (sigma * sigma) / 2;
  const maxPerUser = Math.max(1, Math.min(2000, Math.floor(movieCount / 2)));
  for (let u = 0; u < userCount; u++) {
    const affinity = GENRES.map(() => 0.35 * userRandom.normal());
    for (let f = 0; f < 2; f++) affinity[genreAlias.sample(userRandom)]! += 1 + 0.5 * userRandom.next();
    const dislikes = 1 + userRandom.int(2);
    for (let d = 0; d < dislikes; d++) affinity[userRandom.int(GENRES.length)]! -= 1;
    const eraCentre = Math.max(1930, LATEST_YEAR - Math.floor(-Math.log(1 - userRandom.next()) * 18));
    const eraWidth = 8 + 20 * userRandom.next();
    const bias = 0.35 * userRandom.normal();
    const stylePreference = Array.from({ length: STYLE_DIMENSIONS }, () => STYLE_PREFERENCE * userRandom.normal());
    const preferenceNorm = Math.hypot(...stylePreference);
    const styleMatch = (movie: LatentMovie): number => stylePreference.reduce((sum, w, k) => sum + w * movie.style[k]!, 0);
    const count = Math.min(maxPerUser, Math.max(15, Math.round(Math.exp(mu + sigma * userRandom.normal()))));

    const genreChoice = new AliasTable(GENRES.map((_, g) => (byGenre[g] ? genreMass[g]! * Math.exp(GENRE_TASTE * affinity[g]!) : 0)));
    const eraMatch = (year: number | null): number => (year === null ? 0.5 : Math.exp(-0.5 * ((year - eraCentre) / eraWidth) ** 2));

    const seen = new Set<number>();
    const chosen: number[] = [];
    for (let attempt = 0; chosen.length < count && attempt < count * 100; attempt++) {
      const g = genreChoice.sample(userRandom);
      // Every 40th attempt ignores taste, so heavy users can always fill their quota.
      const i = attempt % 40 === 39 ? anyMovie.sample(userRandom) : members[g]![byGenre[g]!.sample(userRandom)]!;
      if (seen.has(i)) continue;
      // Kept with probability era × style; the style factor is 1 from 1.5 standard deviations of match upwards.
      const keep = (0.15 + 0.85 * eraMatch(latent[i]!.year)) * Math.min(1, Math.exp(styleMatch(latent[i]!) - 1.5 * preferenceNorm));
      if (userRandom.next() > keep) continue;
      seen.add(i);
      chosen.push(i);
    }

    const start = ACTIVE_FROM + userRandom.next() * (ACTIVE_UNTIL - DAY - ACTIVE_FROM);
    // Active for about 400 days on average, never past the end of 2023.
    const duration = Math.min(DAY + -Math.log(1 - userRandom.next()) * 400 * DAY, ACTIVE_UNTIL - start);
    const times = chosen.map(() => Math.floor(start + userRandom.next() * duration)).sort((a, b) => a - b);
    chosen.forEach((i, n) => {
      const movie = latent[i]!;
      const taste = movie.genreIndexes.length === 0 ? 0 : movie.genreIndexes.reduce((s, g) => s + affinity[g]!, 0) / movie.genreIndexes.length;
      const raw = 2.1 + bias + movie.quality + 0.7 * taste + 0.5 * (eraMatch(movie.year) - 0.5) + 0.35 * styleMatch(movie) + 0.5 * userRandom.normal();
      const rating = Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2));
      ratings.push(u + 1, movies[i]!.movieId, rating, times[n]!);
    });
  }
  return { movies, ratings: ratings.build() };
}

/** 0-4 distinct genres; about 1% of movies have none, like MovieLens's "(no genres listed)". */
function drawGenres(random: Random, genreAlias: AliasTable): number[] {
  const roll = random.next();
  const count = roll < 0.01 ? 0 : roll < 0.46 ? 1 : roll < 0.81 ? 2 : roll < 0.98 ? 3 : 4;
  const chosen: number[] = [];
  while (chosen.length < count) {
    const g = genreAlias.sample(random);
    if (!chosen.includes(g)) chosen.push(g);
  }
  return chosen.sort((a, b) => a - b);
}
