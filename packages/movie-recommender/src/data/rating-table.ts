/**
 * Builds a column-wise `RatingTable` one row at a time, growing typed arrays by
 * doubling, so a loader can stream 25 million rows without holding them as objects.
 */
import type { Rating, RatingTable } from '../types.js';

/** Appends ratings and hands out a compact `RatingTable`. */
export class RatingTableBuilder {
  private count = 0;
  private userIds: Int32Array;
  private movieIds: Int32Array;
  private ratings: Float32Array;
  private timestamps: Float64Array;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(1, initialCapacity);
    this.userIds = new Int32Array(capacity);
    this.movieIds = new Int32Array(capacity);
    this.ratings = new Float32Array(capacity);
    this.timestamps = new Float64Array(capacity);
  }

  /** Rows pushed so far. */
  get length(): number {
    return this.count;
  }

  /** Appends one row, growing the columns when full. */
  push(userId: number, movieId: number, rating: number, timestamp: number): void {
    if (this.count === this.userIds.length) this.grow();
    const i = this.count++;
    this.userIds[i] = userId;
    this.movieIds[i] = movieId;
    this.ratings[i] = rating;
    this.timestamps[i] = timestamp;
  }

  /** The rows so far, trimmed to size (copies, so the builder may keep growing). */
  build(): RatingTable {
    return {
      length: this.count,
      userIds: this.userIds.slice(0, this.count),
      movieIds: this.movieIds.slice(0, this.count),
      ratings: this.ratings.slice(0, this.count),
      timestamps: this.timestamps.slice(0, this.count),
    };
  }

  private grow(): void {
    const capacity = this.userIds.length * 2;
    const userIds = new Int32Array(capacity);
    userIds.set(this.userIds);
    const movieIds = new Int32Array(capacity);
    movieIds.set(this.movieIds);
    const ratings = new Float32Array(capacity);
    ratings.set(this.ratings);
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.timestamps);
    this.userIds = userIds;
    this.movieIds = movieIds;
    this.ratings = ratings;
    this.timestamps = timestamps;
  }
}

/** Builds a table from rating objects (handy in tests and small tools). */
export function ratingTableFrom(rows: Iterable<Rating>): RatingTable {
  const builder = new RatingTableBuilder();
  for (const row of rows) builder.push(row.userId, row.movieId, row.rating, row.timestamp);
  return builder.build();
}

/** Row `i` of a table as an object. */
export function ratingAt(table: RatingTable, i: number): Rating {
  return { userId: table.userIds[i]!, movieId: table.movieIds[i]!, rating: table.ratings[i]!, timestamp: table.timestamps[i]! };
}

/** Keeps the rows for which `keep(i)` is true. */
export function filterRatings(table: RatingTable, keep: (row: number) => boolean): RatingTable {
  const builder = new RatingTableBuilder(table.length);
  for (let i = 0; i < table.length; i++) {
    if (keep(i)) builder.push(table.userIds[i]!, table.movieIds[i]!, table.ratings[i]!, table.timestamps[i]!);
  }
  return builder.build();
}
