/**
 * Bench internals: read this when a memory-per-movie figure looks wrong; index-bench.ts starts it through `measureMemory` (./memory.ts).
 *
 * Measures the memory one HNSW index of n synthetic movies takes, in a fresh process
 * so nothing else the benchmark allocated (earlier indexes, freed but kept by the
 * allocator) blurs the reading. `index-bench.ts` starts it; run by hand with:
 *   npx tsx bench/internals/memory-probe.ts '{"movies":10000,"numDimensions":64,...}'
 * It prints one JSON line: byte deltas of RSS, V8 heap and external memory across
 * the build, after full garbage collections on both sides.
 */
import { clusteredSampler, VectorIndex, type Space } from '../../src/vector-index/index.js';
import { collectGarbage } from '../measure.js';

/** What the parent asks the probe to build. */
export interface MemoryProbeRequest {
  movies: number;
  numDimensions: number;
  space: Space;
  m: number;
  efConstruction: number;
  clusters: number;
  spread: number;
  centreSeed: number;
  dataSeed: number;
}

/** What the probe reports. */
export interface MemoryProbeResult {
  rssDeltaBytes: number;
  heapUsedDeltaBytes: number;
  externalDeltaBytes: number;
  heapTotalDeltaBytes: number;
  size: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as MemoryProbeRequest;
const sample = clusteredSampler({ seed: request.centreSeed, numDimensions: request.numDimensions, clusters: request.clusters, spread: request.spread });
const vectors = sample(request.movies, request.dataSeed);
const labels = Array.from({ length: request.movies }, (_, i) => i + 1);

collectGarbage();
const before = process.memoryUsage();
const index = VectorIndex.build(
  { space: request.space, numDimensions: request.numDimensions, m: request.m, efConstruction: request.efConstruction },
  labels,
  vectors,
);
collectGarbage();
const after = process.memoryUsage();

const result: MemoryProbeResult = {
  rssDeltaBytes: after.rss - before.rss,
  heapUsedDeltaBytes: after.heapUsed - before.heapUsed,
  externalDeltaBytes: after.external - before.external,
  heapTotalDeltaBytes: after.heapTotal - before.heapTotal,
  // Reading the index after the measurement keeps it alive through it.
  size: index.size,
};
console.log(JSON.stringify(result));
