/**
 * The nouns of the recommender: movies, ratings and a user's recent activity.
 *
 * They mirror the MovieLens CSV layout (`movies.csv`, `ratings.csv`) so that a real
 * MovieLens download and the seeded generator produce the same shapes. Edit this file
 * only together with the contract in the package README: the service and the index
 * build against these names.
 */

/** One catalog entry, as parsed from a MovieLens `movies.csv` row. */
export interface Movie {
  /** MovieLens id: a positive integer, also the label of the movie in the vector index. */
  movieId: number;
  /** The title without its trailing `(year)`, e.g. `Lord of the Rings, The`. */
  title: string;
  /** Release year from the title's `(1978)` suffix (first year of a `(2007-2013)` range), or null when absent. */
  year: number | null;
  /** Genres in file order; `(no genres listed)` becomes an empty list. */
  genres: string[];
}

/** One row of `ratings.csv`. */
export interface Rating {
  userId: number;
  movieId: number;
  /** Half-star rating, 0.5 to 5. */
  rating: number;
  /** Unix seconds. */
  timestamp: number;
}

/** One item of a user's recent activity, as the HTTP API accepts it. */
export interface ActivityItem {
  movieId: number;
  /** Half-star rating, 0.5 to 5. */
  rating: number;
  /** When it was rated: ISO 8601 or Unix seconds. Optional; see `orderActivity` for how order is decided. */
  timestamp?: string | number;
}

/**
 * Ratings held column-wise in typed arrays.
 *
 * MovieLens 25M has 25 million rows; as objects they would need several GB, as four
 * typed columns they need 400 MB. Row `i` is `{ userIds[i], movieIds[i], ratings[i], timestamps[i] }`.
 */
export interface RatingTable {
  readonly length: number;
  readonly userIds: Int32Array;
  readonly movieIds: Int32Array;
  readonly ratings: Float32Array;
  /** Unix seconds. Float64 so dates past 2038 still fit. */
  readonly timestamps: Float64Array;
}

/** A MovieLens-layout dataset in memory. */
export interface MovieLensData {
  movies: Movie[];
  ratings: RatingTable;
}
