/**
 * Sample users for the recommender panel, derived from the catalog itself.
 *
 * The catalog is made by the repo's seeded generator, so its genre names and movie
 * ids are not known here in advance. Instead of hard-coding users, we pick the genre
 * pairs that most movies share and give each made-up user a handful of movies from
 * one pair, rated highly. Same catalog in, same users out.
 *
 * Edit this file to change how many users there are or how their activity looks.
 */
import type { Movie, RecommenderSamples, SampleUser } from './shared/types.js';

/** Options for {@link deriveSampleUsers}. */
export interface SampleUserOptions {
  /**
   * How many users to derive (fewer if the catalog has fewer usable genre pairs).
   * @default 5
   */
  users?: number;
  /**
   * Movies in each user's recent activity.
   * @default 8
   */
  activityLength?: number;
  /**
   * Training ratings per movie, in the order of `movies`. When given, each user gets
   * the most-rated movies of their genre pair: their embeddings are the best trained,
   * so the recommendations read as sensible. Without it, movies are spread by id.
   */
  popularity?: ArrayLike<number>;
}

// High but not uniform ratings: a fold-in embedding weighs them, and a flat list of 5s reads as fake.
const RATING_PATTERN = [5, 4.5, 5, 4, 4.5, 5, 4, 4.5] as const;

/**
 * Builds sample users from a catalog: one per frequent genre pair, no genre shared
 * between users so they differ. Movies whose genres are exactly the pair are
 * preferred; among them, the most-rated (when popularity is given) or an even spread by id.
 */
export function deriveSampleUsers(movies: readonly Movie[], options: SampleUserOptions = {}): RecommenderSamples {
  const wantedUsers = options.users ?? 5;
  const activityLength = options.activityLength ?? 8;

  let popularityOf: ((movie: Movie) => number) | null = null;
  if (options.popularity) {
    const ratings = options.popularity;
    const byId = new Map(movies.map((movie, i) => [movie.movieId, ratings[i] ?? 0]));
    popularityOf = (movie) => byId.get(movie.movieId) ?? 0;
  }

  const genreSet = new Set<string>();
  const pairCounts = new Map<string, number>();
  for (const movie of movies) {
    for (const genre of movie.genres) genreSet.add(genre);
    const genres = [...new Set(movie.genres)].sort();
    for (let i = 0; i < genres.length; i += 1) {
      for (let j = i + 1; j < genres.length; j += 1) {
        const key = `${genres[i]}\u0000${genres[j]}`;
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
      }
    }
  }

  const pairs = [...pairCounts.entries()]
    .filter(([, count]) => count >= activityLength)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => key.split('\u0000') as [string, string]);

  const users: SampleUser[] = [];
  const usedGenres = new Set<string>();
  for (const pair of pairs) {
    if (users.length >= wantedUsers) break;
    if (pair.some((genre) => usedGenres.has(genre))) continue;
    pair.forEach((genre) => usedGenres.add(genre));
    const candidates = movies
      .filter((movie) => pair.every((genre) => movie.genres.includes(genre)))
      .sort((a, b) => a.genres.length - b.genres.length || a.movieId - b.movieId);
    const exact = candidates.filter((movie) => movie.genres.length === pair.length);
    const pool = exact.length >= activityLength ? exact : candidates;
    const picked = popularityOf ? mostPopular(pool, activityLength, popularityOf) : spread(pool, activityLength);
    users.push({
      id: `likes-${pair.map(slug).join('-')}`,
      name: `Likes ${pair.join(' + ')}`,
      genres: [...pair],
      activity: picked.map((movie, i) => ({ ...movie, rating: RATING_PATTERN[i % RATING_PATTERN.length]! })),
    });
  }

  const maxId = movies.reduce((max, movie) => Math.max(max, movie.movieId), 0);
  return {
    users,
    genres: [...genreSet].sort((a, b) => a.localeCompare(b)),
    // A round number above the catalog, so added movies are easy to tell apart.
    suggestedMovieId: Math.max(100_000, 10 ** Math.ceil(Math.log10(maxId + 1))) + 1,
  };
}

/** The `count` most popular movies, ties broken by id; kept in the pool's order of preference. */
function mostPopular(items: readonly Movie[], count: number, popularityOf: (movie: Movie) => number): Movie[] {
  return [...items].sort((a, b) => popularityOf(b) - popularityOf(a) || a.movieId - b.movieId).slice(0, count);
}

/** Takes `count` items evenly spaced through `items` (all of them if there are fewer). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]!);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
