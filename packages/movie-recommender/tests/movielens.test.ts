import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateMovieLens,
  loadMovieLens,
  MovieLensFormatError,
  moviesToCsv,
  parseMoviesCsv,
  parseMovieTitle,
  readRatingsCsv,
  writeMovieLens,
} from '../src/index.js';

const folders: string[] = [];
function tempFolder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'movielens-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const TRICKY_MOVIES = [
  'movieId,title,genres',
  '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
  '2,"Lord of the Rings, The (1978)",Adventure|Animation|Children|Fantasy',
  '3,"Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb (1964)",Comedy|War',
  '4,"""Great Performances"" Cats (1998)",Musical',
  '5,Babylon 5,Sci-Fi',
  '6,Ready Player One (2018) ,Action|Sci-Fi',
  '7,Fawlty Towers (1975-1979),Comedy',
  '8,"City of Lost Children, The (Cité des enfants perdus, La) (1995)",Adventure|Drama|Fantasy|Mystery|Sci-Fi',
  '9,Hyena Road,(no genres listed)',
  '',
].join('\n');

describe('parseMovieTitle', () => {
  it('splits the year off and keeps commas and alternative titles in the name', () => {
    expect(parseMovieTitle('Lord of the Rings, The (1978)')).toEqual({ title: 'Lord of the Rings, The', year: 1978 });
    expect(parseMovieTitle('City of Lost Children, The (Cité des enfants perdus, La) (1995)')).toEqual({
      title: 'City of Lost Children, The (Cité des enfants perdus, La)',
      year: 1995,
    });
  });

  it('returns a null year for a title without one and trims trailing spaces', () => {
    expect(parseMovieTitle('Babylon 5 ')).toEqual({ title: 'Babylon 5', year: null });
    expect(parseMovieTitle('Ready Player One (2018) ')).toEqual({ title: 'Ready Player One', year: 2018 });
  });

  it('takes the first year of a range such as (2007-2013)', () => {
    expect(parseMovieTitle('Fawlty Towers (1975-1979)')).toEqual({ title: 'Fawlty Towers', year: 1975 });
    expect(parseMovieTitle('Some Series (2007-)')).toEqual({ title: 'Some Series', year: 2007 });
  });
});

describe('parseMoviesCsv', () => {
  it('parses quoted titles with commas and doubled quotes, missing years and no genres', () => {
    // Act
    const movies = parseMoviesCsv(TRICKY_MOVIES);

    // Assert
    expect(movies).toHaveLength(9);
    expect(movies[1]).toEqual({ movieId: 2, title: 'Lord of the Rings, The', year: 1978, genres: ['Adventure', 'Animation', 'Children', 'Fantasy'] });
    expect(movies[3]).toEqual({ movieId: 4, title: '"Great Performances" Cats', year: 1998, genres: ['Musical'] });
    expect(movies[4]).toEqual({ movieId: 5, title: 'Babylon 5', year: null, genres: ['Sci-Fi'] });
    expect(movies[5]).toMatchObject({ title: 'Ready Player One', year: 2018 });
    expect(movies[8]).toEqual({ movieId: 9, title: 'Hyena Road', year: null, genres: [] });
  });

  it('writes what it reads: movies survive a round trip through moviesToCsv', () => {
    const movies = parseMoviesCsv(TRICKY_MOVIES).filter((m) => m.movieId !== 7); // a range is stored as its first year
    expect(parseMoviesCsv(moviesToCsv(movies))).toEqual(movies);
  });

  it('rejects a row with a missing field and names the file and line', () => {
    const csv = 'movieId,title,genres\n1,Toy Story (1995),Comedy\n2,Jumanji (1995)\n';
    expect(() => parseMoviesCsv(csv, 'movies.csv')).toThrow(MovieLensFormatError);
    expect(() => parseMoviesCsv(csv, 'movies.csv')).toThrow('movies.csv:3: expected 3 fields (movieId,title,genres), found 2');
  });

  it('reports the line of an unclosed quote', () => {
    const csv = 'movieId,title,genres\n1,Toy Story (1995),Comedy\n2,"Jumanji (1995)"x,Adventure\n';
    const error = captureError(() => parseMoviesCsv(csv, 'movies.csv'));
    expect(error).toBeInstanceOf(MovieLensFormatError);
    expect(error).toMatchObject({ file: 'movies.csv', line: 3 });
  });

  it('names the line where an unclosed quote opened, not only the line where parsing stopped', () => {
    // The quote opened on line 3 swallows every line after it: csv-parse stops at the end of the file.
    const csv = 'movieId,title,genres\n1,Toy Story (1995),Comedy\n2,"Jumanji (1995),Adventure\n3,Heat (1995),Action\n4,Casino (1995),Crime\n';
    const error = captureError(() => parseMoviesCsv(csv, 'movies.csv'));
    expect(error).toBeInstanceOf(MovieLensFormatError);
    expect(error).toMatchObject({ file: 'movies.csv', line: 3 });
    expect((error as Error).message).toMatch(/^movies\.csv:3: a quoted field opened on line 3 is never closed \(the parser reached line [5-6] looking for the closing quote\)$/);
  });

  it('names the opening line of an unclosed quote when loading a folder from disk', async () => {
    const dir = tempFolder({
      'movies.csv': 'movieId,title,genres\n1,Toy Story (1995),Comedy\n\n2,"Jumanji (1995),Adventure\n3,Heat (1995),Action\n',
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n',
    });
    await expect(loadMovieLens(dir)).rejects.toThrow(/movies\.csv:4: a quoted field opened on line 4 is never closed \(the parser reached line [5-6] looking for the closing quote\)$/);
  });

  it('rejects a non-numeric id, a duplicate id and a wrong header with their lines', () => {
    expect(() => parseMoviesCsv('movieId,title,genres\nabc,X (1990),Drama\n')).toThrow('movies.csv:2: movieId must be a positive integer');
    expect(() => parseMoviesCsv('movieId,title,genres\n1,X (1990),Drama\n1,Y (1991),Drama\n')).toThrow('movies.csv:3: movieId 1 appears twice');
    expect(() => parseMoviesCsv('id,name,genres\n1,X (1990),Drama\n')).toThrow('movies.csv:1: expected the header movieId,title,genres');
  });
});

describe('readRatingsCsv and loadMovieLens', () => {
  it('streams ratings into typed columns', async () => {
    // Arrange
    const dir = tempFolder({
      'movies.csv': TRICKY_MOVIES,
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,0.5,964981247\n2,9,5,1700000000\n',
    });

    // Act
    const data = await loadMovieLens(dir);

    // Assert
    expect(data.movies).toHaveLength(9);
    expect(data.ratings.length).toBe(3);
    expect(Array.from(data.ratings.ratings)).toEqual([4, 0.5, 5]);
    expect(Array.from(data.ratings.timestamps)).toEqual([964982703, 964981247, 1700000000]);
  });

  it.each([
    ['1,1,4.3,964982703', 'rating must be 0.5 to 5 in half steps, found "4.3"'],
    ['1,1,0,964982703', 'rating must be 0.5 to 5 in half steps'],
    ['1,1,4.0', 'expected 4 fields (userId,movieId,rating,timestamp), found 3'],
    ['1,1,4.0,yesterday', 'timestamp must be Unix seconds, found "yesterday"'],
    ['x,1,4.0,964982703', 'userId must be a positive integer'],
    ['1,77,4.0,964982703', 'movieId 77 is not in movies.csv'],
  ])('rejects the ratings row %j with the file and line number', async (row, message) => {
    const dir = tempFolder({ 'movies.csv': TRICKY_MOVIES, 'ratings.csv': `userId,movieId,rating,timestamp\n1,2,3.5,964982703\n${row}\n` });
    await expect(loadMovieLens(dir)).rejects.toThrow(`ratings.csv:3: ${message}`);
  });

  it('names the file and line of a CSV syntax error while streaming', async () => {
    const dir = tempFolder({ 'movies.csv': TRICKY_MOVIES, 'ratings.csv': 'userId,movieId,rating,timestamp\n1,2,3.5,964982703\n1,"1"x,4.0,964982703\n' });
    await expect(loadMovieLens(dir)).rejects.toMatchObject({ name: 'MovieLensFormatError', file: 'ratings.csv', line: 3 });
  });

  it('refuses an empty ratings file', async () => {
    const dir = tempFolder({ 'ratings.csv': '' });
    await expect(readRatingsCsv(join(dir, 'ratings.csv'))).rejects.toThrow('ratings.csv:1: the file is empty');
  });

  it('reads back exactly what the writer wrote for a generated dataset', async () => {
    // Arrange
    const data = generateMovieLens({ seed: 3, movies: 300, users: 40 });
    const dir = tempFolder();

    // Act
    writeMovieLens(dir, data);
    const loaded = await loadMovieLens(dir);

    // Assert
    expect(loaded.movies).toEqual(data.movies);
    expect(loaded.ratings).toEqual(data.ratings);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
