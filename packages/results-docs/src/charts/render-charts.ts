/**
 * The docs' SVG charts, rendered from docs/results/*.json, headless (`npm run render`).
 *
 *   cold-start-vs-state.svg   contrast.json
 *   latency-side-by-side.svg  contrast.json (both models' handler, measured the same way)
 *   recall-vs-qps.svg         recommender-index.json
 *   snapshot-vs-rebuild.svg   recommender-index.json and/or recommender-container.json (+ contrast.json)
 *   elasticity-latency.svg    elasticity.json (packages/cost-model)
 *   cost-vs-traffic.svg       cost-model.json (packages/cost-model)
 *
 * vega-lite compiles each spec (chart-specs.ts) to vega, and a vega `View` with the
 * `none` renderer writes SVG: no browser and no canvas package. A chart whose input
 * file is missing is skipped with a message naming the file and the command that
 * writes it; a file with another shape stops the run with the missing field's name.
 * The root `npm run bench` runs every benchmark, then `npm run render`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import {
  coldStartVsStateSpec,
  type CostModelResult,
  costVsTrafficSpec,
  type ElasticityResult,
  elasticityLatencySpec,
  latencySideBySideSpec,
  recallVsQpsSpec,
  snapshotVsRebuildSpec,
} from './chart-specs.js';
import type { RenderedFile } from '../pages/rendered-file.js';
import { RESULTS_DIR } from '../paths.js';
import {
  type ContrastResult,
  readResults,
  type RecommenderContainerResult,
  type RecommenderIndexResult,
  REQUIRED_FIELDS,
} from '../results.js';

/** Renders one vega-lite spec to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Where to read and write. */
export interface RenderOptions {
  /** Folder of the results JSON files. @default docs/results/ */
  resultsDir?: string;
  /** Folder the SVG files go to. @default docs/results/ */
  outDir?: string;
}

/** What a run did. */
export interface RenderOutcome {
  written: string[];
  skipped: { chart: string; reason: string }[];
}

/** Every chart whose inputs exist, as SVG text (nothing written), and the ones skipped. */
export interface RenderedCharts {
  files: RenderedFile[];
  skipped: { chart: string; reason: string }[];
}

const WRITERS = {
  'contrast.json': 'npm run bench:contrast -w @serverless-ai/cross-pairing',
  'footfall-lambda.json': 'npm run bench -w @serverless-ai/footfall-lambda',
  'recommender-container.json': 'npm run bench -w @serverless-ai/recommender-container',
  'recommender-index.json': 'npm run bench -w @serverless-ai/movie-recommender',
  'elasticity.json': 'npm run simulate -- --profile spike --json',
  'cost-model.json': 'npm run cost -- --write-results',
} as const;

const missing = (...files: (keyof typeof WRITERS)[]): string =>
  files.map((file) => `docs/results/${file} is missing (written by \`${WRITERS[file]}\`)`).join('; ');

/** Renders every chart whose inputs exist into SVG text; writes nothing. */
export async function renderChartFiles(resultsDir: string = RESULTS_DIR, outDir: string = resultsDir): Promise<RenderedCharts> {
  const contrast = readResults<ContrastResult>('contrast.json', REQUIRED_FIELDS.contrast, resultsDir);
  const container = readResults<RecommenderContainerResult>('recommender-container.json', REQUIRED_FIELDS.recommenderContainer, resultsDir);
  const index = readResults<RecommenderIndexResult>('recommender-index.json', REQUIRED_FIELDS.recommenderIndex, resultsDir);
  const elasticity = readResults<ElasticityResult>('elasticity.json', ['machine.cpuModel', 'profile', 'homes.0.windows'], resultsDir);
  const cost = readResults<CostModelResult>('cost-model.json', ['machine.cpuModel', 'priceTable.read', 'breakEven.0.withoutProvisioned', 'curve.0.usd'], resultsDir);

  const charts: { file: string; spec: () => TopLevelSpec; unavailable: string | null }[] = [
    { file: 'cold-start-vs-state.svg', spec: () => coldStartVsStateSpec(contrast!), unavailable: contrast ? null : missing('contrast.json') },
    {
      file: 'latency-side-by-side.svg',
      spec: () => latencySideBySideSpec(contrast!),
      unavailable: contrast ? null : missing('contrast.json'),
    },
    { file: 'recall-vs-qps.svg', spec: () => recallVsQpsSpec(index!), unavailable: index ? null : missing('recommender-index.json') },
    {
      file: 'snapshot-vs-rebuild.svg',
      spec: () => snapshotVsRebuildSpec({ index, container, contrast }),
      unavailable: index || container?.startup ? null : missing('recommender-index.json', 'recommender-container.json'),
    },
    { file: 'elasticity-latency.svg', spec: () => elasticityLatencySpec(elasticity!), unavailable: elasticity ? null : missing('elasticity.json') },
    { file: 'cost-vs-traffic.svg', spec: () => costVsTrafficSpec(cost!), unavailable: cost ? null : missing('cost-model.json') },
  ];

  const rendered: RenderedCharts = { files: [], skipped: [] };
  for (const chart of charts) {
    if (chart.unavailable) rendered.skipped.push({ chart: chart.file, reason: chart.unavailable });
    else rendered.files.push({ path: join(outDir, chart.file), content: await renderSvg(chart.spec()) });
  }
  return rendered;
}

/** Renders every chart whose inputs exist and writes the SVG files. */
export async function renderCharts(options: RenderOptions = {}): Promise<RenderOutcome> {
  const outDir = options.outDir ?? RESULTS_DIR;
  const { files, skipped } = await renderChartFiles(options.resultsDir ?? RESULTS_DIR, outDir);
  mkdirSync(outDir, { recursive: true });
  for (const file of files) writeFileSync(file.path, file.content);
  return { written: files.map((file) => file.path), skipped };
}
