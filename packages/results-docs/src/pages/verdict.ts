/**
 * The verdict page, docs/verdict.md (`npm run render` writes its figures after the
 * charts): the measured figures split into small tables, one per limit (dependencies,
 * internal state, cold starts), one for answering a request, one per benefit (idle cost,
 * scaling) and one for model quality; then every target, the charts and the sources.
 * Each cell holds one figure with its unit and its source file, and reads at most
 * MAX_CELL_CHARS characters. The prose of the page is written by hand; every number on it
 * sits in a generated block between `<!-- verdict:<name>:start -->` and
 * `<!-- verdict:<name>:end -->`, so no figure can be typed in by hand and go stale.
 *
 * Edit this file when a benchmark renames a field (the required-field lists below
 * name every field read, and a vanished one stops the run with its name), or to
 * change what the verdict shows. A missing results file never stops the run:
 * its cells read "not measured yet" and the block names the command that writes the file.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatBytes, formatMs } from '../format.js';
import { blockMarkers, fillMarkedBlock, readMarkedBlock } from '../marked-blocks.js';
import { REPO_DIR, RESULTS_DIR } from '../paths.js';
import type { BreakEvenRow } from '../cost-results.js';
import { describeMachine, type ContrastResult, type MachineBlock, readResults, REQUIRED_FIELDS, ResultsFileError, valueAt } from '../results.js';
import type { RenderedFile } from './rendered-file.js';

// 1. The files read, what writes them, and the fields the page needs from each.

/** One input of the page: where it lives (relative to the repo) and what writes it. */
interface SourceSpec {
  /** Path from the repository root. */
  path: string;
  /** The command that writes the file, quoted when it is missing. */
  writer: string;
  /** Dotted paths that must be present; a missing one is a changed shape, not a missing measurement. */
  required: readonly string[];
}

/** Every file the verdict tables read. Results files not listed here still appear under Targets and Sources. */
export const SOURCES = {
  contrast: {
    path: 'docs/results/contrast.json',
    writer: 'npm run bench:contrast -w @serverless-ai/cross-pairing',
    required: [...REQUIRED_FIELDS.contrast, 'generatedAt', 'footfall.bundle.bytes', 'footfall.peakRss.medianBytes', 'sizes.0.movies', 'parameters.runs'],
  },
  footfallLambda: {
    path: 'docs/results/footfall-lambda.json',
    writer: 'npm run bench -w @serverless-ai/footfall-lambda',
    required: [
      'machine.cpuModel',
      'runs',
      'bundle.bytes',
      'bundle.zippedBytes',
      'bundle.limits.lambdaZippedBytes',
      'bundle.limits.lambdaUnzippedBytes',
      'coldStart.footfall.medianSpawnToResponseMs',
      'coldStart.footfall.medianInitMs',
      'coldStart.footfall.medianModelLoadMs',
      'coldStart.footfall.medianPeakRssMiB',
      'coldStart.helloWorld.medianSpawnToResponseMs',
      'coldStart.ratioOfMedians',
      'coldStart.medianOfPairedRatios',
      'coldStart.medianOverheadMs',
      'warm.handlerOneRowUs.p50',
      'warm.handlerOneRowUs.p99',
      'warm.predictOneRowUs.p50',
    ],
  },
  fitcheck: {
    path: 'docs/results/fitcheck.json',
    writer: 'npm run bench -w @serverless-ai/fitcheck',
    required: ['machine.cpuModel', 'bundles.0.name', 'bundles.0.nativeBinaries'],
  },
  recommenderContainer: {
    path: 'docs/results/recommender-container.json',
    writer: 'npm run bench -w @serverless-ai/recommender-container',
    required: [
      'machine.cpuModel',
      'catalog.movies',
      'throughput.helloWorld.medianRps',
      'throughput.recommendations.medianRps',
      'throughput.recommendations.medianP50Ms',
      'throughput.recommendations.medianP99Ms',
      'throughput.medianRatio',
      'latencyAt70PercentOfMax.targetRps',
      'latencyAt70PercentOfMax.medianP50Ms',
      'latencyAt70PercentOfMax.medianP99Ms',
      'rssAfterLoadMiB',
      'addAcknowledgement.medianP50Ms',
      'addAcknowledgement.medianP99Ms',
      'startup.0.movies',
    ],
  },
  recommenderIndex: {
    path: 'docs/results/recommender-index.json',
    writer: 'npm run bench -w @serverless-ai/movie-recommender',
    required: [...REQUIRED_FIELDS.recommenderIndex, 'parameters.defaultEf', 'sizes.0.movies', 'sizes.0.exact.qps', 'sizes.0.snapshot.rebuildMedianMs'],
  },
  costModel: {
    path: 'docs/results/cost-model.json',
    writer: 'npm run cost -- --write-results',
    required: ['machine.cpuModel', 'breakEven.0.home', 'breakEven.0.withoutProvisioned', 'curve.0.requestsPerDay', 'curve.0.series', 'curve.0.usd'],
  },
  elasticity: {
    path: 'docs/results/elasticity.json',
    writer: 'npm run simulate -- --profile spike --json',
    required: ['machine.cpuModel', 'profile', 'homes.0.home', 'homes.0.kind', 'homes.0.worstWindowP99Ms', 'homes.0.coldStarts', 'homes.0.rejected'],
  },
  footfallCard: {
    path: 'packages/footfall-model/artifacts/footfall-model.json',
    writer: 'npm run train -w @serverless-ai/footfall-model',
    required: ['card.version', 'card.metrics.model.mae', 'card.metrics.model.mape', 'card.metrics.baselines'],
  },
  recommenderCard: {
    path: 'packages/movie-recommender/artifacts/model-card.json',
    writer: 'npm run train -w @serverless-ai/movie-recommender',
    required: [
      'version',
      'metrics.model.recallAt10',
      'metrics.model.ndcgAt10',
      'metrics.baselines.popularity.recallAt10',
      'metrics.baselines.popularity.ndcgAt10',
      'metrics.evaluation.evaluatedUsers',
      'metrics.evaluation.heldOutPerUser',
    ],
  },
} as const satisfies Record<string, SourceSpec>;

type SourceKey = keyof typeof SOURCES;

/** The parts of footfall-lambda.json read here (apps/footfall-lambda/bench/run.ts). */
interface FootfallLambdaJson {
  runs: number;
  bundle: { bytes: number; zippedBytes: number; limits: { lambdaZippedBytes: number; lambdaUnzippedBytes: number } };
  coldStart: {
    footfall: { medianSpawnToResponseMs: number; medianInitMs: number; medianModelLoadMs: number; medianPeakRssMiB: number };
    helloWorld: { medianSpawnToResponseMs: number };
    ratioOfMedians: number;
    medianOfPairedRatios: number;
    medianOverheadMs: number;
  };
  warm: { handlerOneRowUs: { p50: number; p99: number }; predictOneRowUs: { p50: number } };
}

/** The parts of fitcheck.json read here (packages/fitcheck/bench). */
interface FitcheckJson {
  bundles: { name: string; nativeBinaries: { path: string; architecture: string; requiredGlibc?: string | null }[] }[];
}

/** The parts of recommender-container.json read here (apps/recommender-container/bench/run.ts). */
interface RecommenderContainerJson {
  catalog: { movies: number };
  throughput: { helloWorld: { medianRps: number }; recommendations: { medianRps: number; medianP50Ms: number; medianP99Ms: number }; medianRatio: number };
  latencyAt70PercentOfMax: { targetRps: number; medianP50Ms: number; medianP99Ms: number };
  rssAfterLoadMiB: number;
  addAcknowledgement: { medianP50Ms: number; medianP99Ms: number };
  startup: { movies: number; rebuild: { medianReadyMs: number }; snapshot: { medianReadyMs: number }; speedup: number }[];
}

/** The parts of recommender-index.json read here (packages/movie-recommender/bench/index-bench.ts). */
interface RecommenderIndexJson {
  parameters: { defaultEf: number };
  sizes: {
    movies: number;
    exact: { qps: number };
    hnsw: { ef: number; recallAt10: number; qps: number }[];
    snapshot: { loadMedianMs: number; rebuildMedianMs: number };
  }[];
}

/** The parts of cost-model.json read here (packages/cost-model, src/cli/cost-results.ts). */
interface CostModelJson {
  breakEven: BreakEvenRow[];
  curve: { requestsPerDay: number; series: string; usd: number }[];
}

/** The parts of elasticity.json read here (packages/cost-model's simulation). */
interface ElasticityJson {
  profile: string;
  homes: { home: string; kind: string; worstWindowP99Ms: number; coldStarts: number; rejected: number }[];
}

/** The footfall model's artifact: its card's metrics (packages/footfall-model/scripts/train.ts). */
interface FootfallCardJson {
  card: { version: string; metrics: { model: { mae: number; mape: number }; baselines: Record<string, { mae: number; mape: number }> } };
}

/** The recommender's model card (packages/movie-recommender/scripts/train.ts). */
interface RecommenderCardJson {
  version: string;
  metrics: {
    model: { recallAt10: number; ndcgAt10: number };
    modelViaHnsw?: { recallAt10: number; ndcgAt10: number };
    baselines: { popularity: { recallAt10: number; ndcgAt10: number } };
    evaluation: { evaluatedUsers: number; heldOutPerUser: number };
  };
}

/** Every input, or null where the file does not exist yet. */
export interface SummaryInputs {
  contrast: ContrastResult | null;
  footfallLambda: FootfallLambdaJson | null;
  fitcheck: FitcheckJson | null;
  recommenderContainer: RecommenderContainerJson | null;
  recommenderIndex: RecommenderIndexJson | null;
  costModel: CostModelJson | null;
  elasticity: ElasticityJson | null;
  footfallCard: FootfallCardJson | null;
  recommenderCard: RecommenderCardJson | null;
  /** Every results JSON file in the results folder, by file name, parsed (for Targets and Sources). */
  allResults: { file: string; data: unknown }[];
}

/** Where to read (and, for the page, write). */
export interface SummaryOptions {
  /** The repository root: model cards, app READMEs. @default the repo this script is in */
  repoDir?: string;
  /** The results JSON files and charts. @default `<repoDir>/docs/results/` */
  resultsDir?: string;
  /** The docs pages linked from the landing page. @default `<repoDir>/docs/` */
  docsDir?: string;
}

const resolveDirs = (options: SummaryOptions) => {
  const repoDir = options.repoDir ?? REPO_DIR;
  return { repoDir, resultsDir: options.resultsDir ?? (options.repoDir ? join(repoDir, 'docs/results') : RESULTS_DIR), docsDir: options.docsDir ?? join(repoDir, 'docs') };
};

/** Where a source lives on disk, honouring a results folder moved by the options (tests). */
function sourceLocation(key: SourceKey, dirs: ReturnType<typeof resolveDirs>): { dir: string; name: string } {
  const path = SOURCES[key].path;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return path.startsWith('docs/results/') ? { dir: dirs.resultsDir, name } : { dir: join(dirs.repoDir, dirname(path)), name };
}

/** Every element of an array must have the fields, or the file changed shape. */
function requireEach(file: string, items: unknown, arrayPath: string, fields: readonly string[]): void {
  if (!Array.isArray(items)) throw new ResultsFileError(file, `"${arrayPath}" is not a list; has its benchmark changed shape? (see packages/results-docs/src/pages/verdict.ts)`);
  items.forEach((item, i) => {
    for (const field of fields) {
      if (valueAt(item, field) === undefined) throw new ResultsFileError(file, `has no "${arrayPath}.${i}.${field}"; has its benchmark changed shape? (see packages/results-docs/src/pages/verdict.ts)`);
    }
  });
}

/**
 * Reads every input. A missing file is null; a file that lost a field the page
 * reads throws, naming the file and the field.
 * @throws ResultsFileError when a file is not JSON or a required field is missing
 */
export function readSummaryInputs(options: SummaryOptions = {}): SummaryInputs {
  const dirs = resolveDirs(options);
  const read = <T>(key: SourceKey): T | null => {
    const { dir, name } = sourceLocation(key, dirs);
    return readResults<T>(name, SOURCES[key].required, dir);
  };
  const inputs: SummaryInputs = {
    contrast: read<ContrastResult>('contrast'),
    footfallLambda: read<FootfallLambdaJson>('footfallLambda'),
    fitcheck: read<FitcheckJson>('fitcheck'),
    recommenderContainer: read<RecommenderContainerJson>('recommenderContainer'),
    recommenderIndex: read<RecommenderIndexJson>('recommenderIndex'),
    costModel: read<CostModelJson>('costModel'),
    elasticity: read<ElasticityJson>('elasticity'),
    footfallCard: read<FootfallCardJson>('footfallCard'),
    recommenderCard: read<RecommenderCardJson>('recommenderCard'),
    allResults: [],
  };
  if (inputs.contrast) {
    requireEach('contrast.json', inputs.contrast.sizes, 'sizes', ['movies', 'modes']);
    inputs.contrast.sizes.forEach((size, i) =>
      requireEach('contrast.json', size.modes.filter((m) => !('skipped' in m)), `sizes.${i}.modes`, ['mode', 'stateBytes', 'bundle.bytes', 'bundle.zippedBytes', 'coldStart.medianMs', 'peakRss.medianBytes', 'ratiosToFootfall.coldStart']),
    );
    requireEach('contrast.json', inputs.contrast.fitcheck, 'fitcheck', ['verdict', 'criteria.dependencies', 'criteria.internalState', 'criteria.coldStarts', 'findings']);
  }
  if (inputs.fitcheck) requireEach('fitcheck.json', inputs.fitcheck.bundles, 'bundles', ['name', 'nativeBinaries']);
  if (inputs.recommenderContainer) requireEach('recommender-container.json', inputs.recommenderContainer.startup, 'startup', ['movies', 'rebuild.medianReadyMs', 'snapshot.medianReadyMs', 'speedup']);
  if (inputs.recommenderIndex) requireEach('recommender-index.json', inputs.recommenderIndex.sizes, 'sizes', ['movies', 'exact.qps', 'hnsw', 'snapshot.loadMedianMs', 'snapshot.rebuildMedianMs']);
  if (existsSync(dirs.resultsDir)) {
    for (const file of readdirSync(dirs.resultsDir).filter((f) => f.endsWith('.json')).sort()) {
      const data = readResults<unknown>(file, [], dirs.resultsDir);
      if (data !== null) inputs.allResults.push({ file, data });
    }
  }
  return inputs;
}

// 2. Formatting: one way to print each kind of figure, and where it came from.

const count = (n: number): string => n.toLocaleString('en-US');
const times = (ratio: number): string => `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}×`;
const mib = (value: number): string => `${value} MiB`;
const microseconds = (us: number): string => `${us < 1 ? us.toFixed(2) : us.toFixed(1)} µs`;
/** `sameWeekdayLastWeek` → `same weekday last week`: JSON keys as prose. */
const words = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A link to a source, relative to docs/ (where the landing page lives). */
function sourceLink(key: SourceKey): string {
  const path = SOURCES[key].path;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return path.startsWith('docs/') ? `[${name}](${path.slice('docs/'.length)})` : `[${name}](../${path})`;
}

/** The line shown instead of a figure whose file does not exist yet. */
export function notMeasured(key: SourceKey): string {
  const what = key === 'footfallCard' || key === 'recommenderCard' ? 'not trained yet' : 'not measured yet — run `npm run bench`';
  return `_${SOURCES[key].path}: ${what} (\`${SOURCES[key].writer}\` writes it)_`;
}

/** The date a results file was written, whatever the benchmark called the field. */
function dateOf(data: unknown): string | null {
  for (const field of ['generatedAt', 'createdAt', 'date', 'measuredAt', 'card.createdAt']) {
    const value = valueAt(data, field);
    if (typeof value === 'string') return value.slice(0, 10);
  }
  return null;
}

function machineOf(data: unknown): MachineBlock | null {
  const machine = valueAt(data, 'machine');
  return machine !== null && typeof machine === 'object' && typeof valueAt(machine, 'cpuModel') === 'string' ? (machine as MachineBlock) : null;
}

/** The italic line that opens every block: which files, written when, measured on what. */
function provenance(inputs: SummaryInputs, keys: readonly SourceKey[]): string {
  const present = keys.filter((key) => inputs[key] !== null);
  const files = present.map((key) => `${sourceLink(key)} (${dateOf(inputs[key]) ?? 'date not recorded'})`);
  const machines = new Map<string, string[]>();
  for (const key of present) {
    const machine = machineOf(inputs[key]);
    if (!machine) continue;
    const described = describeMachine(machine);
    machines.set(described, [...(machines.get(described) ?? []), SOURCES[key].path.slice(SOURCES[key].path.lastIndexOf('/') + 1)]);
  }
  const on =
    machines.size === 1
      ? ` Measured on ${[...machines.keys()][0]}.`
      : machines.size > 1
        ? ` Measured on ${[...machines].map(([described, names]) => `${described} (${names.join(', ')})`).join('; ')}.`
        : '';
  const missing = keys.filter((key) => inputs[key] === null);
  const missingLine = missing.length > 0 ? `\n\n${missing.map(notMeasured).join('\\\n')}` : '';
  return `_Generated by \`npm run render\` from ${files.join(', ') || 'no file yet'}.${on}_${missingLine}`;
}

// 3. The tables: one per limit and per benefit. Each row is one measure; each cell is one
//    figure with its unit, its qualifier (catalog size, mode) and its source, and no cell
//    reads longer than MAX_CELL_CHARS (tests/verdict.test.ts holds every cell to it).

/** The longest a table cell may read, link text counted, link targets not (issue 13). */
export const MAX_CELL_CHARS = 120;

/** What a reader sees of a markdown cell: link text without its target, no emphasis marks. */
export function visibleText(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|`|_/g, '')
    .trim();
}

type MeasuredMode = Exclude<ContrastResult['sizes'][number]['modes'][number], { skipped: string }>;

/** Every measured package of one mode, smallest catalog first. */
function measured(contrast: ContrastResult, mode: 'build' | 'snapshot'): { movies: number; m: MeasuredMode }[] {
  return contrast.sizes.flatMap((size) => size.modes.filter((m): m is MeasuredMode => m.mode === mode && !('skipped' in m)).map((m) => ({ movies: size.movies, m })));
}

/** The cell shown when a source file does not exist yet; the block's first line names the command. */
const notYet = (key: SourceKey): string => `_not measured yet (${SOURCES[key].path.slice(SOURCES[key].path.lastIndexOf('/') + 1)})_`;

/** One cell: the figure and its source, `–` where the measure does not apply, or the not-measured line. */
function cell<T>(key: SourceKey, data: T | null, figure: (data: T) => string | null): string {
  if (data === null) return notYet(key);
  const text = figure(data);
  return text === null ? '–' : `${escapeCell(text)} (${sourceLink(key)})`;
}

/** A table row: what was measured, then the footfall cell and the recommender cell. */
type Row = [measure: string, footfall: string, recommender: string];
const NA = '–';

/** A small table with its provenance line above it. */
function table(inputs: SummaryInputs, keys: readonly SourceKey[], rows: Row[], note?: string): string {
  return [
    provenance(inputs, keys),
    '',
    '| Measure | Footfall predictor (small, stateless) | Movie recommender (large, stateful) |',
    '|---|---|---|',
    ...rows.map(([measure, footfall, recommender]) => `| ${measure} | ${footfall} | ${recommender} |`),
    ...(note ? ['', note] : []),
  ].join('\n');
}

/** fitcheck's judgement of one limit: the footfall package's cell and the recommender's (`warn for 6, fail for 1 of 7 .zip packages`). */
function fitcheckRow(contrast: ContrastResult | null, criterion: 'dependencies' | 'internalState' | 'coldStarts', measure: string): Row {
  const footfall = contrast?.fitcheck.find((v) => v.movies === null) ?? null;
  const zips = contrast?.fitcheck.filter((v) => v.movies !== null && v.packaging !== 'image') ?? [];
  const byLevel = new Map<string, number>();
  for (const v of zips) byLevel.set(v.criteria[criterion], (byLevel.get(v.criteria[criterion]) ?? 0) + 1);
  return [
    measure,
    cell('contrast', footfall, (v) => v.criteria[criterion]),
    cell('contrast', contrast, () => `${[...byLevel].map(([level, n]) => `${level} for ${n}`).join(', ')} of ${zips.length} .zip packages`),
  ];
}

/** Limit 1: what has to ship, and what fitcheck makes of it. */
function dependenciesTable(inputs: SummaryInputs): string {
  const { contrast, footfallLambda: ff, fitcheck } = inputs;
  const binaries = (name: string | null): string => {
    const bundles = fitcheck ? (name === null ? fitcheck.bundles : fitcheck.bundles.filter((b) => b.name === name)) : [];
    if (fitcheck && name !== null && bundles.length === 0) throw new ResultsFileError('fitcheck.json', `has no bundle named "${name}"; has its benchmark changed shape? (see packages/results-docs/src/pages/verdict.ts)`);
    const seen = new Map<string, string>();
    for (const b of bundles) for (const n of b.nativeBinaries) seen.set(`${n.path} ${n.architecture}`, `\`${n.path.slice(n.path.lastIndexOf('/') + 1)}\` (${n.architecture})`);
    const list = [...seen.values()];
    return list.length === 0 ? 'none' : list.length === 1 ? `1: ${list[0]}` : `${list.length}, first ${list[0]}`;
  };
  const rows: Row[] = [
    ['Lambda package, unzipped', cell('footfallLambda', ff, (f) => formatBytes(f.bundle.bytes)), NA],
    ['Lambda package, zipped', cell('footfallLambda', ff, (f) => formatBytes(f.bundle.zippedBytes)), NA],
    ...(contrast ? measured(contrast, 'snapshot') : []).map(({ movies, m }): Row => [`As a Lambda package with a snapshot, ${count(movies)} movies, unzipped`, NA, cell('contrast', contrast, () => formatBytes(m.bundle.bytes))]),
    ["Lambda's limit for a .zip package, unzipped", cell('footfallLambda', ff, (f) => formatBytes(f.bundle.limits.lambdaUnzippedBytes)), cell('footfallLambda', ff, (f) => formatBytes(f.bundle.limits.lambdaUnzippedBytes))],
    ['Native binaries fitcheck found', cell('fitcheck', fitcheck, () => binaries('footfall-lambda')), cell('fitcheck', fitcheck, () => binaries(null))],
    fitcheckRow(contrast, 'dependencies', "fitcheck's dependencies check"),
  ];
  return table(inputs, ['footfallLambda', 'contrast', 'fitcheck'], rows);
}

/** Limit 2: what the model holds in memory, and what changes while it serves. */
function internalStateTable(inputs: SummaryInputs): string {
  const { contrast, footfallLambda: ff, recommenderContainer: rc, recommenderIndex: ri } = inputs;
  const largestSnapshot = contrast ? measured(contrast, 'snapshot').at(-1) : undefined;
  const largestIndex = ri?.sizes.at(-1);
  const visibility = rc ? valueAt(rc, 'catalogLogs.redisStream.visibilityOnSecondReplica.p99Ms') : undefined;
  const rows: Row[] = [
    [
      'State read at init',
      cell('contrast', contrast, (c) => formatBytes(c.footfall.stateBytes)),
      cell('contrast', largestSnapshot ?? null, (s) => `${formatBytes(s.m.stateBytes)} at ${count(s.movies)} movies (snapshot)`),
    ],
    [
      'Peak memory (RSS) of the Lambda package, local',
      cell('footfallLambda', ff, (f) => mib(f.coldStart.footfall.medianPeakRssMiB)),
      cell('contrast', largestSnapshot ?? null, (s) => `${formatBytes(s.m.peakRss.medianBytes)} at ${count(s.movies)} movies`),
    ],
    [
      'Loading the model or index at init',
      cell('footfallLambda', ff, (f) => formatMs(f.coldStart.footfall.medianModelLoadMs)),
      cell('recommenderIndex', largestIndex ?? null, (s) => `${formatMs(s.snapshot.loadMedianMs)} from a snapshot, ${count(s.movies)} movies`),
    ],
    ['Rebuilding the index instead', NA, cell('recommenderIndex', largestIndex ?? null, (s) => `${formatMs(s.snapshot.rebuildMedianMs)} at ${count(s.movies)} movies`)],
    ['Memory of the container after load', NA, cell('recommenderContainer', rc, (r) => `${mib(r.rssAfterLoadMiB)} at ${count(r.catalog.movies)} movies`)],
    ['A write acknowledged while serving, p99 (fsync included)', NA, cell('recommenderContainer', rc, (r) => formatMsFine(r.addAcknowledgement.medianP99Ms))],
    ...(typeof visibility === 'number' ? [['The write visible on a second replica, p99', NA, cell('recommenderContainer', rc, () => formatMsFine(visibility))] as Row] : []),
    fitcheckRow(contrast, 'internalState', "fitcheck's internal-state check"),
  ];
  return table(inputs, ['contrast', 'footfallLambda', 'recommenderIndex', 'recommenderContainer'], rows, 'The footfall predictor changes nothing while it serves; the recommender takes new movies and ratings while it serves.');
}

/** Limit 3: what a new environment costs each model. */
function coldStartsTable(inputs: SummaryInputs): string {
  const { contrast, footfallLambda: ff, recommenderContainer: rc } = inputs;
  const snapshots = contrast ? measured(contrast, 'snapshot') : [];
  const largestBuild = contrast ? measured(contrast, 'build').at(-1) : undefined;
  const largestStartup = rc?.startup.at(-1);
  const rows: Row[] = [
    ['Cold start, spawn → first response (local proxy)', cell('footfallLambda', ff, (f) => formatMs(f.coldStart.footfall.medianSpawnToResponseMs)), NA],
    ["A hello-world handler's, same run", cell('footfallLambda', ff, (f) => formatMs(f.coldStart.helloWorld.medianSpawnToResponseMs)), NA],
    ['Ratio to hello-world', cell('footfallLambda', ff, (f) => times(f.coldStart.ratioOfMedians)), NA],
    ...snapshots.map(({ movies, m }): Row => [
      `As a Lambda package with a snapshot, ${count(movies)} movies`,
      NA,
      cell('contrast', contrast, () => `${formatMs(m.coldStart.medianMs)}, ${times(m.ratiosToFootfall.coldStart)} footfall's`),
    ]),
    ['As a Lambda package building its index at init', NA, cell('contrast', largestBuild ?? null, (b) => `${formatMs(b.m.coldStart.medianMs)} at ${count(b.movies)} movies`)],
    ['The container, started from a snapshot', NA, cell('recommenderContainer', largestStartup ?? null, (s) => `${formatMs(s.snapshot.medianReadyMs)} at ${count(s.movies)} movies`)],
    ['The container, rebuilding its index', NA, cell('recommenderContainer', largestStartup ?? null, (s) => `${formatMs(s.rebuild.medianReadyMs)} at ${count(s.movies)} movies`)],
    fitcheckRow(contrast, 'coldStarts', "fitcheck's cold-start check"),
  ];
  return table(
    inputs,
    ['footfallLambda', 'contrast', 'recommenderContainer'],
    rows,
    "Footfall's ratio is measured in its own run; the recommender's ratios are to the footfall package in the cross-pairing run. The container pays its start once per task, not per request.",
  );
}

/** Answering a request: one row measured the same way for both, then each model's own. */
function requestsTable(inputs: SummaryInputs): string {
  const { contrast, footfallLambda: ff, recommenderContainer: rc } = inputs;
  const largestSnapshot = contrast ? measured(contrast, 'snapshot').at(-1) : undefined;
  const rows: Row[] = [
    [
      'First event after init, handler in process (same harness for both)',
      cell('contrast', contrast, (c) => formatMsFine(c.footfall.invokeMedianMs)),
      cell('contrast', largestSnapshot ?? null, (s) => `${formatMsFine(s.m.invokeMedianMs)} at ${count(s.movies)} movies`),
    ],
    ['Warm handler call in process, p50', cell('footfallLambda', ff, (f) => microseconds(f.warm.handlerOneRowUs.p50)), NA],
    ['`POST /recommendations` over HTTP at 70 % of the maximum rate, p99', NA, cell('recommenderContainer', rc, (r) => formatMsFine(r.latencyAt70PercentOfMax.medianP99Ms))],
    ['Maximum rate over HTTP, one process', NA, cell('recommenderContainer', rc, (r) => `${count(Math.round(r.throughput.recommendations.medianRps))} requests/s`)],
  ];
  return table(inputs, ['contrast', 'footfallLambda', 'recommenderContainer'], rows);
}

/** Benefit 1: paying nothing while nobody asks. */
function idleCostTable(inputs: SummaryInputs): string {
  const { costModel: cost } = inputs;
  const lowest = cost ? Math.min(...cost.curve.map((p) => p.requestsPerDay)) : 0;
  const at = (pick: (series: string) => boolean): { series: string; usd: number } | null => cost?.curve.filter((p) => p.requestsPerDay === lowest && pick(p.series)).at(-1) ?? null;
  const recommenderLambda = at((s) => s.startsWith('recommender') && s.endsWith('on Lambda'));
  const recommenderFargate = at((s) => s.startsWith('recommender') && s.endsWith('on Fargate'));
  const catalog = (series: string): string => / (\d+k) movies /.exec(series)?.[1] ?? '';
  const usd = (value: number): string => `$${value < 1 ? value.toFixed(3) : value.toFixed(2)} a month`;
  const footfallBreakEven = cost?.breakEven.find((b) => b.home === 'footfall') ?? null;
  const recommenderBreakEven = cost?.breakEven.filter((b) => b.home === 'recommender' && b.mode === 'snapshot' && b.fitsPackageLimit).at(-1) ?? null;
  const perDay = (b: BreakEvenRow): string | null => (b.withoutProvisioned.requestsPerDay === null ? 'none in the range priced' : `${count(Math.round(b.withoutProvisioned.requestsPerDay))} requests/day`);
  const rows: Row[] = [
    [
      `On Lambda, at ${count(lowest)} requests/day`,
      cell('costModel', at((s) => s === 'footfall on Lambda'), (p) => usd(p.usd)),
      cell('costModel', recommenderLambda, (p) => `${usd(p.usd)}, ${catalog(p.series)} movies`),
    ],
    [
      `Always on (Fargate), at ${count(lowest)} requests/day`,
      cell('costModel', at((s) => s === 'footfall on Fargate'), (p) => usd(p.usd)),
      cell('costModel', recommenderFargate, (p) => `${usd(p.usd)}, ${catalog(p.series)} movies`),
    ],
    [
      'Break-even: above this, always on is cheaper',
      cell('costModel', footfallBreakEven, perDay),
      cell('costModel', recommenderBreakEven, (b) => `${perDay(b)} at ${count(b.movies ?? 0)} movies`),
    ],
  ];
  return table(inputs, ['costModel'], rows, 'Prices and assumptions: [What it costs and how it scales](cost-and-scaling.md).');
}

/** Benefit 2: scaling with demand, in the seeded simulation of a spike. */
function scalingTable(inputs: SummaryInputs): string {
  const { elasticity: e } = inputs;
  const home = (model: string, kind: string): ElasticityJson['homes'][number] | null => {
    const homes = e?.homes.filter((h) => h.home.startsWith(model) && h.kind === kind) ?? [];
    return homes.find((h) => h.home.includes('snapshot')) ?? homes[0] ?? null;
  };
  const both = (label: string, kind: string, figure: (h: ElasticityJson['homes'][number]) => string): Row => [
    label,
    cell('elasticity', home('footfall', kind), figure),
    cell('elasticity', home('recommender', kind), (h) => `${figure(h)}${h.home.includes('snapshot') ? ' (snapshot)' : ''}`),
  ];
  const rows: Row[] = [
    both('Worst 5 s p99 on Lambda', 'lambda', (h) => formatMsFine(h.worstWindowP99Ms)),
    both('Worst 5 s p99 on Fargate', 'fargate', (h) => formatMsFine(h.worstWindowP99Ms)),
    both('Cold starts on Lambda during the spike', 'lambda', (h) => count(h.coldStarts)),
    both('Requests rejected on Lambda', 'lambda', (h) => count(h.rejected)),
    both('Requests rejected on Fargate', 'fargate', (h) => count(h.rejected)),
  ];
  return table(inputs, ['elasticity'], rows, `A seeded simulation${e ? ` of the \`${e.profile}\` profile` : ''}, built on the measured figures: see [How each home absorbs a spike](cost-and-scaling.md#how-each-home-absorbs-a-spike).`);
}

/** How good each model is, on held-out data, against its best simple baseline. */
function qualityTable(inputs: SummaryInputs): string {
  const { footfallCard: fc, recommenderCard: rc } = inputs;
  const bestBaseline = (f: FootfallCardJson): [string, { mae: number; mape: number }] | undefined => Object.entries(f.card.metrics.baselines).sort((a, b) => a[1].mae - b[1].mae)[0];
  const rows: Row[] = [
    ['The model, held-out data', cell('footfallCard', fc, (f) => `MAE ${f.card.metrics.model.mae} customers`), cell('recommenderCard', rc, (r) => `recall@10 ${r.metrics.model.recallAt10}`)],
    [
      'Its best simple baseline',
      cell('footfallCard', fc, (f) => {
        const best = bestBaseline(f);
        return best ? `MAE ${best[1].mae} customers (${words(best[0])})` : null;
      }),
      cell('recommenderCard', rc, (r) => `recall@10 ${r.metrics.baselines.popularity.recallAt10} (popularity)`),
    ],
  ];
  return table(inputs, ['footfallCard', 'recommenderCard'], rows);
}

/** The verdict's tables, by block name, in page order. */
export const TABLES = {
  dependencies: dependenciesTable,
  'internal-state': internalStateTable,
  'cold-starts': coldStartsTable,
  requests: requestsTable,
  'idle-cost': idleCostTable,
  scaling: scalingTable,
  quality: qualityTable,
} as const satisfies Record<string, (inputs: SummaryInputs) => string>;

/** Milliseconds where the benchmark kept decimals (latencies): `1.19 ms`, `41 ms`. */
function formatMsFine(ms: number): string {
  return ms < 10 && !Number.isInteger(ms) ? `${ms.toFixed(2)} ms` : formatMs(ms);
}

/** One target as the results files record it, in either of their two shapes. */
export interface TargetRow {
  file: string;
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

/**
 * Every `targets` entry of every results file. Most benchmarks write a list of
 * `{name, target, measured, met}`; footfall-predict.json writes an object keyed by
 * name. Both are read; anything else stops with the file's name.
 * @throws ResultsFileError when an entry lacks a printable `target` or `measured`, or a boolean `met`
 */
export function collectTargets(allResults: SummaryInputs['allResults']): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const { file, data } of allResults) {
    const targets = valueAt(data, 'targets');
    if (targets === undefined || targets === null) continue;
    const entries: [string, unknown][] = Array.isArray(targets)
      ? targets.map((t, i) => [typeof valueAt(t, 'name') === 'string' ? (valueAt(t, 'name') as string) : `targets.${i}`, t])
      : typeof targets === 'object'
        ? Object.entries(targets)
        : [];
    if (entries.length === 0 && !Array.isArray(targets)) throw new ResultsFileError(file, '"targets" is neither a list nor an object (see packages/results-docs/src/pages/verdict.ts)');
    for (const [name, entry] of entries) {
      const target = valueAt(entry, 'target');
      const measured = valueAt(entry, 'measured');
      const met = valueAt(entry, 'met');
      const printable = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
      if (!printable(target) || !printable(measured) || typeof met !== 'boolean') {
        throw new ResultsFileError(file, `target "${name}" needs a "target", a "measured" (text or number) and a true/false "met" (see packages/results-docs/src/pages/verdict.ts)`);
      }
      rows.push({ file, name, target: String(target), measured: String(measured), met });
    }
  }
  return rows;
}

/** The targets table: every target of every results file, met or not. */
export function renderTargets(inputs: SummaryInputs): string {
  const rows = collectTargets(inputs.allResults);
  const withoutTargets = inputs.allResults.filter(({ file }) => !rows.some((r) => r.file === file)).map(({ file }) => `[${file}](results/${file})`);
  const met = rows.filter((r) => r.met).length;
  const lines = [
    `_Generated by \`npm run render\` from the \`targets\` of every file in [docs/results/](results/); dates and machines are under [Where the figures come from](#where-the-figures-come-from)._`,
    '',
  ];
  if (rows.length === 0) {
    lines.push('No results file records targets yet: not measured yet — run `npm run bench`.');
    return lines.join('\n');
  }
  lines.push(`${met} of ${rows.length} targets met.`, '', '| Source | Target | Goal | Measured | Met |', '|---|---|---|---|---|');
  for (const r of rows) lines.push(`| [${r.file}](results/${r.file}) | ${escapeCell(r.name)} | ${escapeCell(r.target)} | ${escapeCell(r.measured)} | ${r.met ? 'yes' : '**no**'} |`);
  if (withoutTargets.length > 0) lines.push('', `No targets recorded in ${withoutTargets.join(', ')}.`);
  return lines.join('\n');
}

/** Every results file and model card: the command that wrote it, when, on what machine. */
export function renderSources(inputs: SummaryInputs): string {
  const lines = ['| File | Written by | Date | Machine |', '|---|---|---|---|'];
  const describe = (data: unknown): string => {
    const machine = machineOf(data);
    if (!machine) return 'not recorded';
    const load = [valueAt(machine, 'loadAverageAtStart'), valueAt(machine, 'loadAverage1mAtStart'), valueAt(data, 'loadAverage1mAtStart')].find((v) => typeof v === 'number');
    return `${describeMachine(machine)}${typeof load === 'number' ? `, load average ${load} at start` : ''}`;
  };
  for (const { file, data } of inputs.allResults) {
    const command = valueAt(data, 'command');
    lines.push(`| [${file}](results/${file}) | ${typeof command === 'string' ? `\`${command}\`` : 'not recorded'} | ${dateOf(data) ?? 'not recorded'} | ${escapeCell(describe(data))} |`);
  }
  for (const key of ['footfallCard', 'recommenderCard'] as const) {
    const data = inputs[key];
    lines.push(`| ${sourceLink(key)} | \`${SOURCES[key].writer}\` | ${data ? (dateOf(data) ?? 'not recorded') : notMeasured(key)} | model card (training run) |`);
  }
  for (const key of Object.keys(SOURCES) as SourceKey[]) {
    const name = SOURCES[key].path.slice(SOURCES[key].path.lastIndexOf('/') + 1);
    if (SOURCES[key].path.startsWith('docs/results/') && !inputs.allResults.some((r) => r.file === name)) lines.push(`| ${SOURCES[key].path} | \`${SOURCES[key].writer}\` | ${notMeasured(key)} | – |`);
  }
  return [`_Generated by \`npm run render\` from the files themselves._`, '', ...lines].join('\n');
}

/** The charts `npm run render` renders, with the alt text the docs use. */
export const CHARTS = [
  { file: 'cold-start-vs-state.svg', title: 'Cold start against state size (the recommender on Lambda)' },
  { file: 'snapshot-vs-rebuild.svg', title: 'Start from a snapshot against rebuilding the index' },
  { file: 'latency-side-by-side.svg', title: 'Time to answer one request, both models measured the same way' },
  { file: 'recall-vs-qps.svg', title: 'Recall against queries per second (the HNSW index)' },
] as const;

/** The charts present in the results folder, and a line for each one not rendered yet. */
export function renderCharts(options: SummaryOptions = {}): string {
  const { resultsDir } = resolveDirs(options);
  const present = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.svg')) : [];
  const lines = ['_Generated by `npm run render` from the SVG files in [docs/results/](results/); each chart names its source files and machine in its caption._', ''];
  for (const chart of CHARTS) {
    lines.push(present.includes(chart.file) ? `![${chart.title}](results/${chart.file})` : `- ${chart.title}: not rendered yet — run \`npm run render\` (after \`npm run bench\`)`, '');
  }
  for (const extra of present.filter((f) => !CHARTS.some((c) => c.file === f)).sort()) lines.push(`![${extra}](results/${extra})`, '');
  return lines.join('\n').trimEnd();
}
// 4. The page: docs/verdict.md, its prose by hand, every figure in a `verdict:<name>` block.

/** The named blocks of docs/verdict.md, in page order. */
export const BLOCKS = [...(Object.keys(TABLES) as (keyof typeof TABLES)[]), 'targets', 'charts', 'sources'] as const;
export type BlockName = (typeof BLOCKS)[number];

/** The markers around one generated block. */
export const markers = (name: BlockName) => blockMarkers(`verdict:${name}`);

/** Renders every block from the files as they are now. */
export function renderVerdictBlocks(options: SummaryOptions = {}): Record<BlockName, string> {
  const inputs = readSummaryInputs(options);
  const tables = Object.fromEntries(Object.entries(TABLES).map(([name, render]) => [name, render(inputs)])) as Record<keyof typeof TABLES, string>;
  return { ...tables, targets: renderTargets(inputs), charts: renderCharts(options), sources: renderSources(inputs) };
}

/** The text between each block's markers on a page. @throws Error naming a block whose markers are missing */
export function extractBlocks(page: string, docPath = 'the page'): Record<BlockName, string> {
  const blocks = {} as Record<BlockName, string>;
  for (const name of BLOCKS) blocks[name] = readMarkedBlock(page, markers(name), docPath);
  return blocks;
}

/** The page with every block replaced by `blocks`; the hand-written prose is kept byte for byte. */
export function fillBlocks(page: string, blocks: Record<BlockName, string>, docPath = 'the page'): string {
  let updated = page;
  for (const name of BLOCKS) updated = fillMarkedBlock(updated, markers(name), blocks[name], docPath);
  return updated;
}

/** The verdict page's path in a repository. */
export const verdictDocPath = (options: SummaryOptions = {}): string => join(resolveDirs(options).docsDir, 'verdict.md');

/** docs/verdict.md under `root` with every block rendered from that root's files. */
export function renderVerdictPage(root: string): RenderedFile {
  const options: SummaryOptions = { repoDir: root };
  const path = verdictDocPath(options);
  return { path, content: fillBlocks(readFileSync(path, 'utf8'), renderVerdictBlocks(options), 'docs/verdict.md') };
}

/**
 * Regenerates every block of docs/verdict.md in place.
 * @returns the path of the page
 */
export function writeVerdictDoc(options: SummaryOptions = {}, docPath: string = verdictDocPath(options)): string {
  writeFileSync(docPath, fillBlocks(readFileSync(docPath, 'utf8'), renderVerdictBlocks(options), docPath));
  return docPath;
}

/** The blocks whose text on the page differs from what the files give now. */
export function staleBlocks(options: SummaryOptions = {}, docPath: string = verdictDocPath(options)): BlockName[] {
  const onPage = extractBlocks(readFileSync(docPath, 'utf8'), docPath);
  const fresh = renderVerdictBlocks(options);
  return BLOCKS.filter((name) => onPage[name] !== fresh[name]);
}
