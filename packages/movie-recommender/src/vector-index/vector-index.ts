/**
 * `VectorIndex`: the recommender's approximate nearest-neighbour index, a thin layer
 * over hnswlib-node's `HierarchicalNSW` (HNSW graph, native C++).
 *
 * What the layer adds to hnswlib, and why:
 * 1. Label bookkeeping. hnswlib's label list still contains removed (marked deleted)
 *    labels, so `has`, `size` and `remove` of an unknown label need our own record
 *    of which labels are live.
 * 2. Growth. hnswlib throws when adding past `maxElements`; `add` doubles the
 *    capacity with `resizeIndex` first, or reuses the slot of a removed element
 *    (`allowReplaceDeleted`), so a catalog can grow and churn while serving.
 * 3. Safe re-adding. Re-adding a removed label revives its own slot
 *    (`unmarkDelete`, then `addPoint` updates it). Letting hnswlib's
 *    `replaceDeleted` pick a slot instead can leave the same label on two slots and
 *    later lose it (nmslib/hnswlib#541).
 * 4. Exclusion. `searchKnn` hides seen movies: a few by fetching that many more and
 *    dropping them, many with hnswlib's filter callback inside the graph search, so it
 *    still returns k results however many are excluded.
 * 5. Snapshots with a checked header (see `snapshot.ts`), because hnswlib's file
 *    carries no `ef`, space, catalog version or checksum.
 *
 * Edit this file to change how the index grows, searches or is saved.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConflictError, NotFoundError } from '@serverless-ai/model-interface';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import {
  type IndexHeader,
  INDEX_SNAPSHOT_FORMAT,
  IndexSnapshotError,
  readVerifiedHeader,
  type SnapshotExpectations,
  writeIndexFileDurably,
  writeIndexHeader,
} from './snapshot.js';
import {
  assertK,
  assertLabel,
  assertVector,
  type IndexOptions,
  type KnnIndex,
  resolveOptions,
  type SearchResult,
  type Space,
  vectorRow,
} from './types.js';

// hnswlib-node is CommonJS whose exports Node cannot detect statically: import the default.
const { HierarchicalNSW: Hnsw } = hnswlib;

/**
 * Up to this many live exclusions, `searchKnn` over-fetches and drops them instead of
 * using hnswlib's filter callback (see `searchKnn`); above it the filter is cheaper.
 */
export const OVERFETCH_MAX_EXCLUSIONS = 64;

/** Bytes hnswlib's index file spends before the elements (13 fixed-size fields). */
export const HNSW_FILE_HEADER_BYTES = 96;

/**
 * Bytes hnswlib stores per element on the bottom layer: the 2·M neighbour ids and
 * their count (`2·m·4 + 4`), the vector (`numDimensions·4`, float32) and the label (8).
 * Upper layers add `m·4 + 4` bytes for the few elements (about 1 in m) that reach them.
 */
export function hnswLevel0BytesPerElement(m: number, numDimensions: number): number {
  return 2 * m * 4 + 4 + numDimensions * 4 + 8;
}

/** Metadata `save` records beside the index. */
export interface SaveMeta {
  /** Identifies the catalog and embeddings the vectors came from (e.g. a sha256 prefix). */
  catalogVersion: string;
}

/**
 * An HNSW index of labelled vectors (labels are movie ids) with exclusion-aware
 * search, automatic growth, removal and re-adding, and checked snapshots.
 *
 * Synchronous throughout: hnswlib answers in microseconds to milliseconds from
 * memory, and Node runs one call at a time, so no locking is needed.
 */
export class VectorIndex implements KnnIndex {
  private readonly hnsw: HierarchicalNSW;
  private readonly settings: Required<IndexOptions>;
  /** Labels that `searchKnn` may return. */
  private readonly live: Set<number>;
  /**
   * Removed labels that may still own a (marked deleted) slot in hnswlib. A slot can
   * be reused by another label without telling us which, so this is a hint that
   * `add` confirms with `unmarkDelete`.
   */
  private readonly removed: Set<number>;

  private constructor(hnsw: HierarchicalNSW, settings: Required<IndexOptions>, live: Set<number>, removed: Set<number>) {
    this.hnsw = hnsw;
    this.settings = settings;
    this.live = live;
    this.removed = removed;
  }

  /** An empty index. Options not given take the defaults listed on `IndexOptions`. */
  static create(options: IndexOptions): VectorIndex {
    const settings = resolveOptions(options);
    const hnsw = new Hnsw(settings.space, settings.numDimensions);
    hnsw.initIndex(settings.maxElements, settings.m, settings.efConstruction, settings.randomSeed, true);
    hnsw.setEf(settings.ef);
    return new VectorIndex(hnsw, settings, new Set(), new Set());
  }

  /**
   * Builds an index over `labels.length` vectors, stored row-major in `vectors`
   * (row i belongs to `labels[i]`). Capacity starts at `max(maxElements, labels.length)`.
   * @throws ConflictError when a label repeats; InvalidInputError on a bad label or vector.
   */
  static build(options: IndexOptions, labels: ArrayLike<number>, vectors: ArrayLike<number>): VectorIndex {
    const settings = resolveOptions(options, labels.length);
    const d = settings.numDimensions;
    if (vectors.length !== labels.length * d) {
      throw new RangeError(`vectors holds ${vectors.length} numbers, expected ${labels.length} × ${d}`);
    }
    const index = VectorIndex.create(settings);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (index.has(label)) throw new ConflictError(`Label ${label} appears twice`, { label });
      index.add(label, vectorRow(vectors, i, d));
    }
    return index;
  }

  /** Current settings: `ef` as last set, `maxElements` as the current capacity. */
  get options(): Required<IndexOptions> {
    return { ...this.settings, ef: this.hnsw.getEf(), maxElements: this.hnsw.getMaxElements() };
  }

  get space(): Space {
    return this.settings.space;
  }

  get numDimensions(): number {
    return this.settings.numDimensions;
  }

  /** Live (not removed) elements. */
  get size(): number {
    return this.live.size;
  }

  /** Current capacity; `add` doubles it when full. */
  get maxElements(): number {
    return this.hnsw.getMaxElements();
  }

  /** Search-time `ef` (see `IndexOptions.ef`). */
  get ef(): number {
    return this.hnsw.getEf();
  }

  /** Slots hnswlib holds for removed elements, which new labels will reuse before the index grows. */
  get deletedSlots(): number {
    return this.hnsw.getCurrentCount() - this.live.size;
  }

  has(label: number): boolean {
    return this.live.has(label);
  }

  /** Live labels, in no particular order. */
  labels(): number[] {
    return [...this.live];
  }

  /**
   * The stored vector of `label` (normalised to length 1 in the `cosine` space, as
   * hnswlib stores it).
   * @throws NotFoundError when `label` is not live.
   */
  getPoint(label: number): number[] {
    if (!this.live.has(label)) throw new NotFoundError(`Label ${label} is not in the index`, { label });
    return this.hnsw.getPoint(label);
  }

  /**
   * Adds `label` with `vector`, or replaces the vector of a live `label` (hnswlib's
   * `addPoint` semantics, which makes replaying an update log idempotent).
   * A removed label is revived in its own slot; a new label reuses a removed
   * element's slot if there is one, else the capacity doubles when full.
   * @throws InvalidInputError on a bad label or vector.
   */
  add(label: number, vector: ArrayLike<number>): void {
    assertLabel(label);
    assertVector(vector, this.settings.numDimensions);
    // hnswlib-node reads an Array only (a Float32Array is rejected).
    const point = Array.from(vector);
    if (this.live.has(label)) {
      this.hnsw.addPoint(point, label);
      return;
    }
    if (this.removed.delete(label) && this.tryUnmarkDelete(label)) {
      this.hnsw.addPoint(point, label);
    } else if (this.deletedSlots > 0) {
      this.hnsw.addPoint(point, label, true);
    } else {
      const capacity = this.hnsw.getMaxElements();
      if (this.hnsw.getCurrentCount() >= capacity) this.hnsw.resizeIndex(capacity * 2);
      this.hnsw.addPoint(point, label);
    }
    this.live.add(label);
    // Every deleted slot has been reused: the remaining hints are all stale.
    if (this.removed.size > 0 && this.deletedSlots === 0) this.removed.clear();
  }

  /**
   * Removes `label` from search results (hnswlib `markDelete`). Its slot stays
   * allocated until a later `add` reuses it.
   * @throws NotFoundError when `label` is not live.
   */
  remove(label: number): void {
    if (!this.live.has(label)) throw new NotFoundError(`Label ${label} is not in the index`, { label });
    this.hnsw.markDelete(label);
    this.live.delete(label);
    this.removed.add(label);
  }

  /** Sets the search-time `ef` (see `IndexOptions.ef`). @throws RangeError unless a positive integer. */
  setEf(ef: number): void {
    if (!Number.isInteger(ef) || ef < 1) throw new RangeError(`ef must be a positive integer, got ${ef}`);
    this.hnsw.setEf(ef);
  }

  /**
   * The k nearest live labels to `query`, nearest first.
   *
   * `exclude` is applied by hnswlib's filter callback during the graph search, so
   * the search keeps walking the graph until it has k allowed labels (or has seen
   * every reachable element): excluding many does not shrink the answer. k is capped
   * at the number of live, non-excluded labels. Each call searches with
   * `max(ef, k)` candidates.
   * @param query vector of `numDimensions` numbers
   * @param k neighbours wanted (0 gives an empty result)
   * @param exclude labels never returned, e.g. movies the user has already seen
   * @throws InvalidInputError on a bad query or k.
   */
  // #region hnsw-search-with-ef
  searchKnn(query: ArrayLike<number>, k: number, exclude?: ReadonlySet<number>): SearchResult {
    assertK(k);
    assertVector(query, this.settings.numDimensions, 'query');
    let available = this.live.size;
    if (exclude) for (const label of exclude) if (this.live.has(label)) available--;
    const wanted = Math.min(k, available);
    if (wanted === 0) return { neighbors: [], distances: [] };
    const excludedLive = this.live.size - available;
    // Without live exclusions, skip the callback: hnswlib then takes its faster unfiltered path.
    if (excludedLive === 0) return this.hnsw.searchKnn(Array.from(query), wanted);
    // A few exclusions (a user's recent activity): fetch that many more without a filter
    // and drop them. hnswlib's filter calls back into JavaScript for every candidate it
    // visits, which costs more than the extra results (the bench's "excluding seen movies"
    // rows measure this path). At most `excludedLive` results are dropped, so `wanted` remain.
    // The candidate list (ef) grows by the same amount, so the allowed results compete in
    // as large a pool as the filtered search would give them.
    if (excludedLive <= OVERFETCH_MAX_EXCLUSIONS) {
      const ef = this.hnsw.getEf();
      this.hnsw.setEf(ef + excludedLive);
      let found: SearchResult;
      try {
        found = this.hnsw.searchKnn(Array.from(query), wanted + excludedLive);
      } finally {
        this.hnsw.setEf(ef);
      }
      // #endregion hnsw-search-with-ef
      const { neighbors, distances } = found;
      const kept: SearchResult = { neighbors: [], distances: [] };
      for (let i = 0; i < neighbors.length && kept.neighbors.length < wanted; i++) {
        if (exclude!.has(neighbors[i]!)) continue;
        kept.neighbors.push(neighbors[i]!);
        kept.distances.push(distances[i]!);
      }
      return kept;
    }
    return this.hnsw.searchKnn(Array.from(query), wanted, (label: number) => !exclude!.has(label));
  }

  /**
   * Saves a snapshot: hnswlib's index file at `path`, written durably (temporary
   * file, fsync, rename, folder fsync), then the header at `<path>.meta.json`.
   * The folder is created if needed.
   *
   * Synchronous on purpose (about a tenth of a second per 100k movies, see the
   * benchmark): hnswlib's async `writeIndex` reads the graph on a worker thread, where
   * an `add` or `remove` on the main thread meanwhile would race with it.
   * @returns the header as written.
   */
  save(path: string, meta: SaveMeta): IndexHeader {
    mkdirSync(dirname(path), { recursive: true });
    const slots = this.hnsw.getCurrentCount();
    const deletedLabels = slots > this.live.size ? this.hnsw.getIdsList().filter((label) => !this.live.has(label)) : [];
    const minBytes = HNSW_FILE_HEADER_BYTES + slots * (hnswLevel0BytesPerElement(this.settings.m, this.settings.numDimensions) + 4);
    const { sha256, bytes } = writeIndexFileDurably(path, (temp) => this.hnsw.writeIndexSync(temp), minBytes);
    const header: IndexHeader = {
      format: INDEX_SNAPSHOT_FORMAT,
      space: this.settings.space,
      numDimensions: this.settings.numDimensions,
      m: this.settings.m,
      efConstruction: this.settings.efConstruction,
      ef: this.hnsw.getEf(),
      randomSeed: this.settings.randomSeed,
      count: this.live.size,
      maxElements: this.hnsw.getMaxElements(),
      catalogVersion: meta.catalogVersion,
      sha256,
      bytes,
      savedAt: new Date().toISOString(),
      deletedLabels,
    };
    writeIndexHeader(path, header);
    return header;
  }

  /**
   * Loads a snapshot written by `save`, after checking its header against
   * `expected` and the index file's sha256, and restores the saved `ef`.
   * @throws IndexSnapshotError when the header is missing or invalid, the file does
   * not match its checksum, or the catalog version or dimensions differ from
   * `expected`. Callers log it and rebuild from the catalog.
   */
  static load(path: string, expected: SnapshotExpectations = {}): VectorIndex {
    const header = readVerifiedHeader(path, expected);
    const hnsw = new Hnsw(header.space, header.numDimensions);
    try {
      // `true`: allow new labels to reuse slots of removed ones, as `create` does.
      hnsw.readIndexSync(path, true);
    } catch (err) {
      throw new IndexSnapshotError('index-unreadable', (err as Error).message, path);
    }
    const ids = hnsw.getIdsList();
    const deleted = new Set(header.deletedLabels);
    const live = new Set(ids.filter((label) => !deleted.has(label)));
    if (hnsw.getCurrentCount() !== ids.length || live.size !== header.count || live.size + deleted.size !== ids.length) {
      throw new IndexSnapshotError(
        'contents',
        `index holds ${ids.length} labels in ${hnsw.getCurrentCount()} slots, header says ${header.count} live and ${deleted.size} deleted`,
        path,
      );
    }
    hnsw.setEf(header.ef);
    const settings: Required<IndexOptions> = {
      space: header.space,
      numDimensions: header.numDimensions,
      m: header.m,
      efConstruction: header.efConstruction,
      ef: header.ef,
      maxElements: hnsw.getMaxElements(),
      randomSeed: header.randomSeed,
    };
    return new VectorIndex(hnsw, settings, live, deleted);
  }

  /** `unmarkDelete(label)`, reporting false when hnswlib no longer knows the label (its slot was reused). */
  private tryUnmarkDelete(label: number): boolean {
    try {
      this.hnsw.unmarkDelete(label);
      return true;
    } catch (err) {
      if (err instanceof Error && /Label not found/.test(err.message)) return false;
      throw err;
    }
  }
}
