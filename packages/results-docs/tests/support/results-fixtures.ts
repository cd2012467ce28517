/**
 * Small results files in the shapes the charts and the docs table read, written by
 * the tests into a temporary folder. The numbers are made up and say so in the
 * machine name; only the shapes matter here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CostModelResult, ElasticityResult } from '../../src/charts/chart-specs.js';
import type { ContrastResult, FootfallLambdaResult, RecommenderContainerResult, RecommenderIndexResult } from '../../src/results.js';

const machine = { cpuModel: 'Fixture CPU', cores: 2, memoryGiB: 4, node: 'v20.0.0', platform: 'linux-x64' };

const mode = (m: 'build' | 'snapshot', movies: number, coldMs: number) => ({
  mode: m,
  package: `apps/cross-pairing/.data/contrast/bundles/recommender-${movies}-${m}`,
  stateBytes: movies * 300 + (m === 'snapshot' ? movies * 400 : 0),
  bundle: { bytes: movies * 800 + 800_000, zippedBytes: movies * 500 + 300_000, files: 12 },
  coldStart: { medianMs: coldMs, minMs: coldMs * 0.9, maxMs: coldMs * 1.2 },
  importMedianMs: coldMs * 0.7,
  invokeMedianMs: 3,
  peakRss: { medianBytes: 60 * 2 ** 20 + movies * 1000, maxBytes: 61 * 2 ** 20 + movies * 1000 },
  init: { loadArtifactsMedianMs: coldMs * 0.3, indexMedianMs: coldMs * 0.3 },
  ratiosToFootfall: { coldStart: coldMs / 80, peakRss: 1.3, bytes: 2, zippedBytes: 3 },
});

/** contrast.json, two catalog sizes, one skipped mode. */
export const contrastFixture: ContrastResult = {
  command: 'npm run bench:contrast',
  generatedAt: '2026-01-01T00:00:00.000Z',
  machine: { ...machine, loadAverageAtStart: 1 },
  parameters: { runs: 5 },
  footfall: {
    package: 'apps/cross-pairing/.data/contrast/bundles/footfall',
    stateBytes: 11_585,
    bundle: { bytes: 515_000, zippedBytes: 117_000, files: 2 },
    coldStart: { medianMs: 80, minMs: 75, maxMs: 95 },
    importMedianMs: 20,
    invokeMedianMs: 1.5,
    peakRss: { medianBytes: 50 * 2 ** 20, maxBytes: 51 * 2 ** 20 },
  },
  sizes: [
    { movies: 1_000, catalog: { artifactsBytes: 430_000, embeddingsBytes: 256_000, snapshotBytes: 408_000 }, modes: [mode('build', 1_000, 200), mode('snapshot', 1_000, 150)] },
    {
      movies: 1_000_000,
      catalog: { artifactsBytes: 290_000_000, embeddingsBytes: 256_000_000, snapshotBytes: 404_000_000 },
      modes: [{ mode: 'build', skipped: 'too slow to build at init' }, mode('snapshot', 1_000_000, 9_000)],
    },
  ],
  fitcheck: [
    { variant: 'footfall', movies: null, mode: null, verdict: 'fits', criteria: { dependencies: 'pass', internalState: 'pass', coldStarts: 'pass' }, findings: [] },
    {
      variant: 'recommender-1000000-snapshot',
      movies: 1_000_000,
      mode: 'snapshot',
      verdict: 'does-not-fit',
      criteria: { dependencies: 'fail', internalState: 'warn', coldStarts: 'warn' },
      findings: [{ code: 'UNZIPPED_TOO_LARGE', level: 'fail', message: 'unzipped size 660 MB exceeds 250 MB' }],
    },
  ],
};

/** footfall-lambda.json. */
export const footfallLambdaFixture: FootfallLambdaResult = { machine, warm: { handlerOneRowUs: { p50: 16, p99: 49 } } };

/** recommender-container.json. */
export const recommenderContainerFixture: RecommenderContainerResult = {
  machine,
  throughput: { recommendations: { medianRps: 900, medianP50Ms: 15, medianP99Ms: 40 } },
  latencyAt70PercentOfMax: { targetRps: 630, medianP50Ms: 2, medianP99Ms: 9 },
  startup: [
    { movies: 10_000, rebuild: { medianReadyMs: 4_000 }, snapshot: { medianReadyMs: 900 } },
    { movies: 100_000, rebuild: { medianReadyMs: 40_000 }, snapshot: { medianReadyMs: 3_000 } },
  ],
};

/** recommender-index.json. */
export const recommenderIndexFixture: RecommenderIndexResult = {
  machine,
  sizes: [10_000, 100_000].map((movies) => ({
    movies,
    exact: { qps: 5_000_000 / movies },
    hnsw: [10, 40, 160].map((ef, i) => ({ ef, recallAt10: 0.9 + i * 0.04, qps: 40_000 / (i + 1) })),
    snapshot: { loadMedianMs: movies / 500, rebuildMedianMs: movies / 5 },
  })),
};

/** elasticity.json as packages/cost-model writes it, two homes of three windows. */
export const elasticityFixture: ElasticityResult = {
  profile: 'spike',
  seed: 1,
  machine,
  homes: [
    { home: 'footfall on Lambda', windows: [{ startS: 0, p99Ms: 0.02, rejected: 0 }, { startS: 5, p99Ms: 39, rejected: 0 }, { startS: 10, p99Ms: 0.02, rejected: 0 }] },
    { home: 'recommender on Fargate', windows: [{ startS: 0, p99Ms: 2, rejected: 0 }, { startS: 5, p99Ms: 3, rejected: 0 }, { startS: 10, p99Ms: null, rejected: 0 }] },
  ],
};

/** cost-model.json as packages/cost-model writes it, two series of two points. */
export const costModelFixture: CostModelResult = {
  priceTable: { region: 'us-east-1', read: '2026-12-03' },
  machine,
  breakEven: [{ home: 'footfall', movies: null, mode: null, withoutProvisioned: { requestsPerDay: 2_000_000, lambdaUsd: 70 } }],
  curve: [
    { requestsPerDay: 1000, series: 'footfall on Lambda', usd: 0.04 },
    { requestsPerDay: 1e8, series: 'footfall on Lambda', usd: 3600 },
    { requestsPerDay: 1000, series: 'footfall on Fargate', usd: 67 },
    { requestsPerDay: 1e8, series: 'footfall on Fargate', usd: 400 },
  ],
};

/** Writes the chosen fixtures into `dir`. */
export function writeResultsFixtures(
  dir: string,
  which: readonly ('contrast' | 'footfall-lambda' | 'recommender-container' | 'recommender-index' | 'elasticity' | 'cost-model')[],
): void {
  const files = {
    contrast: contrastFixture,
    'footfall-lambda': footfallLambdaFixture,
    'recommender-container': recommenderContainerFixture,
    'recommender-index': recommenderIndexFixture,
    elasticity: elasticityFixture,
    'cost-model': costModelFixture,
  };
  for (const name of which) writeFileSync(join(dir, `${name}.json`), JSON.stringify(files[name]));
}
