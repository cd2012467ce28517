/**
 * The repository's own measurements, read from the benchmark results JSON
 * (docs/results/footfall-lambda.json, recommender-container.json, contrast.json).
 * Only the fields below are read; a file without one fails loudly, naming it.
 * Pure: the caller reads the files (the CLI from disk, the demo page from its bundle).
 */

import type { MachineBlock } from '@serverless-ai/results-docs';

/** The machine block every results file carries: the shared results format (packages/results-docs). */
export type { MachineBlock } from '@serverless-ai/results-docs';

/** The parts of footfall-lambda.json read here (apps/footfall-lambda/bench/run.ts). */
export interface FootfallLambdaResults {
  date: string;
  machine: { cpuModel: string; cores: number };
  coldStart: { footfall: { medianSpawnToResponseMs: number; medianPeakRssMiB: number } };
  bundle: { limits: { lambdaUnzippedBytes: number } };
  warm: { handlerOneRowUs: { p50: number } };
}

/** The parts of recommender-container.json read here (apps/recommender-container/bench/run.ts). */
export interface RecommenderContainerResults {
  generatedAt: string;
  catalog: { movies: number };
  throughput: {
    helloWorld: { medianRps: number };
    recommendations: { medianRps: number };
    inProcessMicros: { handlerMicros: number };
  };
  startup: { movies: number; snapshot: { medianReadyMs: number } }[];
}

/** The parts of contrast.json read here (apps/cross-pairing/bench/contrast.ts). */
export interface ContrastResults {
  generatedAt: string;
  machine: MachineBlock;
  sizes: {
    movies: number;
    catalog: { snapshotBytes: number };
    modes: { mode: string; coldStart?: { medianMs: number }; peakRss?: { medianBytes: number }; bundle?: { bytes: number }; skipped?: string }[];
  }[];
}

/** The three results files, as parsed JSON. */
export interface ResultsFiles {
  footfallLambda: unknown;
  recommenderContainer: unknown;
  contrast: unknown;
}

/** The recommender packaged as a Lambda function at one catalog size and init mode (contrast bench). */
export interface RecommenderOnLambdaMeasurement {
  movies: number;
  /** `build`: the index is built at init; `snapshot`: loaded from a snapshot. */
  mode: 'build' | 'snapshot';
  /** Median spawn → first response, the cold start proxy. */
  coldStartMs: number;
  /** Median peak resident memory of the process. */
  peakRssMiB: number;
  /** Size of the index snapshot, what the container keeps on EFS. */
  snapshotBytes: number;
  /** Unzipped deployment package, against Lambda's limit for .zip packages. */
  packageBytes: number;
  fitsPackageLimit: boolean;
}

/** Everything the cost model and the simulation take from the benchmarks. */
export interface Measurements {
  footfall: {
    /** Warm handler time per one-row request, p50. */
    warmHandlerMs: number;
    /** Cold start proxy: fresh process → first response, median. */
    coldStartMs: number;
    peakRssMiB: number;
  };
  recommender: {
    /** Catalog size the service throughput was measured at. */
    benchMovies: number;
    /** Time per recommendation request, one process on one core: 1 / median requests per second. */
    serviceMsPerCore: number;
    /** Same for hello-world through the same middleware: the HTTP cost of any request. */
    helloWorldServiceMsPerCore: number;
    /** In-process handler time of one recommendation (no HTTP). */
    warmHandlerMs: number;
    /** Container start from a snapshot, by catalog size: process spawn → ready. */
    containerStartMs: { movies: number; readyMs: number }[];
    /** The recommender forced onto Lambda, per catalog size and mode. */
    onLambda: RecommenderOnLambdaMeasurement[];
  };
  /** Where the numbers come from, for captions. */
  sources: { file: string; measuredAt: string }[];
  /** The machine the contrast bench (most of the inputs) ran on. */
  machine: MachineBlock;
}

function need(value: unknown, file: string, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`docs/results/${file} has no number at ${path}`);
  return value;
}

/** Reads the measurements the model needs. @throws Error naming the file and field that is missing */
export function readMeasurements(files: ResultsFiles): Measurements {
  const footfall = files.footfallLambda as FootfallLambdaResults;
  const container = files.recommenderContainer as RecommenderContainerResults;
  const contrast = files.contrast as ContrastResults;
  const onLambda: RecommenderOnLambdaMeasurement[] = [];
  const unzippedLimit = need(footfall.bundle?.limits?.lambdaUnzippedBytes, 'footfall-lambda.json', 'bundle.limits.lambdaUnzippedBytes');
  for (const size of contrast.sizes ?? []) {
    for (const mode of size.modes) {
      if (!mode.coldStart || !mode.peakRss || (mode.mode !== 'build' && mode.mode !== 'snapshot')) continue;
      onLambda.push({
        movies: size.movies,
        mode: mode.mode,
        coldStartMs: need(mode.coldStart.medianMs, 'contrast.json', `sizes[${size.movies}].${mode.mode}.coldStart.medianMs`),
        peakRssMiB: need(mode.peakRss.medianBytes, 'contrast.json', `sizes[${size.movies}].${mode.mode}.peakRss.medianBytes`) / 2 ** 20,
        snapshotBytes: need(size.catalog?.snapshotBytes, 'contrast.json', `sizes[${size.movies}].catalog.snapshotBytes`),
        packageBytes: need(mode.bundle?.bytes, 'contrast.json', `sizes[${size.movies}].${mode.mode}.bundle.bytes`),
        fitsPackageLimit: need(mode.bundle?.bytes, 'contrast.json', `sizes[${size.movies}].${mode.mode}.bundle.bytes`) <= unzippedLimit,
      });
    }
  }
  if (onLambda.length === 0) throw new Error('docs/results/contrast.json has no measured sizes');
  return {
    footfall: {
      warmHandlerMs: need(footfall.warm?.handlerOneRowUs?.p50, 'footfall-lambda.json', 'warm.handlerOneRowUs.p50') / 1000,
      coldStartMs: need(footfall.coldStart?.footfall?.medianSpawnToResponseMs, 'footfall-lambda.json', 'coldStart.footfall.medianSpawnToResponseMs'),
      peakRssMiB: need(footfall.coldStart?.footfall?.medianPeakRssMiB, 'footfall-lambda.json', 'coldStart.footfall.medianPeakRssMiB'),
    },
    recommender: {
      benchMovies: need(container.catalog?.movies, 'recommender-container.json', 'catalog.movies'),
      serviceMsPerCore: 1000 / need(container.throughput?.recommendations?.medianRps, 'recommender-container.json', 'throughput.recommendations.medianRps'),
      helloWorldServiceMsPerCore: 1000 / need(container.throughput?.helloWorld?.medianRps, 'recommender-container.json', 'throughput.helloWorld.medianRps'),
      warmHandlerMs: need(container.throughput?.inProcessMicros?.handlerMicros, 'recommender-container.json', 'throughput.inProcessMicros.handlerMicros') / 1000,
      containerStartMs: (container.startup ?? []).map((s) => ({
        movies: s.movies,
        readyMs: need(s.snapshot?.medianReadyMs, 'recommender-container.json', `startup[${s.movies}].snapshot.medianReadyMs`),
      })),
      onLambda,
    },
    machine: {
      cpuModel: String(contrast.machine?.cpuModel),
      cores: need(contrast.machine?.cores, 'contrast.json', 'machine.cores'),
      memoryGiB: need(contrast.machine?.memoryGiB, 'contrast.json', 'machine.memoryGiB'),
      node: String(contrast.machine?.node),
      platform: String(contrast.machine?.platform),
    },
    sources: [
      { file: 'footfall-lambda.json', measuredAt: footfall.date },
      { file: 'recommender-container.json', measuredAt: container.generatedAt },
      { file: 'contrast.json', measuredAt: contrast.generatedAt },
    ],
  };
}
