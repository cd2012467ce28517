/**
 * The vocabulary shared by the approximate index (`VectorIndex`, over hnswlib-node)
 * and its exact reference (`ExactIndex`): spaces, options with their defaults, and
 * the checks every entry point runs on labels, vectors and `k`.
 *
 * Names follow hnswlib-node on purpose (`space`, `numDimensions`, `maxElements`, `m`,
 * `efConstruction`, `ef`, `searchKnn`, `{ distances, neighbors }`), so its
 * documentation applies word for word. Edit this file when an option is added.
 */
import { InvalidInputError } from '@serverless-ai/model-interface';

/**
 * The distance a space ranks by. Smaller is nearer in every space, and the formulas
 * are hnswlib's own, so exact and approximate results are directly comparable:
 * - `l2`: squared Euclidean distance, `Σ (aᵢ − bᵢ)²` (no square root).
 * - `ip`: `1 − Σ aᵢ·bᵢ` (inner product turned into a distance; can be negative).
 * - `cosine`: `1 − Σ aᵢ·bᵢ / (‖a‖·‖b‖)`. hnswlib normalises vectors on insert and
 *   queries on search, then uses `ip`; a zero vector stays zero (distance 1).
 */
export type Space = 'l2' | 'ip' | 'cosine';

/** Every space, for validation and for loops in tests and benchmarks. */
export const SPACES: readonly Space[] = ['l2', 'ip', 'cosine'];

/** How to build an index. Omitted numbers take the defaults in `INDEX_DEFAULTS`. */
export interface IndexOptions {
  /** Distance to rank by; see `Space` for the formulas. No default: choose it. */
  space: Space;
  /** Length of every vector (the embedding size). No default. */
  numDimensions: number;
  /**
   * `M`: graph edges kept per element on upper layers (2·M on the bottom layer).
   * More edges raise recall and memory (about `M × 2 × 4` bytes per element) and
   * slow down building. @default 16
   */
  m?: number;
  /**
   * `efConstruction`: size of the candidate list while inserting. Larger builds a
   * better graph, more slowly; it does not change memory. @default 200
   */
  efConstruction?: number;
  /**
   * `ef`: size of the candidate list while searching (hnswlib uses `max(ef, k)`).
   * The recall/speed dial at query time. hnswlib does not store it in the index
   * file; our snapshot header does. @default 64
   */
  ef?: number;
  /**
   * `maxElements`: initial capacity in elements. Adding past it doubles the capacity
   * (`resizeIndex`), so this only saves reallocations. @default the number of
   * vectors given to `build`, and at least 16
   */
  maxElements?: number;
  /** `randomSeed` for hnswlib's level generator, so builds are reproducible. @default 100 */
  randomSeed?: number;
}

/** The defaults of `IndexOptions` (hnswlib's own, except `ef`, which hnswlib sets to 10). */
export const INDEX_DEFAULTS = { m: 16, efConstruction: 200, ef: 64, randomSeed: 100, minMaxElements: 16 } as const;

/** Nearest neighbours of one query, nearest first: `neighbors[i]` is at `distances[i]`. */
export interface SearchResult {
  /** Labels (movie ids), by ascending distance. */
  neighbors: number[];
  /** Distances in the index's space (see `Space`), ascending. */
  distances: number[];
}

/** The surface `VectorIndex` and `ExactIndex` share, so one can stand in for the other. */
export interface KnnIndex {
  readonly space: Space;
  readonly numDimensions: number;
  /** Live (not removed) elements. */
  readonly size: number;
  has(label: number): boolean;
  add(label: number, vector: ArrayLike<number>): void;
  remove(label: number): void;
  searchKnn(query: ArrayLike<number>, k: number, exclude?: ReadonlySet<number>): SearchResult;
}

/** Largest label hnswlib-node accepts: it converts labels with `Uint32Value`. */
export const MAX_LABEL = 0xffff_ffff;

/**
 * Fills in the defaults of `IndexOptions` and checks every value.
 * @param count vectors about to be added, a lower bound for `maxElements`
 * @throws RangeError when options are not usable; these are programming errors, not client input.
 */
export function resolveOptions(options: IndexOptions, count = 0): Required<IndexOptions> {
  if (!SPACES.includes(options.space)) throw new RangeError(`space must be one of ${SPACES.join(', ')}, got ${String(options.space)}`);
  const resolved: Required<IndexOptions> = {
    space: options.space,
    numDimensions: options.numDimensions,
    m: options.m ?? INDEX_DEFAULTS.m,
    efConstruction: options.efConstruction ?? INDEX_DEFAULTS.efConstruction,
    ef: options.ef ?? INDEX_DEFAULTS.ef,
    maxElements: Math.max(options.maxElements ?? count, count, INDEX_DEFAULTS.minMaxElements),
    randomSeed: options.randomSeed ?? INDEX_DEFAULTS.randomSeed,
  };
  for (const [name, min] of [
    ['numDimensions', 1],
    ['m', 2],
    ['efConstruction', 1],
    ['ef', 1],
    ['maxElements', 1],
    ['randomSeed', 0],
  ] as const) {
    const value = resolved[name];
    if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
  return resolved;
}

/**
 * Labels are movie ids. They reach the index from HTTP requests via the service, so
 * a bad one is reported as client input (400), not as a crash.
 * @throws InvalidInputError unless `label` is an integer in [0, 2³²−1].
 */
export function assertLabel(label: number): void {
  if (!Number.isInteger(label) || label < 0 || label > MAX_LABEL) {
    throw new InvalidInputError([{ path: ['label'], message: `A label must be an integer from 0 to ${MAX_LABEL}, got ${label}` }]);
  }
}

/** @throws InvalidInputError unless `vector` has `numDimensions` finite numbers. */
export function assertVector(vector: ArrayLike<number>, numDimensions: number, name = 'vector'): void {
  if (vector.length !== numDimensions) {
    throw new InvalidInputError([{ path: [name], message: `Expected ${numDimensions} numbers, got ${vector.length}` }]);
  }
  for (let i = 0; i < numDimensions; i++) {
    if (!Number.isFinite(vector[i])) {
      throw new InvalidInputError([{ path: [name, i], message: `Expected a finite number, got ${vector[i]}` }]);
    }
  }
}

/** @throws InvalidInputError unless `k` is a non-negative integer. */
export function assertK(k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new InvalidInputError([{ path: ['k'], message: `k must be a non-negative integer, got ${k}` }]);
}

/** Row `i` of a row-major matrix, without copying when it is a typed array. */
export function vectorRow(vectors: ArrayLike<number>, i: number, numDimensions: number): ArrayLike<number> {
  const start = i * numDimensions;
  if (ArrayBuffer.isView(vectors) && 'subarray' in vectors) {
    return (vectors as unknown as Float32Array).subarray(start, start + numDimensions);
  }
  return Array.prototype.slice.call(vectors, start, start + numDimensions) as number[];
}
