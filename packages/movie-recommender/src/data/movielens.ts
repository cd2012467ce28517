/**
 * Reading and writing the MovieLens CSV layout (`movies.csv`, `ratings.csv`).
 *
 * Parsing is csv-parse's job (RFC 4180 quoting, commas and quotes inside titles);
 * this file turns its records into `Movie`s and a `RatingTable`, and refuses a
 * malformed row with an error that names the file and line, so a user pointing the
 * project at a MovieLens download learns exactly which row to look at.
 *
 * Edit it when the layout changes (e.g. to read `links.csv` or `tags.csv`).
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync, type CsvError } from 'csv-parse/sync';
import type { Movie, MovieLensData, RatingTable } from '../types.js';
import { writeLinesDurably } from './files.js';
import { RatingTableBuilder } from './rating-table.js';

/** Header of `movies.csv`. */
export const MOVIES_HEADER = ['movieId', 'title', 'genres'] as const;
/** Header of `ratings.csv`. */
export const RATINGS_HEADER = ['userId', 'movieId', 'rating', 'timestamp'] as const;
/** The MovieLens marker for a movie without genres. */
export const NO_GENRES = '(no genres listed)';

/** A row of a MovieLens file is malformed. `line` is 1-based, as an editor shows it. */
export class MovieLensFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'MovieLensFormatError';
  }
}

// A trailing "(1995)", "(2007-2013)" or open-ended "(2007-)", possibly followed by spaces.
const YEAR_SUFFIX = /\s*\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\)\s*$/;

/**
 * Splits a MovieLens title into the name and its year.
 * `"Lord of the Rings, The (1978)"` → `{ title: "Lord of the Rings, The", year: 1978 }`;
 * `"Babylon 5 "` → `{ title: "Babylon 5", year: null }`. A `(2007-2013)` range keeps its
 * first year, so writing the movie back emits `(2007)`: the range is not preserved.
 */
export function parseMovieTitle(raw: string): { title: string; year: number | null } {
  const trimmed = raw.trim();
  const match = YEAR_SUFFIX.exec(trimmed);
  if (!match) return { title: trimmed, year: null };
  const title = trimmed.slice(0, match.index).trim();
  // "(1995)" alone is a title, not a year of an empty title.
  if (title.length === 0) return { title: trimmed, year: null };
  return { title, year: Number(match[1]) };
}

/** The MovieLens title field for a movie: `Title (year)`, or just the title without a year. */
export function formatMovieTitle(movie: Pick<Movie, 'title' | 'year'>): string {
  return movie.year === null ? movie.title : `${movie.title} (${movie.year})`;
}

/** `"Action|Sci-Fi"` → `["Action", "Sci-Fi"]`; `"(no genres listed)"` or empty → `[]`. */
export function parseGenres(field: string): string[] {
  const trimmed = field.trim();
  if (trimmed === '' || trimmed === NO_GENRES) return [];
  return trimmed
    .split('|')
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
}

/** The genres field for a movie, the inverse of `parseGenres`. */
export function formatGenres(genres: readonly string[]): string {
  return genres.length === 0 ? NO_GENRES : genres.join('|');
}

/** Quotes a CSV field when RFC 4180 requires it (comma, quote or line break inside). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One `movies.csv` line (without the line break). */
export function movieCsvLine(movie: Movie): string {
  return `${movie.movieId},${csvField(formatMovieTitle(movie))},${csvField(formatGenres(movie.genres))}`;
}

/** The whole `movies.csv` text, header included, `\n` line endings. */
export function moviesToCsv(movies: Iterable<Movie>): string {
  const lines = [MOVIES_HEADER.join(',')];
  for (const movie of movies) lines.push(movieCsvLine(movie));
  return `${lines.join('\n')}\n`;
}

// csv-parse options shared by every reader: records carry their line number, and a
// wrong field count is reported by us (with the file name) rather than by csv-parse.
const CSV_OPTIONS = { info: true, relax_column_count: true, skip_empty_lines: true, bom: true } as const;

interface LineRecord {
  record: string[];
  info: { lines: number };
}

function headerError(file: string, record: LineRecord, expected: readonly string[]): MovieLensFormatError {
  return new MovieLensFormatError(file, record.info.lines, `expected the header ${expected.join(',')}, found ${record.record.join(',')}`);
}

function isHeader(record: LineRecord, expected: readonly string[]): boolean {
  const found = record.record.map((f) => f.trim());
  return found.length === expected.length && found.every((f, i) => f === expected[i]);
}

/**
 * A csv-parse error as a MovieLensFormatError. For an unclosed quote csv-parse reports
 * the line where it gave up (often the end of the file); the mistake is where the
 * quote opened, so both are named: the record that never closed starts at the first
 * non-blank byte after the last complete record (`err.bytes`).
 * @param source the content, or the path to read its start from.
 */
function wrapCsvError(file: string, err: unknown, source?: string | Buffer | { path: string }): Error {
  const csvError = err as Partial<CsvError> & { lines?: unknown; bytes?: unknown };
  if (typeof csvError.code === 'string' && csvError.code.startsWith('CSV_') && typeof csvError.lines === 'number') {
    if (csvError.code === 'CSV_QUOTE_NOT_CLOSED' && typeof csvError.bytes === 'number' && source !== undefined) {
      const opened = lineOfRecordAfter(source, csvError.bytes);
      if (opened !== null && opened < csvError.lines) {
        return new MovieLensFormatError(
          file,
          opened,
          `a quoted field opened on line ${opened} is never closed (the parser reached line ${csvError.lines} looking for the closing quote)`,
        );
      }
    }
    return new MovieLensFormatError(file, csvError.lines, csvError.message ?? 'unparseable CSV');
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** 1-based line of the first non-blank byte at or after `offset`, or null if there is none. */
function lineOfRecordAfter(source: string | Buffer | { path: string }, offset: number): number | null {
  let bytes: Buffer;
  if (typeof source === 'string') bytes = Buffer.from(source);
  else if (Buffer.isBuffer(source)) bytes = source;
  else {
    // Only the start of the file is needed: read up to the offset plus some room for blank lines.
    const fd = openSync(source.path, 'r');
    try {
      bytes = Buffer.alloc(offset + 4096);
      bytes = bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0));
    } finally {
      closeSync(fd);
    }
  }
  let start = Math.min(offset, bytes.length);
  while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
  if (start >= bytes.length) return null;
  let line = 1;
  for (let i = 0; i < start; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

const POSITIVE_INT = /^[1-9]\d*$/;

/** Turns one `movies.csv` record into a Movie, or throws naming the line. */
function movieFromRecord(file: string, { record, info }: LineRecord, seen: Set<number>): Movie {
  if (record.length !== 3) {
    throw new MovieLensFormatError(file, info.lines, `expected 3 fields (movieId,title,genres), found ${record.length}`);
  }
  const [idField, titleField, genresField] = record as [string, string, string];
  if (!POSITIVE_INT.test(idField.trim())) {
    throw new MovieLensFormatError(file, info.lines, `movieId must be a positive integer, found ${JSON.stringify(idField)}`);
  }
  const movieId = Number(idField.trim());
  if (seen.has(movieId)) throw new MovieLensFormatError(file, info.lines, `movieId ${movieId} appears twice`);
  seen.add(movieId);
  const { title, year } = parseMovieTitle(titleField);
  if (title.length === 0) throw new MovieLensFormatError(file, info.lines, 'the title is empty');
  return { movieId, title, year, genres: parseGenres(genresField) };
}

/**
 * Parses `movies.csv` content already in memory (the recommender's catalog artifact).
 * @param file the name used in error messages.
 * @throws MovieLensFormatError naming the line of the first malformed row.
 */
export function parseMoviesCsv(content: string | Buffer, file = 'movies.csv'): Movie[] {
  let records: LineRecord[];
  try {
    records = parseSync(content, CSV_OPTIONS) as unknown as LineRecord[];
  } catch (err) {
    throw wrapCsvError(file, err, content);
  }
  const [header, ...rows] = records;
  if (!header) throw new MovieLensFormatError(file, 1, `the file is empty; expected the header ${MOVIES_HEADER.join(',')}`);
  if (!isHeader(header, MOVIES_HEADER)) throw headerError(file, header, MOVIES_HEADER);
  const seen = new Set<number>();
  return rows.map((row) => movieFromRecord(file, row, seen));
}

/** Streams records of a CSV file, checking the header first. */
async function* streamRecords(path: string, file: string, header: readonly string[]): AsyncGenerator<LineRecord> {
  const parser = createReadStream(path).pipe(parse(CSV_OPTIONS));
  let first = true;
  try {
    for await (const item of parser) {
      const record = item as LineRecord;
      if (first) {
        first = false;
        if (!isHeader(record, header)) throw headerError(file, record, header);
        continue;
      }
      yield record;
    }
  } catch (err) {
    if (err instanceof MovieLensFormatError) throw err;
    throw wrapCsvError(file, err, { path });
  } finally {
    parser.destroy();
  }
  if (first) throw new MovieLensFormatError(file, 1, `the file is empty; expected the header ${header.join(',')}`);
}

/** Streams and parses a `movies.csv` file. */
export async function readMoviesCsv(path: string, file = 'movies.csv'): Promise<Movie[]> {
  const movies: Movie[] = [];
  const seen = new Set<number>();
  for await (const row of streamRecords(path, file, MOVIES_HEADER)) movies.push(movieFromRecord(file, row, seen));
  return movies;
}

/**
 * Streams a `ratings.csv` file into typed columns (25M rows fit in about 400 MB).
 * @param knownMovieIds when given, a rating of any other movie is an error.
 * @throws MovieLensFormatError naming the line of the first malformed row.
 */
export async function readRatingsCsv(path: string, knownMovieIds?: ReadonlySet<number>, file = 'ratings.csv'): Promise<RatingTable> {
  const table = new RatingTableBuilder(1 << 16);
  for await (const { record, info } of streamRecords(path, file, RATINGS_HEADER)) {
    const fail = (problem: string): never => {
      throw new MovieLensFormatError(file, info.lines, problem);
    };
    if (record.length !== 4) fail(`expected 4 fields (userId,movieId,rating,timestamp), found ${record.length}`);
    const [userField, movieField, ratingField, timeField] = record as [string, string, string, string];
    if (!POSITIVE_INT.test(userField)) fail(`userId must be a positive integer, found ${JSON.stringify(userField)}`);
    if (!POSITIVE_INT.test(movieField)) fail(`movieId must be a positive integer, found ${JSON.stringify(movieField)}`);
    const rating = ratingField.trim() === '' ? Number.NaN : Number(ratingField);
    if (!(rating >= 0.5 && rating <= 5 && Number.isInteger(rating * 2))) {
      fail(`rating must be 0.5 to 5 in half steps, found ${JSON.stringify(ratingField)}`);
    }
    if (!/^\d+$/.test(timeField)) fail(`timestamp must be Unix seconds, found ${JSON.stringify(timeField)}`);
    const movieId = Number(movieField);
    if (knownMovieIds && !knownMovieIds.has(movieId)) fail(`movieId ${movieId} is not in movies.csv`);
    table.push(Number(userField), movieId, rating, Number(timeField));
  }
  return table.build();
}

/**
 * Loads a MovieLens folder (`movies.csv` and `ratings.csv`), e.g. an unzipped
 * ml-latest-small or ml-25m download, or the output of `npm run generate`.
 */
export async function loadMovieLens(folder: string): Promise<MovieLensData> {
  const movies = await readMoviesCsv(join(folder, 'movies.csv'));
  const ratings = await readRatingsCsv(join(folder, 'ratings.csv'), new Set(movies.map((m) => m.movieId)));
  return { movies, ratings };
}

/** Writes `movies.csv` and `ratings.csv` into `folder` (which must exist), each durably. */
export function writeMovieLens(folder: string, data: MovieLensData): void {
  writeLinesDurably(join(folder, 'movies.csv'), (function* () {
    yield MOVIES_HEADER.join(',');
    for (const movie of data.movies) yield movieCsvLine(movie);
  })());
  const { ratings } = data;
  writeLinesDurably(join(folder, 'ratings.csv'), (function* () {
    yield RATINGS_HEADER.join(',');
    for (let i = 0; i < ratings.length; i++) {
      // Float32 holds half stars exactly, so this prints "3.5", "4", never "3.4999".
      yield `${ratings.userIds[i]},${ratings.movieIds[i]},${ratings.ratings[i]},${ratings.timestamps[i]}`;
    }
  })());
}
