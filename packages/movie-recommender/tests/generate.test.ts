import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMovieLens, writeMovieLens } from '../src/index.js';

const folders: string[] = [];
function writeToTemp(seed: number): { movies: Buffer; ratings: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'generated-'));
  folders.push(dir);
  writeMovieLens(dir, generateMovieLens({ seed, movies: 2_000, users: 200 }));
  return { movies: readFileSync(join(dir, 'movies.csv')), ratings: readFileSync(join(dir, 'ratings.csv')) };
}
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('generateMovieLens', () => {
  it('writes byte-identical files for the same seed', () => {
    // Act
    const first = writeToTemp(11);
    const second = writeToTemp(11);

    // Assert
    expect(first.movies.equals(second.movies)).toBe(true);
    expect(first.ratings.equals(second.ratings)).toBe(true);
  });

  it('writes different files for a different seed', () => {
    const first = writeToTemp(11);
    const other = writeToTemp(12);
    expect(first.movies.equals(other.movies)).toBe(false);
    expect(first.ratings.equals(other.ratings)).toBe(false);
  });

  it('keeps the movies when only the number of users changes', () => {
    const few = generateMovieLens({ seed: 5, movies: 500, users: 10 });
    const many = generateMovieLens({ seed: 5, movies: 500, users: 50 });
    expect(many.movies).toEqual(few.movies);
    expect(many.ratings.length).toBeGreaterThan(few.ratings.length);
  });

  it('produces titles that need CSV quoting, movies without a year or genres, and half-star ratings', () => {
    // Act
    const { movies, ratings } = generateMovieLens({ seed: 1, movies: 5_000, users: 100 });

    // Assert
    expect(movies.some((m) => m.title.includes(','))).toBe(true);
    expect(movies.some((m) => m.title.includes('"'))).toBe(true);
    expect(movies.some((m) => m.year === null)).toBe(true);
    expect(movies.some((m) => m.genres.length === 0)).toBe(true);
    expect(new Set(movies.map((m) => m.movieId)).size).toBe(movies.length);
    for (const r of ratings.ratings) expect(Number.isInteger(r * 2) && r >= 0.5 && r <= 5).toBe(true);
  });

  it('draws ratings from a long tail: the most-rated tenth of movies gets over 30% of ratings', () => {
    // Arrange
    const { movies, ratings } = generateMovieLens({ seed: 2, movies: 2_000, users: 400 });
    const counts = new Map<number, number>();
    for (const id of ratings.movieIds) counts.set(id, (counts.get(id) ?? 0) + 1);

    // Act
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const head = sorted.slice(0, movies.length / 10).reduce((s, c) => s + c, 0);

    // Assert
    // 10% under a flat catalog; taste spreads choices over more movies than popularity alone would (61% at full size).
    expect(head / ratings.length).toBeGreaterThan(0.3);
  });

  it('rates each movie at most once per user, at non-decreasing times', () => {
    const { ratings } = generateMovieLens({ seed: 4, movies: 1_000, users: 50 });
    const seen = new Set<string>();
    for (let i = 0; i < ratings.length; i++) {
      const key = `${ratings.userIds[i]}:${ratings.movieIds[i]}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      if (i > 0 && ratings.userIds[i] === ratings.userIds[i - 1]) expect(ratings.timestamps[i]!).toBeGreaterThanOrEqual(ratings.timestamps[i - 1]!);
    }
  });
});
