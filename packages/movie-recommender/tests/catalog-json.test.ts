import { describe, expect, it } from 'vitest';
import { CATALOG_JSON_FORMAT, CatalogJsonError, catalogToJson, moviesToCsv, parseCatalogJson, parseMoviesCsv } from './helpers.js';

// Titles that need CSV quoting, a title without a year, a year range, and a movie without genres.
const TRICKY_MOVIES_CSV = [
  'movieId,title,genres',
  '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
  '2,"Lord of the Rings, The (1978)",Adventure|Animation|Children|Fantasy',
  '4,"""Great Performances"" Cats (1998)",Musical',
  '5,Babylon 5,Sci-Fi',
  '7,Fawlty Towers (1975-1979),Comedy',
  '8,"City of Lost Children, The (Cité des enfants perdus, La) (1995)",Adventure|Drama|Fantasy|Mystery|Sci-Fi',
  '9,Hyena Road,(no genres listed)',
  '',
].join('\n');

describe('catalog.json', () => {
  it('decodes to exactly the movies that parsing movies.csv gives', () => {
    // Arrange
    const fromCsv = parseMoviesCsv(TRICKY_MOVIES_CSV);

    // Act
    const fromJson = parseCatalogJson(catalogToJson(fromCsv));

    // Assert
    expect(fromJson).toEqual(fromCsv);
    expect(fromJson.map((m) => m.title)).toContain('"Great Performances" Cats');
    expect(fromJson.find((m) => m.movieId === 9)?.genres).toEqual([]);
    expect(moviesToCsv(fromJson)).toBe(moviesToCsv(fromCsv));
  });

  it('stores each genre name once and movies as positions in that table', () => {
    const catalog = JSON.parse(catalogToJson(parseMoviesCsv(TRICKY_MOVIES_CSV))) as { format: string; genres: string[]; genreIndexes: number[][] };
    expect(catalog.format).toBe(CATALOG_JSON_FORMAT);
    expect(new Set(catalog.genres).size).toBe(catalog.genres.length);
    expect(catalog.genreIndexes[0]!.map((i) => catalog.genres[i])).toEqual(['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy']);
  });

  it.each([
    ['not JSON', '{"format":', 'Not JSON'],
    ['another format', JSON.stringify({ format: 'other@1' }), 'Unknown format'],
    ['arrays of different lengths', JSON.stringify({ format: CATALOG_JSON_FORMAT, genres: [], movieIds: [1], titles: [], years: [], genreIndexes: [] }), 'same length'],
    ['a repeated movieId', JSON.stringify({ format: CATALOG_JSON_FORMAT, genres: [], movieIds: [1, 1], titles: ['A', 'B'], years: [null, null], genreIndexes: [[], []] }), 'movieId 1 appears twice'],
    ['an empty title', JSON.stringify({ format: CATALOG_JSON_FORMAT, genres: [], movieIds: [1], titles: [''], years: [null], genreIndexes: [[]] }), 'titles[0]'],
    ['a fractional year', JSON.stringify({ format: CATALOG_JSON_FORMAT, genres: [], movieIds: [1], titles: ['A'], years: [1990.5], genreIndexes: [[]] }), 'years[0]'],
    ['a genre position out of range', JSON.stringify({ format: CATALOG_JSON_FORMAT, genres: ['Drama'], movieIds: [1], titles: ['A'], years: [null], genreIndexes: [[1]] }), 'genreIndexes[0][0]'],
  ])('refuses %s', (_case, content, message) => {
    expect(() => parseCatalogJson(content)).toThrow(CatalogJsonError);
    expect(() => parseCatalogJson(content)).toThrow(message);
  });
});
