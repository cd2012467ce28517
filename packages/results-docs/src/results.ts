/**
 * Reading the benchmark results JSON files (docs/results/*.json) for the charts and
 * the docs pages, with a clear message when a file is missing or has another shape.
 *
 * The shapes below are the parts the renderers read, nothing more: contrast.json is
 * written by apps/cross-pairing/bench/contrast.ts; footfall-lambda.json,
 * recommender-container.json and recommender-index.json by those workspaces' benchmarks.
 * Edit this file when one of them renames a field the charts use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineBlock } from './machine.js';
import { RESULTS_DIR } from './paths.js';

export { describeMachine, type MachineBlock } from './machine.js';

/** One index mode at one catalog size in contrast.json. */
export type ContrastMode =
  | { mode: 'build' | 'snapshot'; skipped: string }
  | {
      mode: 'build' | 'snapshot';
      package: string;
      stateBytes: number;
      bundle: { bytes: number; zippedBytes: number; files: number };
      coldStart: { medianMs: number; minMs: number; maxMs: number };
      importMedianMs: number;
      invokeMedianMs: number;
      peakRss: { medianBytes: number; maxBytes: number };
      init: { loadArtifactsMedianMs: number; indexMedianMs: number } | null;
      ratiosToFootfall: { coldStart: number; peakRss: number; bytes: number; zippedBytes: number };
    };

/** What bench/contrast.ts writes (the parts read back). */
export interface ContrastResult {
  command: string;
  generatedAt: string;
  machine: MachineBlock & { loadAverageAtStart?: number };
  parameters: { runs: number };
  footfall: {
    package: string;
    stateBytes: number;
    bundle: { bytes: number; zippedBytes: number; files: number };
    coldStart: { medianMs: number; minMs: number; maxMs: number };
    /** Import of the bundle (init), and the first event it answers (invoke), in one fresh process; medians. */
    importMedianMs: number;
    invokeMedianMs: number;
    peakRss: { medianBytes: number; maxBytes: number };
  };
  sizes: { movies: number; catalog: { artifactsBytes: number; embeddingsBytes: number; snapshotBytes: number }; modes: ContrastMode[] }[];
  fitcheck: ContrastVerdict[];
}

/** One fitcheck row of contrast.json. The optional fields arrived with the arm64 packages and the image row (issue 11). */
export interface ContrastVerdict {
  variant: string;
  movies: number | null;
  mode: 'build' | 'snapshot' | null;
  /** How the row is deployed: a .zip, or a container image. */
  packaging?: 'zip' | 'image';
  /** The function's architecture the package was built for. */
  architecture?: string;
  /** The deploy route the verdict is judged on (fitcheck's `thresholds.route`). */
  route?: string;
  verdict: string;
  /** The verdict the same findings give on each deploy route. */
  verdictsByRoute?: Record<string, string>;
  criteria: { dependencies: string; internalState: string; coldStarts: string };
  /** The package's native binaries as fitcheck read them. */
  nativeBinaries?: { path: string; architecture: string | null; requiredGlibc: string | null }[];
  /** `level` is on the judged route; `routeLevel` on the routes the finding applies to. */
  findings: { code: string; level: string; message: string; routes?: string[]; routeLevel?: string }[];
}

/** footfall-lambda.json (apps/footfall-lambda/bench/run.ts), the parts read. */
export interface FootfallLambdaResult {
  machine: MachineBlock;
  warm: { handlerOneRowUs: { p50: number; p99: number }; predictOneRowUs?: { p50: number; p99: number } };
}

/** recommender-container.json (apps/recommender-container/bench/run.ts), the parts read. */
export interface RecommenderContainerResult {
  machine: MachineBlock;
  throughput: { recommendations: { medianRps: number; medianP50Ms: number; medianP99Ms: number } };
  latencyAt70PercentOfMax?: { targetRps: number; medianP50Ms: number; medianP99Ms: number };
  startup?: { movies: number; rebuild: { medianReadyMs: number }; snapshot: { medianReadyMs: number } }[];
}

/** recommender-index.json (packages/movie-recommender/bench/index-bench.ts), the parts read. */
export interface RecommenderIndexResult {
  machine: MachineBlock;
  sizes: {
    movies: number;
    exact?: { qps: number };
    hnsw: { ef: number; recallAt10: number; qps: number }[];
    snapshot: { loadMedianMs: number; rebuildMedianMs: number };
  }[];
}

/** A results file that is not there, or not in the expected shape. */
export class ResultsFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ResultsFileError';
  }
}

/**
 * Reads `docs/results/<name>` (or `<dir>/<name>`) and checks that every listed
 * dotted path is present, so a renamed field fails with its name instead of an
 * undefined deep inside a chart.
 * @returns null when the file does not exist
 * @throws ResultsFileError when it is not JSON or a required field is missing
 */
export function readResults<T>(name: string, required: readonly string[], dir: string = RESULTS_DIR): T | null {
  const path = join(dir, name);
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ResultsFileError(name, `not valid JSON (${(err as Error).message})`);
  }
  for (const field of required) {
    if (valueAt(data, field) === undefined) throw new ResultsFileError(name, `has no "${field}"; has its benchmark changed shape? (see packages/results-docs/src/results.ts)`);
  }
  return data as T;
}

/** The value at a dotted path (`sizes.0.hnsw`), or undefined. */
export function valueAt(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Fields each chart or table needs, per file. */
export const REQUIRED_FIELDS = {
  contrast: ['machine.cpuModel', 'footfall.coldStart.medianMs', 'footfall.stateBytes', 'sizes.0.modes', 'fitcheck'],
  footfallLambda: ['machine.cpuModel', 'warm.handlerOneRowUs.p50', 'warm.handlerOneRowUs.p99'],
  recommenderContainer: ['machine.cpuModel', 'throughput.recommendations.medianP50Ms', 'throughput.recommendations.medianP99Ms'],
  recommenderIndex: ['machine.cpuModel', 'sizes.0.hnsw.0.recallAt10', 'sizes.0.hnsw.0.qps', 'sizes.0.snapshot.loadMedianMs'],
} as const;
