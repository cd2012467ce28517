/**
 * Bench internals: read this when you want the details of one measurement step of index-bench.ts (warm-ups, which pass is timed, how recall and the snapshot check are computed).
 *
 * Each function is one numbered step of the measurement plan in index-bench.ts, run on
 * one synthetic catalog. Timings are medians over `runs` passes (../measure.ts).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExactIndex, INDEX_DEFAULTS, meanRecallAtK, type SearchResult, type Space, VectorIndex } from '../../src/vector-index/index.js';
import { collectGarbage, round, summarisePasses, timed, timePass, type PassTiming } from '../measure.js';

/** One synthetic catalog and its queries, as every step sees them. */
export interface BenchCatalog {
  space: Space;
  numDimensions: number;
  labels: number[];
  vectors: Float32Array;
  queryCount: number;
  /** Query `q`'s vector. */
  query: (q: number) => Float32Array;
  /** Top-k size of every search. */
  k: number;
  /** Repetitions of each timed step. */
  runs: number;
}

/** Builds the HNSW index `runs` times (each from a collected heap) and keeps the last one. */
export function measureBuilds(catalog: BenchCatalog, options: { m: number; efConstruction: number }, log: (line: string) => void) {
  const { runs, labels, vectors } = catalog;
  const buildMs: number[] = [];
  // `latest` holds only the newest build, so each build starts from a collected heap.
  const latest: VectorIndex[] = [];
  for (let run = 0; run < runs; run++) {
    latest.length = 0;
    collectGarbage();
    const build = timed(() => VectorIndex.build({ space: catalog.space, numDimensions: catalog.numDimensions, ...options }, labels, vectors));
    buildMs.push(build.ms);
    latest.push(build.value);
    log(`  build ${run + 1}/${runs}: ${round(build.ms / 1000, 2)} s`);
  }
  return { buildMs, index: latest[0]! };
}

/**
 * Exact search: one untimed pass for the ground truth (top k + `deeper`, for the
 * filtered search too), then timed passes at k like the HNSW passes.
 */
export function measureExactSearch(catalog: BenchCatalog, deeper: number) {
  const { k, queryCount, query } = catalog;
  const exact = ExactIndex.build({ space: catalog.space, numDimensions: catalog.numDimensions }, catalog.labels, catalog.vectors);
  const truthDeep = Array.from({ length: queryCount }, (_, q) => exact.searchKnn(query(q), k + deeper).neighbors);
  const truth = truthDeep.map((list) => list.slice(0, k));
  const passes: PassTiming[] = [];
  for (let run = 0; run < catalog.runs; run++) passes.push(timePass(queryCount, (q) => exact.searchKnn(query(q), k)));
  return { truthDeep, truth, summary: summarisePasses(passes) };
}

/** One `ef` setting of the HNSW sweep. */
export interface EfResult {
  ef: number;
  recallAt10: number;
  qps: number;
  p50Ms: number;
  p99Ms: number;
  speedupVsExact: number;
  qpsPerRun: number[];
}

/** HNSW at each ef: a short warm-up, then timed passes; recall from the answers against `truth`. */
export function measureEfSweep(catalog: BenchCatalog, hnsw: VectorIndex, efValues: readonly number[], truth: number[][], exactQps: number, log: (line: string) => void): EfResult[] {
  const { k, queryCount, query } = catalog;
  const results: EfResult[] = [];
  for (const ef of efValues) {
    hnsw.setEf(ef);
    for (let q = 0; q < Math.min(100, queryCount); q++) hnsw.searchKnn(query(q), k);
    const answers: number[][] = new Array<number[]>(queryCount);
    const passes: PassTiming[] = [];
    for (let run = 0; run < catalog.runs; run++) passes.push(timePass(queryCount, (q) => (answers[q] = hnsw.searchKnn(query(q), k).neighbors)));
    const summary = summarisePasses(passes);
    results.push({
      ef,
      recallAt10: round(meanRecallAtK(answers, truth, k), 4),
      qps: summary.qps,
      p50Ms: summary.p50Ms,
      p99Ms: summary.p99Ms,
      speedupVsExact: round(summary.qps / exactQps, 1),
      qpsPerRun: summary.qpsPerRun,
    });
    log(`  ef ${ef}: recall@10 ${results.at(-1)!.recallAt10}, ${summary.qps} QPS`);
  }
  return results;
}

/**
 * Search at the default ef that excludes each query's nearest `excluded` movies (as if
 * already seen), timed beside the same search without the filter. Throws if an
 * excluded label comes back.
 */
export function measureFilteredSearch(catalog: BenchCatalog, hnsw: VectorIndex, truthDeep: number[][], excluded: number, log: (line: string) => void) {
  const { k, queryCount, query } = catalog;
  hnsw.setEf(INDEX_DEFAULTS.ef);
  const seen = truthDeep.map((list) => new Set(list.slice(0, excluded)));
  const filteredTruth = truthDeep.map((list) => list.slice(excluded, excluded + k));
  const answers: number[][] = new Array<number[]>(queryCount);
  const filteredPasses: PassTiming[] = [];
  const unfilteredPasses: PassTiming[] = [];
  for (let run = 0; run < catalog.runs; run++) {
    filteredPasses.push(timePass(queryCount, (q) => (answers[q] = hnsw.searchKnn(query(q), k, seen[q]).neighbors)));
    unfilteredPasses.push(timePass(queryCount, (q) => hnsw.searchKnn(query(q), k)));
  }
  const filtered = summarisePasses(filteredPasses);
  const unfiltered = summarisePasses(unfilteredPasses);
  if (answers.some((answer, q) => answer.some((label) => seen[q]!.has(label)))) throw new Error('the filtered search returned an excluded label');
  const recallAt10 = round(meanRecallAtK(answers, filteredTruth, k), 4);
  log(`  filtered: recall@10 ${recallAt10}, ${filtered.qps} QPS`);
  return {
    ef: INDEX_DEFAULTS.ef,
    excludedPerQuery: excluded,
    recallAt10,
    queriesWithFewerThanK: answers.filter((answer) => answer.length < k).length,
    qps: filtered.qps,
    p50Ms: filtered.p50Ms,
    p99Ms: filtered.p99Ms,
    unfilteredQps: unfiltered.qps,
    qpsRatioToUnfiltered: round(filtered.qps / unfiltered.qps, 3),
  };
}

/** Snapshot write and load, `runs` times each in a temporary folder, and whether the loaded index answers exactly as the built one. */
export function measureSnapshots(catalog: BenchCatalog, hnsw: VectorIndex) {
  const { k, queryCount, query } = catalog;
  const dir = mkdtempSync(join(tmpdir(), 'recommender-index-bench-'));
  try {
    const path = join(dir, 'movies.hnsw');
    const writeMs: number[] = [];
    const loadMs: number[] = [];
    for (let run = 0; run < catalog.runs; run++) writeMs.push(timed(() => hnsw.save(path, { catalogVersion: 'bench' })).ms);
    const loadedLatest: VectorIndex[] = [];
    for (let run = 0; run < catalog.runs; run++) {
      loadedLatest.length = 0;
      collectGarbage();
      const load = timed(() => VectorIndex.load(path, { catalogVersion: 'bench', numDimensions: catalog.numDimensions }));
      loadMs.push(load.ms);
      loadedLatest.push(load.value);
    }
    const loaded = loadedLatest[0]!;
    const identicalResultsAfterLoad = Array.from({ length: queryCount }, (_, q) => q).every((q) =>
      sameResult(loaded.searchKnn(query(q), k), hnsw.searchKnn(query(q), k)),
    );
    return { fileBytes: statSync(path).size, writeMs, loadMs, identicalResultsAfterLoad };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sameResult(a: SearchResult, b: SearchResult): boolean {
  return a.neighbors.length === b.neighbors.length && a.neighbors.every((label, i) => label === b.neighbors[i] && a.distances[i] === b.distances[i]);
}
