/**
 * The live catalog: every movie the service knows, including ones added while it
 * runs, with a title search for the demo's search box.
 *
 * Search is a ranked, case- and accent-insensitive substring match over
 * "Title (year)", which also matches MovieLens's moved articles the way people type
 * them ("the matrix" finds "Matrix, The"). A linear scan is fine: about 10 ms over
 * 100,000 titles, and the service calls it per keystroke at most. Edit this file to
 * change how search ranks.
 */
import { ConflictError } from '@serverless-ai/model-interface';
import { formatMovieTitle } from './data/movielens.js';
import type { Movie } from './types.js';

const MOVED_ARTICLE = /^(.*), (the|a|an|la|le|les|l'|il|el|los|las|der|die|das|den|det)$/i;

/** Lower case, accents removed, spaces collapsed. */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

interface SearchKey {
  /** Normalised "title (year)". */
  full: string;
  /** Normalised title alone. */
  bare: string;
}

interface Entry {
  movie: Movie;
  /** The title as stored, and the article-first form when it ends in ", The". */
  keys: SearchKey[];
}

function keyFor(title: string, year: number | null): SearchKey {
  return { full: normaliseForSearch(formatMovieTitle({ title, year })), bare: normaliseForSearch(title) };
}

function entryFor(movie: Movie): Entry {
  const keys = [keyFor(movie.title, movie.year)];
  const moved = MOVED_ARTICLE.exec(movie.title);
  if (moved) keys.push(keyFor(`${moved[2]} ${moved[1]}`, movie.year));
  return { movie, keys };
}

/** Movies by id, with title search. Not persistent: the service rebuilds it from artifacts plus its update log. */
export class Catalog {
  private readonly entries = new Map<number, Entry>();

  /**
   * @param movies initial movies (ids must be unique)
   * @param popularity ranks equally good title matches; unknown ids count as 0
   */
  constructor(
    movies: Iterable<Movie> = [],
    private readonly popularity: (movieId: number) => number = () => 0,
  ) {
    for (const movie of movies) this.add(movie);
  }

  /** The movie with this id, or undefined. */
  get(movieId: number): Movie | undefined {
    return this.entries.get(movieId)?.movie;
  }

  /** Whether the id is in the catalog. */
  has(movieId: number): boolean {
    return this.entries.has(movieId);
  }

  /** Number of movies. */
  get size(): number {
    return this.entries.size;
  }

  /** @throws ConflictError when the id is taken (use `replace` to overwrite). */
  add(movie: Movie): void {
    if (this.entries.has(movie.movieId)) throw new ConflictError(`Movie ${movie.movieId} is already in the catalog`, { movieId: movie.movieId });
    this.entries.set(movie.movieId, entryFor(movie));
  }

  /** Adds or overwrites a movie (replaying an update log). */
  replace(movie: Movie): void {
    this.entries.set(movie.movieId, entryFor(movie));
  }

  /** Removes and returns a movie, or undefined when absent. */
  remove(movieId: number): Movie | undefined {
    const entry = this.entries.get(movieId);
    this.entries.delete(movieId);
    return entry?.movie;
  }

  /** Every movie, in insertion order. */
  *all(): IterableIterator<Movie> {
    for (const entry of this.entries.values()) yield entry.movie;
  }

  /**
   * Movies whose title contains `query`, best first: exact title, then title prefix,
   * then word prefix, then anywhere; ties by popularity, then title, then id.
   * A blank query or a limit below 1 returns nothing.
   */
  search(query: string, limit: number): Movie[] {
    const needle = normaliseForSearch(query);
    if (needle.length === 0 || !(limit >= 1)) return [];
    const hits: { movie: Movie; tier: number; popularity: number }[] = [];
    for (const { movie, keys } of this.entries.values()) {
      let tier = 4;
      for (const key of keys) tier = Math.min(tier, matchTier(key, needle));
      if (tier < 4) hits.push({ movie, tier, popularity: this.popularity(movie.movieId) });
    }
    hits.sort((a, b) => a.tier - b.tier || b.popularity - a.popularity || a.movie.title.localeCompare(b.movie.title) || a.movie.movieId - b.movie.movieId);
    return hits.slice(0, Math.floor(limit)).map((h) => h.movie);
  }
}

/** 0 exact title (with or without year), 1 prefix, 2 word prefix, 3 substring, 4 no match. */
function matchTier({ full, bare }: SearchKey, needle: string): number {
  const at = full.indexOf(needle);
  if (at < 0) return 4;
  if (full === needle || bare === needle) return 0;
  if (at === 0) return 1;
  return /[\s"'(:,.-]/.test(full[at - 1]!) ? 2 : 3;
}
