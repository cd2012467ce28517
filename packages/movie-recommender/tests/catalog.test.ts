import { ConflictError } from '@serverless-ai/model-interface';
import { describe, expect, it } from 'vitest';
import { Catalog, type Movie } from './helpers.js';

const movies: Movie[] = [
  { movieId: 1, title: 'Matrix, The', year: 1999, genres: ['Action', 'Sci-Fi'] },
  { movieId: 2, title: 'Matrix Reloaded, The', year: 2003, genres: ['Action', 'Sci-Fi'] },
  { movieId: 3, title: 'Animatrix, The', year: 2003, genres: ['Animation'] },
  { movieId: 4, title: 'Amélie (Fabuleux destin d’Amélie Poulain, Le)', year: 2001, genres: ['Comedy', 'Romance'] },
  { movieId: 5, title: 'Inside the Matrix', year: null, genres: ['Documentary'] },
];
const popularity = new Map([
  [1, 500],
  [2, 300],
  [3, 20],
  [4, 400],
  [5, 1],
]);

describe('Catalog.search', () => {
  it('ranks an exact title first, then prefixes, then word starts, then other substrings', () => {
    // Arrange
    const catalog = new Catalog(movies, (id) => popularity.get(id) ?? 0);

    // Act
    const found = catalog.search('matrix', 10).map((m) => m.movieId);

    // Assert: "Matrix, The" (exact, via "the matrix" form too) > "Matrix Reloaded, The" (prefix) > "Inside the Matrix" (word) > "Animatrix" (inside a word)
    expect(found).toEqual([1, 2, 5, 3]);
  });

  it('finds moved articles as people type them, ignoring case and accents', () => {
    const catalog = new Catalog(movies);
    expect(catalog.search('THE MATRIX', 1).map((m) => m.movieId)).toEqual([1]);
    expect(catalog.search('amelie', 5).map((m) => m.movieId)).toEqual([4]);
  });

  it('matches the year in "Title (year)" and breaks ties by popularity', () => {
    const catalog = new Catalog(movies, (id) => popularity.get(id) ?? 0);
    expect(catalog.search('2003', 5).map((m) => m.movieId)).toEqual([2, 3]);
  });

  it('returns nothing for a blank query or a limit below one, and at most `limit` movies', () => {
    const catalog = new Catalog(movies);
    expect(catalog.search('   ', 5)).toEqual([]);
    expect(catalog.search('matrix', 0)).toEqual([]);
    expect(catalog.search('matrix', 2)).toHaveLength(2);
  });
});

describe('Catalog', () => {
  it('adds, replaces and removes movies', () => {
    // Arrange
    const catalog = new Catalog(movies);

    // Act
    catalog.add({ movieId: 9, title: 'New One', year: 2024, genres: [] });
    catalog.replace({ movieId: 9, title: 'New One, Renamed', year: 2024, genres: [] });
    const removed = catalog.remove(3);

    // Assert
    expect(catalog.get(9)?.title).toBe('New One, Renamed');
    expect(removed?.movieId).toBe(3);
    expect(catalog.has(3)).toBe(false);
    expect(catalog.remove(3)).toBeUndefined();
    expect(catalog.size).toBe(5);
    expect([...catalog.all()].map((m) => m.movieId)).toEqual([1, 2, 4, 5, 9]);
  });

  it('refuses to add an id that exists', () => {
    const catalog = new Catalog(movies);
    expect(() => catalog.add({ movieId: 1, title: 'Again', year: null, genres: [] })).toThrow(ConflictError);
  });
});
