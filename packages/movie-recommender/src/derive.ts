/**
 * Embeddings for movies nobody has rated yet: a new movie added while the service
 * runs, or a catalog movie with no training ratings.
 *
 * The estimate is a small additive model over centroids of the trained movies:
 *
 *   [v, b] = global + mean over its genres of (genre centroid − global) + (decade centroid − global)
 *
 * where a centroid is the mean [v_i, b_i] of the trained movies in that genre or
 * decade, weighted by their number of ratings: the typical movie people *watch* in
 * that genre, not the typical catalog entry (most of which are obscure, with small
 * embeddings and low biases). So a new 1990s Horror movie starts out like an average
 * watched 1990s Horror movie: it ranks higher for a Horror fan than for fans of
 * other genres, until real ratings and a retrain give it an embedding of its own.
 * Genres or decades the model never saw contribute nothing. Edit this file to try a
 * richer cold-start model (e.g. a regression from genres and year to embeddings).
 */
import type { Movie } from './types.js';

/** Mean [embedding, bias] vectors (length d + 1) of trained movies, grouped. */
export interface Centroids {
  /** Over every trained movie. */
  global: number[];
  /** Keyed by genre name. */
  genres: Record<string, number[]>;
  /** Keyed by decade, e.g. `"1990"`. */
  decades: Record<string, number[]>;
}

/** The decade key of a year (`1994` → `"1990"`), or null. */
export function decadeOf(year: number | null): string | null {
  return year === null ? null : String(Math.floor(year / 10) * 10);
}

/**
 * Weighted centroids over the movies for which `trained(i)` is true.
 * @param embeddings movies × d, row-major, catalog order
 * @param weightOf weight of movie i (training uses its number of ratings)
 */
export function computeCentroids(
  movies: readonly Movie[],
  embeddings: ArrayLike<number>,
  biases: ArrayLike<number>,
  dimensions: number,
  trained: (index: number) => boolean,
  weightOf: (index: number) => number = () => 1,
): Centroids {
  const width = dimensions + 1;
  const sums = new Map<string, { sum: Float64Array; weight: number }>();
  const addTo = (key: string, i: number): void => {
    let entry = sums.get(key);
    if (!entry) {
      entry = { sum: new Float64Array(width), weight: 0 };
      sums.set(key, entry);
    }
    const w = weightOf(i);
    for (let k = 0; k < dimensions; k++) entry.sum[k]! += w * embeddings[i * dimensions + k]!;
    entry.sum[dimensions]! += w * biases[i]!;
    entry.weight += w;
  };
  movies.forEach((movie, i) => {
    if (!trained(i)) return;
    addTo('global', i);
    for (const genre of movie.genres) addTo(`genre:${genre}`, i);
    const decade = decadeOf(movie.year);
    if (decade !== null) addTo(`decade:${decade}`, i);
  });
  const mean = (key: string): number[] => {
    const entry = sums.get(key)!;
    return Array.from(entry.sum, (v) => (entry.weight > 0 ? v / entry.weight : 0));
  };
  const centroids: Centroids = { global: sums.has('global') ? mean('global') : new Array<number>(width).fill(0), genres: {}, decades: {} };
  for (const key of [...sums.keys()].sort()) {
    if (key.startsWith('genre:')) centroids.genres[key.slice(6)] = mean(key);
    else if (key.startsWith('decade:')) centroids.decades[key.slice(7)] = mean(key);
  }
  return centroids;
}

/** The derived `[embedding…, bias]` (length d + 1) for a movie's genres and year. */
export function deriveVector(movie: Pick<Movie, 'genres' | 'year'>, centroids: Centroids): Float64Array {
  const { global } = centroids;
  const out = Float64Array.from(global);
  const known = movie.genres.map((g) => centroids.genres[g]).filter((c): c is number[] => c !== undefined);
  for (const centroid of known) {
    for (let k = 0; k < out.length; k++) out[k]! += (centroid[k]! - global[k]!) / known.length;
  }
  const decade = decadeOf(movie.year);
  const era = decade === null ? undefined : centroids.decades[decade];
  if (era) for (let k = 0; k < out.length; k++) out[k]! += era[k]! - global[k]!;
  return out;
}
