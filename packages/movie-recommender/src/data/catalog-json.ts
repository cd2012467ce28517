/**
 * The catalog as the artifacts store it: `catalog.json`, one object of parallel arrays
 * (ids, titles, years, genre indexes into a genre table).
 *
 * Why not `movies.csv`: the service loads the catalog at every start, and parsing 100k
 * CSV rows with csv-parse (plus the garbage it leaves) took about 450 ms of a 590 ms
 * load; one `JSON.parse` of the same movies takes a few tens of ms. MovieLens CSV stays
 * the import format (`movielens.ts`); this file is only the artifact encoding.
 *
 * Edit it when a `Movie` gains a field; bump `CATALOG_JSON_FORMAT` when the layout changes.
 */
import type { Movie } from '../types.js';

/** Format tag inside `catalog.json`; a loader refuses any other. */
export const CATALOG_JSON_FORMAT = 'serverless-ai/movie-catalog@1';

/** The JSON layout of `catalog.json`: arrays index-aligned with the catalog order. */
export interface CatalogJson {
  format: typeof CATALOG_JSON_FORMAT;
  /** Every genre used, each once; movies refer to them by position. */
  genres: string[];
  movieIds: number[];
  titles: string[];
  years: (number | null)[];
  /** Per movie, positions in `genres`, in the movie's own genre order. */
  genreIndexes: number[][];
}

/** A `catalog.json` is malformed; the message says which entry and why. */
export class CatalogJsonError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'CatalogJsonError';
  }
}

/** Encodes movies (in catalog order) as `catalog.json` text. */
export function catalogToJson(movies: readonly Movie[]): string {
  const genres: string[] = [];
  const genrePosition = new Map<string, number>();
  const genreIndexes = movies.map((movie) =>
    movie.genres.map((genre) => {
      let position = genrePosition.get(genre);
      if (position === undefined) {
        position = genres.push(genre) - 1;
        genrePosition.set(genre, position);
      }
      return position;
    }),
  );
  const catalog: CatalogJson = {
    format: CATALOG_JSON_FORMAT,
    genres,
    movieIds: movies.map((m) => m.movieId),
    titles: movies.map((m) => m.title),
    years: movies.map((m) => m.year),
    genreIndexes,
  };
  return `${JSON.stringify(catalog)}\n`;
}

function isArray(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw new CatalogJsonError(`${name} must be an array`);
  return value;
}

/**
 * Decodes `catalog.json` content into movies, checking every entry (a hand-written loop
 * rather than a zod schema: at 100k movies it is the difference between ~5 and ~50 ms).
 * @throws CatalogJsonError when the content is not a valid catalog.
 */
export function parseCatalogJson(content: string | Buffer): Movie[] {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof content === 'string' ? content : content.toString('utf8'));
  } catch (err) {
    throw new CatalogJsonError(`Not JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new CatalogJsonError('Expected a JSON object');
  const data = raw as Record<string, unknown>;
  if (data.format !== CATALOG_JSON_FORMAT) {
    throw new CatalogJsonError(`Unknown format ${JSON.stringify(data.format)}, expected ${CATALOG_JSON_FORMAT}`);
  }
  const genres = isArray(data.genres, 'genres');
  genres.forEach((genre, i) => {
    if (typeof genre !== 'string' || genre.length === 0) throw new CatalogJsonError(`genres[${i}] must be a non-empty string`);
  });
  const movieIds = isArray(data.movieIds, 'movieIds');
  const titles = isArray(data.titles, 'titles');
  const years = isArray(data.years, 'years');
  const genreIndexes = isArray(data.genreIndexes, 'genreIndexes');
  const n = movieIds.length;
  if (titles.length !== n || years.length !== n || genreIndexes.length !== n) {
    throw new CatalogJsonError(`movieIds, titles, years and genreIndexes must have the same length (${n}, ${titles.length}, ${years.length}, ${genreIndexes.length})`);
  }
  const seen = new Set<number>();
  const movies: Movie[] = new Array<Movie>(n);
  for (let i = 0; i < n; i++) {
    const movieId = movieIds[i];
    if (typeof movieId !== 'number' || !Number.isSafeInteger(movieId) || movieId < 1) throw new CatalogJsonError(`movieIds[${i}] must be a positive integer`);
    if (seen.has(movieId)) throw new CatalogJsonError(`movieId ${movieId} appears twice`);
    seen.add(movieId);
    const title = titles[i];
    if (typeof title !== 'string' || title.length === 0) throw new CatalogJsonError(`titles[${i}] must be a non-empty string`);
    const year = years[i];
    if (year !== null && (typeof year !== 'number' || !Number.isInteger(year))) throw new CatalogJsonError(`years[${i}] must be an integer or null`);
    const indexes = genreIndexes[i];
    if (!Array.isArray(indexes)) throw new CatalogJsonError(`genreIndexes[${i}] must be an array`);
    const movieGenres = new Array<string>(indexes.length);
    for (let g = 0; g < indexes.length; g++) {
      const position: unknown = indexes[g];
      const genre = Number.isInteger(position) ? genres[position as number] : undefined;
      if (typeof genre !== 'string') throw new CatalogJsonError(`genreIndexes[${i}][${g}] is not a position in genres`);
      movieGenres[g] = genre;
    }
    movies[i] = { movieId, title, year, genres: movieGenres };
  }
  return movies;
}
