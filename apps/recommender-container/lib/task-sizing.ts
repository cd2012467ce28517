/**
 * How big a Fargate task the recommender needs for a catalog of a given size.
 *
 * The service keeps everything in memory, so memory is what sizing is about:
 *
 *     dataBytes     = growth × movies × (embedding + index + catalog bytes per movie)
 *       embedding   = dimensions × 4                       (Float32 item vectors the model keeps)
 *       index       = dimensions × 4 + 8·M + 112           (hnswlib: vector copy; 2·M level-0 links × 4 B;
 *                                                           upper levels, label map, per-element lock ≈ 112 B)
 *       catalog     = 300                                  (a Movie object with its strings, in V8)
 *     requiredMiB   = (baselineMiB + dataBytes / 2²⁰) / (1 − headroom)
 *
 * `baselineMiB` (256) covers Node.js, Express and the libraries; `headroom` (30 %) keeps
 * room for garbage collection, request buffers and the snapshot write; `growth` (1.5)
 * leaves space for movies added at run time. The result is the smallest valid Fargate
 * combination with at least that memory and at least `minCpu`.
 *
 * Edit this file when the index's memory layout changes (e.g. a different M) or Fargate
 * adds combinations.
 */

/** Valid Fargate (Linux) CPU units → memory sizes in MiB. */
export const FARGATE_COMBINATIONS: ReadonlyArray<{ cpu: number; memoryMiB: readonly number[] }> = [
  { cpu: 256, memoryMiB: [512, 1024, 2048] },
  { cpu: 512, memoryMiB: range(1024, 4096, 1024) },
  { cpu: 1024, memoryMiB: range(2048, 8192, 1024) },
  { cpu: 2048, memoryMiB: range(4096, 16_384, 1024) },
  { cpu: 4096, memoryMiB: range(8192, 30_720, 1024) },
  { cpu: 8192, memoryMiB: range(16_384, 61_440, 4096) },
  { cpu: 16_384, memoryMiB: range(32_768, 122_880, 8192) },
];

/** Knobs of `sizeTaskForCatalog`, all with defaults. */
export interface TaskSizingOptions {
  /** HNSW `M` of the index. @default 16 */
  m?: number;
  /** Multiplier for movies added at run time. @default 1.5 */
  growth?: number;
  /** Memory for the runtime itself, in MiB. @default 256 */
  baselineMiB?: number;
  /** Fraction of task memory kept free. @default 0.3 */
  headroom?: number;
  /** Smallest CPU to use (Fargate units; 1024 = 1 vCPU). @default 512, so one slow request does not stall the rest */
  minCpu?: number;
}

/** A task size and the estimate behind it. */
export interface TaskSize {
  /** Fargate CPU units. */
  cpu: number;
  /** Fargate memory in MiB. */
  memoryLimitMiB: number;
  /** The estimate, in MiB, for docs and stack outputs. */
  estimate: { embeddingsMiB: number; indexMiB: number; catalogMiB: number; baselineMiB: number; requiredMiB: number };
}

/**
 * Picks the smallest Fargate task that holds a catalog of `movies` × `dimensions`.
 * @throws RangeError for invalid sizes or a catalog too large for any Fargate task.
 */
export function sizeTaskForCatalog(movies: number, dimensions: number, options: TaskSizingOptions = {}): TaskSize {
  if (!Number.isInteger(movies) || movies < 0) throw new RangeError(`movies must be a non-negative integer, got ${movies}`);
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  const m = options.m ?? 16;
  const growth = options.growth ?? 1.5;
  const baselineMiB = options.baselineMiB ?? 256;
  const headroom = options.headroom ?? 0.3;
  const minCpu = options.minCpu ?? 512;
  const MiB = 1024 * 1024;
  const planned = movies * growth;
  const embeddingsMiB = (planned * dimensions * 4) / MiB;
  const indexMiB = (planned * (dimensions * 4 + 8 * m + 112)) / MiB;
  const catalogMiB = (planned * 300) / MiB;
  const requiredMiB = (baselineMiB + embeddingsMiB + indexMiB + catalogMiB) / (1 - headroom);
  for (const { cpu, memoryMiB } of FARGATE_COMBINATIONS) {
    if (cpu < minCpu) continue;
    const memory = memoryMiB.find((candidate) => candidate >= requiredMiB);
    if (memory !== undefined) {
      return { cpu, memoryLimitMiB: memory, estimate: { embeddingsMiB: round(embeddingsMiB), indexMiB: round(indexMiB), catalogMiB: round(catalogMiB), baselineMiB, requiredMiB: round(requiredMiB) } };
    }
  }
  throw new RangeError(`A catalog of ${movies} movies × ${dimensions} dimensions needs ${Math.ceil(requiredMiB)} MiB, more than any Fargate task offers.`);
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

const round = (value: number): number => Math.round(value * 10) / 10;
