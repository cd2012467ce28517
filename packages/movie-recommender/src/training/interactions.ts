/**
 * The rating matrix in the two sparse layouts ALS alternates between: rows by user
 * (for the user step) and rows by movie (for the movie step), both compressed sparse
 * row (CSR) arrays. Movies are numbered by catalog position, users by first
 * appearance, so MovieLens ids never need to be contiguous.
 */
import type { Movie, RatingTable } from '../types.js';

/** One CSR layout: the entries of row r are `indices/values[offsets[r] .. offsets[r+1])`. */
export interface SparseRows {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** The rating matrix, users × movies, in both layouts. */
export interface Interactions {
  users: number;
  movies: number;
  /** MovieLens user id of each user row. */
  userIds: Int32Array;
  byUser: SparseRows;
  byMovie: SparseRows;
  /** Mean of all ratings. */
  globalMean: number;
}

/** Maps movie ids to catalog positions. */
export function indexMovies(movies: readonly Movie[]): Map<number, number> {
  const index = new Map<number, number>();
  movies.forEach((movie, i) => index.set(movie.movieId, i));
  return index;
}

/**
 * Builds both layouts from a rating table.
 * @throws RangeError for a rating of a movie that is not in `movies`.
 */
export function buildInteractions(movies: readonly Movie[], ratings: RatingTable): Interactions {
  const movieIndex = indexMovies(movies);
  const userIndex = new Map<number, number>();
  const rowUser = new Int32Array(ratings.length);
  const rowMovie = new Int32Array(ratings.length);
  let sum = 0;
  for (let r = 0; r < ratings.length; r++) {
    const userId = ratings.userIds[r]!;
    let u = userIndex.get(userId);
    if (u === undefined) {
      u = userIndex.size;
      userIndex.set(userId, u);
    }
    const m = movieIndex.get(ratings.movieIds[r]!);
    if (m === undefined) throw new RangeError(`Rating of movie ${ratings.movieIds[r]} which is not in the catalog`);
    rowUser[r] = u;
    rowMovie[r] = m;
    sum += ratings.ratings[r]!;
  }
  const userIds = new Int32Array(userIndex.size);
  for (const [id, u] of userIndex) userIds[u] = id;
  return {
    users: userIndex.size,
    movies: movies.length,
    userIds,
    byUser: toSparseRows(userIndex.size, rowUser, rowMovie, ratings.ratings),
    byMovie: toSparseRows(movies.length, rowMovie, rowUser, ratings.ratings),
    globalMean: ratings.length > 0 ? sum / ratings.length : 0,
  };
}

/** Counting sort of (row, column, value) triples into CSR; keeps input order within a row. */
function toSparseRows(rows: number, rowOf: Int32Array, columnOf: Int32Array, values: Float32Array): SparseRows {
  const offsets = new Int32Array(rows + 1);
  for (let r = 0; r < rowOf.length; r++) offsets[rowOf[r]! + 1]!++;
  for (let r = 0; r < rows; r++) offsets[r + 1]! += offsets[r]!;
  const next = offsets.slice(0, rows);
  const indices = new Int32Array(rowOf.length);
  const sorted = new Float32Array(rowOf.length);
  for (let r = 0; r < rowOf.length; r++) {
    const at = next[rowOf[r]!]!++;
    indices[at] = columnOf[r]!;
    sorted[at] = values[r]!;
  }
  return { offsets, indices, values: sorted };
}
