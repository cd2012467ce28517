/**
 * Exact nearest-neighbour search: the reference every approximate result is judged
 * against (recall in tests and in `npm run bench`).
 *
 * It compares the query with every stored vector, so it is always right and costs
 * O(n·d) per query. Distances use hnswlib's definitions exactly (see `Space`), so an
 * exact and an approximate answer can be compared label by label and distance by
 * distance. Edit this file only to keep it in step with hnswlib; speed is not its job.
 */
import { ConflictError, NotFoundError } from '@serverless-ai/model-interface';
import {
  assertK,
  assertLabel,
  assertVector,
  INDEX_DEFAULTS,
  type KnnIndex,
  type SearchResult,
  type Space,
  SPACES,
  vectorRow,
} from './types.js';

/**
 * Distance between two vectors in `space`, computed in double precision.
 * - `l2`: `Σ (aᵢ − bᵢ)²`
 * - `ip`: `1 − Σ aᵢ·bᵢ`
 * - `cosine`: `1 − Σ aᵢ·bᵢ / (‖a‖·‖b‖)`, and 1 when either vector is zero (as in hnswlib,
 *   which leaves a zero vector unnormalised).
 */
export function distance(space: Space, a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`Vectors differ in length: ${a.length} and ${b.length}`);
  return distanceAt(space, a, b, 0, a.length);
}

/** `distance` against the row of `matrix` that starts at `offset`. */
function distanceAt(space: Space, query: ArrayLike<number>, matrix: ArrayLike<number>, offset: number, numDimensions: number): number {
  if (space === 'l2') {
    let sum = 0;
    for (let j = 0; j < numDimensions; j++) {
      const diff = query[j]! - matrix[offset + j]!;
      sum += diff * diff;
    }
    return sum;
  }
  let dot = 0;
  if (space === 'ip') {
    for (let j = 0; j < numDimensions; j++) dot += query[j]! * matrix[offset + j]!;
    return 1 - dot;
  }
  let normQ = 0;
  let normM = 0;
  for (let j = 0; j < numDimensions; j++) {
    const q = query[j]!;
    const m = matrix[offset + j]!;
    dot += q * m;
    normQ += q * q;
    normM += m * m;
  }
  return normQ === 0 || normM === 0 ? 1 : 1 - dot / Math.sqrt(normQ * normM);
}

/**
 * Keeps the k smallest (distance, label) pairs seen so far, sorted. k is small (10 to
 * 100) next to n, and most candidates lose to the current worst in one comparison,
 * so a sorted array beats a heap here. Ties go to the smaller label, for determinism.
 */
class TopK {
  readonly distances: Float64Array;
  readonly labels: Float64Array;
  count = 0;

  constructor(readonly k: number) {
    this.distances = new Float64Array(k);
    this.labels = new Float64Array(k);
  }

  offer(dist: number, label: number): void {
    const { k, distances, labels } = this;
    if (this.count === k) {
      const worst = distances[k - 1]!;
      if (dist > worst || (dist === worst && label > labels[k - 1]!)) return;
    }
    let i = this.count < k ? this.count++ : k - 1;
    while (i > 0 && (distances[i - 1]! > dist || (distances[i - 1] === dist && labels[i - 1]! > label))) {
      distances[i] = distances[i - 1]!;
      labels[i] = labels[i - 1]!;
      i--;
    }
    distances[i] = dist;
    labels[i] = label;
  }

  result(): SearchResult {
    return { neighbors: Array.from(this.labels.subarray(0, this.count)), distances: Array.from(this.distances.subarray(0, this.count)) };
  }
}

/**
 * Exact k nearest neighbours of `query` among `labels.length` row-major vectors.
 * @param space distance to rank by (see `Space` for the formulas)
 * @param vectors `labels.length × numDimensions` numbers, row i belongs to `labels[i]`
 * @param labels the label of each row
 * @param numDimensions length of each row and of `query`
 * @param k how many neighbours to return; fewer when fewer rows are eligible
 * @param exclude labels never returned (e.g. movies the user has seen)
 * @returns neighbours by ascending distance, ties broken by smaller label
 */
export function bruteForceKnn(
  space: Space,
  vectors: ArrayLike<number>,
  labels: ArrayLike<number>,
  numDimensions: number,
  query: ArrayLike<number>,
  k: number,
  exclude?: ReadonlySet<number>,
): SearchResult {
  assertK(k);
  assertVector(query, numDimensions, 'query');
  if (vectors.length !== labels.length * numDimensions) {
    throw new RangeError(`vectors holds ${vectors.length} numbers, expected ${labels.length} × ${numDimensions}`);
  }
  const top = new TopK(Math.min(k, labels.length));
  if (top.k === 0) return { neighbors: [], distances: [] };
  const skip = exclude && exclude.size > 0 ? exclude : undefined;
  for (let row = 0, offset = 0; row < labels.length; row++, offset += numDimensions) {
    const label = labels[row]!;
    if (skip?.has(label)) continue;
    top.offer(distanceAt(space, query, vectors, offset, numDimensions), label);
  }
  return top.result();
}

/** Options of an `ExactIndex`: the space and size; graph parameters do not apply. */
export interface ExactIndexOptions {
  /** Distance to rank by; see `Space`. */
  space: Space;
  /** Length of every vector. */
  numDimensions: number;
  /** Initial capacity in elements; grows by doubling. @default 16 */
  maxElements?: number;
}

/**
 * A brute-force index with the same `add`/`remove`/`has`/`size`/`searchKnn` surface
 * as `VectorIndex`. It is the reference implementation: tests and the benchmark
 * measure the HNSW index's recall and speed against it.
 *
 * Vectors live in one growable Float32Array (hnswlib stores float32 too). Removal
 * moves the last row into the freed slot, so storage stays dense.
 */
export class ExactIndex implements KnnIndex {
  readonly space: Space;
  readonly numDimensions: number;
  private data: Float32Array;
  private rowLabels: Float64Array;
  private readonly rowOf = new Map<number, number>();

  constructor(options: ExactIndexOptions) {
    if (!SPACES.includes(options.space)) throw new RangeError(`space must be one of ${SPACES.join(', ')}, got ${String(options.space)}`);
    if (!Number.isInteger(options.numDimensions) || options.numDimensions < 1) {
      throw new RangeError(`numDimensions must be a positive integer, got ${options.numDimensions}`);
    }
    this.space = options.space;
    this.numDimensions = options.numDimensions;
    const capacity = Math.max(options.maxElements ?? 0, INDEX_DEFAULTS.minMaxElements);
    this.data = new Float32Array(capacity * this.numDimensions);
    this.rowLabels = new Float64Array(capacity);
  }

  /**
   * Builds an exact index over `labels.length` row-major vectors.
   * @throws ConflictError when a label repeats.
   */
  static build(options: ExactIndexOptions, labels: ArrayLike<number>, vectors: ArrayLike<number>): ExactIndex {
    const index = new ExactIndex({ ...options, maxElements: Math.max(options.maxElements ?? 0, labels.length) });
    if (vectors.length !== labels.length * index.numDimensions) {
      throw new RangeError(`vectors holds ${vectors.length} numbers, expected ${labels.length} × ${index.numDimensions}`);
    }
    const d = index.numDimensions;
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (index.has(label)) throw new ConflictError(`Label ${label} appears twice`, { label });
      index.add(label, vectorRow(vectors, i, d));
    }
    return index;
  }

  /** Live elements. */
  get size(): number {
    return this.rowOf.size;
  }

  has(label: number): boolean {
    return this.rowOf.has(label);
  }

  /** Adds `label`, or replaces its vector when it is already present (as hnswlib's `addPoint` does). */
  add(label: number, vector: ArrayLike<number>): void {
    assertLabel(label);
    assertVector(vector, this.numDimensions);
    let row = this.rowOf.get(label);
    if (row === undefined) {
      row = this.rowOf.size;
      if (row === this.rowLabels.length) this.grow();
      this.rowOf.set(label, row);
      this.rowLabels[row] = label;
    }
    this.data.set(vector, row * this.numDimensions);
  }

  /** @throws NotFoundError when `label` is not present. */
  remove(label: number): void {
    const row = this.rowOf.get(label);
    if (row === undefined) throw new NotFoundError(`Label ${label} is not in the index`, { label });
    const last = this.rowOf.size - 1;
    if (row !== last) {
      const d = this.numDimensions;
      this.data.copyWithin(row * d, last * d, (last + 1) * d);
      const moved = this.rowLabels[last]!;
      this.rowLabels[row] = moved;
      this.rowOf.set(moved, row);
    }
    this.rowOf.delete(label);
  }

  /** Exact k nearest neighbours; `exclude`d labels are never returned. See `bruteForceKnn`. */
  searchKnn(query: ArrayLike<number>, k: number, exclude?: ReadonlySet<number>): SearchResult {
    const n = this.rowOf.size;
    return bruteForceKnn(this.space, this.data.subarray(0, n * this.numDimensions), this.rowLabels.subarray(0, n), this.numDimensions, query, k, exclude);
  }

  /** Live labels, in storage order. */
  labels(): number[] {
    return Array.from(this.rowLabels.subarray(0, this.rowOf.size));
  }

  private grow(): void {
    const data = new Float32Array(this.data.length * 2);
    data.set(this.data);
    this.data = data;
    const rowLabels = new Float64Array(this.rowLabels.length * 2);
    rowLabels.set(this.rowLabels);
    this.rowLabels = rowLabels;
  }
}
