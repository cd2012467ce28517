/**
 * The figures of the docs landing page, docs/README.md (`npm run render` writes them
 * after the charts), from every results JSON in docs/results/ and the two committed
 * model cards. The prose of that page is written by hand; every number on it sits in
 * a generated block between `<!-- summary:<name>:start -->` and
 * `<!-- summary:<name>:end -->`, so no figure can be typed in by hand and go stale.
 *
 *
 * Edit this file when a benchmark renames a field (the required-field lists below
 * name every field read, and a vanished one stops the run with its name), or to
 * change what the landing page shows. A missing results file never stops the run:
 * its figures read "not measured yet" and name the command that writes the file.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatBytes, formatMs } from '../format.js';
import { blockMarkers, fillMarkedBlock, readMarkedBlock } from '../marked-blocks.js';
import { REPO_DIR, RESULTS_DIR } from '../paths.js';
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

/** Every file the verdict table reads. Results files not listed here still appear under Targets and Sources. */
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
  if (!Array.isArray(items)) throw new ResultsFileError(file, `"${arrayPath}" is not a list; has its benchmark changed shape? (see packages/results-docs/src/pages/summary.ts)`);
  items.forEach((item, i) => {
    for (const field of fields) {
      if (valueAt(item, field) === undefined) throw new ResultsFileError(file, `has no "${arrayPath}.${i}.${field}"; has its benchmark changed shape? (see packages/results-docs/src/pages/summary.ts)`);
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

/** One figure-bearing phrase with its source named, or the not-measured line. */
function from<T>(key: SourceKey, data: T | null, phrase: (data: T) => string): string {
  return data === null ? notMeasured(key) : `${phrase(data)} (${sourceLink(key)})`;
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

// 3. The blocks.

/** The recommender-on-Lambda figure at every catalog size for one index mode: `a / b / c`; `–` where not measured (see `notMeasuredNote`). */
function perSize(contrast: ContrastResult, mode: 'build' | 'snapshot', figure: (m: Exclude<ContrastResult['sizes'][number]['modes'][number], { skipped: string }>) => string): string {
  return contrast.sizes
    .map((size) => {
      const m = size.modes.find((x) => x.mode === mode);
      return !m || 'skipped' in m ? '–' : figure(m);
    })
    .join(' / ');
}

/** Says once why a `–` in a `perSize` list was not measured, e.g. `; – not measured: 1,000,000 movies, build: …`. */
function notMeasuredNote(contrast: ContrastResult, mode: 'build' | 'snapshot'): string {
  const skipped = contrast.sizes.flatMap((size) => size.modes.filter((m) => m.mode === mode && 'skipped' in m).map((m) => ({ movies: size.movies, reason: (m as { skipped: string }).skipped })));
  return skipped.length === 0 ? '' : `; – not measured: ${skipped.map((x) => `${count(x.movies)} movies, ${mode}: ${x.reason}`).join('; ')}`;
}

const moviesList = (contrast: ContrastResult): string => `${contrast.sizes.map((s) => count(s.movies)).join(' / ')} movies`;

/** The verdict table: per limit, what the footfall side and the recommender side measure. */
export function renderVerdict(inputs: SummaryInputs): string {
  const { contrast, footfallLambda: ff, fitcheck, recommenderContainer: rc, recommenderIndex: ri, footfallCard, recommenderCard } = inputs;
  const br = (parts: string[]): string => parts.join('<br>');

  const footfallVerdict = contrast?.fitcheck.find((v) => v.movies === null);
  const recommenderVerdicts = contrast?.fitcheck.filter((v) => v.movies !== null) ?? [];
  const verdictCounts = (verdicts: typeof recommenderVerdicts): string => {
    const byVerdict = new Map<string, number>();
    for (const v of verdicts) byVerdict.set(v.verdict, (byVerdict.get(v.verdict) ?? 0) + 1);
    return [...byVerdict].map(([verdict, n]) => `**${verdict}** for ${n} of ${verdicts.length}`).join(', ');
  };
  const codesAt = (verdicts: typeof recommenderVerdicts, level: string): string => {
    const codes = new Map<string, number>();
    for (const v of verdicts) for (const f of v.findings) if (f.level === level) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
    return [...codes].map(([code, n]) => `\`${code}\` ×${n}`).join(', ') || 'none';
  };
  const failingCodes = (verdicts: typeof recommenderVerdicts): string => codesAt(verdicts, 'fail');
  // Since issue 11 the rows say what they were built for and how they deploy; older files do not.
  const zipVerdicts = recommenderVerdicts.filter((v) => v.packaging !== 'image');
  const imageVerdicts = recommenderVerdicts.filter((v) => v.packaging === 'image');
  const recommenderVerdictCell = (c: ContrastResult): string => {
    const built = zipVerdicts[0]?.architecture;
    if (!built) return `${verdictCounts(recommenderVerdicts)} packages (${moviesList(c)}, index built or loaded at init); failing findings: ${failingCodes(recommenderVerdicts)}`;
    const images = imageVerdicts.map((v) => `as a container image (${count(v.movies ?? 0)} movies, ${v.mode}): **${v.verdict}**`).join('; ');
    return (
      `${verdictCounts(zipVerdicts)} .zip packages built for ${built} (${moviesList(c)}, index built or loaded at init; judged on ${zipVerdicts[0]?.route ?? 'the default route'})` +
      `${images ? `; ${images}` : ''}; failing findings: ${failingCodes(recommenderVerdicts)}; warnings: ${codesAt(recommenderVerdicts, 'warn')}`
    );
  };

  const nativeBinaries = (name: string | null): string => {
    if (!fitcheck) return '';
    const bundles = name === null ? fitcheck.bundles : fitcheck.bundles.filter((b) => b.name === name);
    if (name !== null && bundles.length === 0) throw new ResultsFileError('fitcheck.json', `has no bundle named "${name}"; has its benchmark changed shape? (see packages/results-docs/src/pages/summary.ts)`);
    const seen = new Map<string, string>();
    for (const b of bundles) for (const n of b.nativeBinaries) seen.set(`${n.path} ${n.architecture}`, `\`${n.path}\` (${n.architecture}${n.requiredGlibc ? `, needs glibc ${n.requiredGlibc}` : ''})`);
    return [...seen.values()].join(', ') || 'none';
  };

  const rows: [string, string, string][] = [
    [
      "fitcheck's verdict on a Lambda package",
      from('contrast', footfallVerdict ?? null, (v) => `**${v.verdict}**: dependencies ${v.criteria.dependencies}, internal state ${v.criteria.internalState}, cold starts ${v.criteria.coldStarts}`),
      from('contrast', contrast, recommenderVerdictCell),
    ],
    [
      '**1. Dependencies**',
      br([
        from('footfallLambda', ff, (f) => `package ${formatBytes(f.bundle.bytes)} unzipped, ${formatBytes(f.bundle.zippedBytes)} zipped; Lambda's limits ${formatBytes(f.bundle.limits.lambdaUnzippedBytes)} unzipped, ${formatBytes(f.bundle.limits.lambdaZippedBytes)} zipped`),
        from('fitcheck', fitcheck, () => `native binaries in the footfall bundle: ${nativeBinaries('footfall-lambda')}`),
      ]),
      br([
        from('contrast', contrast, (c) => `as a Lambda package at ${moviesList(c)}: ${perSize(c, 'build', (m) => formatBytes(m.bundle.zippedBytes))} zipped with the index built at init, ${perSize(c, 'snapshot', (m) => formatBytes(m.bundle.zippedBytes))} zipped (${perSize(c, 'snapshot', (m) => formatBytes(m.bundle.bytes))} unzipped) with a snapshot${notMeasuredNote(c, 'build')}`),
        from('fitcheck', fitcheck, () => `native binaries fitcheck found: ${nativeBinaries(null)}`),
      ]),
    ],
    [
      '**2. Internal state**',
      br([
        from('contrast', contrast, (c) => `${formatBytes(c.footfall.stateBytes)} read at init, never changed while running`),
        from('footfallLambda', ff, (f) => `model load ${formatMs(f.coldStart.footfall.medianModelLoadMs)} of a ${formatMs(f.coldStart.footfall.medianInitMs)} init; peak RSS ${mib(f.coldStart.footfall.medianPeakRssMiB)}`),
      ]),
      br([
        from('contrast', contrast, (c) => `on Lambda, read at every cold start at ${moviesList(c)}: ${perSize(c, 'build', (m) => formatBytes(m.stateBytes))} (build), ${perSize(c, 'snapshot', (m) => formatBytes(m.stateBytes))} (snapshot); peak RSS ${perSize(c, 'snapshot', (m) => formatBytes(m.peakRss.medianBytes))}${notMeasuredNote(c, 'build')}`),
        from('recommenderIndex', ri, (r) => `index from a snapshot vs rebuilt: ${r.sizes.map((s) => `${formatMs(s.snapshot.loadMedianMs)} vs ${formatMs(s.snapshot.rebuildMedianMs)} at ${count(s.movies)} movies`).join(', ')}`),
        from('recommenderContainer', rc, (r) => `in the container: RSS ${mib(r.rssAfterLoadMiB)} after load at ${count(r.catalog.movies)} movies; a movie added while serving is acknowledged in ${formatMsFine(r.addAcknowledgement.medianP50Ms)} p50, ${formatMsFine(r.addAcknowledgement.medianP99Ms)} p99 (fsync included)`),
      ]),
    ],
    [
      '**3. Cold starts**',
      br([
        from('footfallLambda', ff, (f) => `${formatMs(f.coldStart.footfall.medianSpawnToResponseMs)} spawn → first response vs ${formatMs(f.coldStart.helloWorld.medianSpawnToResponseMs)} for hello-world: ${times(f.coldStart.ratioOfMedians)} (median of paired ratios ${times(f.coldStart.medianOfPairedRatios)}, +${formatMs(f.coldStart.medianOverheadMs)}), medians of ${f.runs} runs`),
        from('contrast', contrast, (c) => `${formatMs(c.footfall.coldStart.medianMs)} in the cross-pairing run (the baseline of the ratios opposite)`),
      ]),
      br([
        from('contrast', contrast, (c) => `on Lambda at ${moviesList(c)}: ${perSize(c, 'build', (m) => formatMs(m.coldStart.medianMs))} building the index (${perSize(c, 'build', (m) => times(m.ratiosToFootfall.coldStart))} footfall), ${perSize(c, 'snapshot', (m) => formatMs(m.coldStart.medianMs))} from a snapshot (${perSize(c, 'snapshot', (m) => times(m.ratiosToFootfall.coldStart))})${notMeasuredNote(c, 'build')}`),
        from('recommenderContainer', rc, (r) => `the container starts once per task: ready ${r.startup.map((s) => `in ${formatMs(s.snapshot.medianReadyMs)} from a snapshot vs ${formatMs(s.rebuild.medianReadyMs)} rebuilding (${times(s.speedup)}) at ${count(s.movies)} movies`).join(', ')}`),
      ]),
    ],
    [
      'Warm requests',
      from('footfallLambda', ff, (f) => `whole handler ${microseconds(f.warm.handlerOneRowUs.p50)} p50, ${microseconds(f.warm.handlerOneRowUs.p99)} p99 per event; \`predict\` ${microseconds(f.warm.predictOneRowUs.p50)} p50`),
      br([
        from('recommenderContainer', rc, (r) => `${count(Math.round(r.throughput.recommendations.medianRps))} requests/s to \`POST /recommendations\` (p50 ${formatMsFine(r.throughput.recommendations.medianP50Ms)}, p99 ${formatMsFine(r.throughput.recommendations.medianP99Ms)}), ${times(r.throughput.medianRatio)} hello-world's ${count(Math.round(r.throughput.helloWorld.medianRps))}/s; at ${count(r.latencyAt70PercentOfMax.targetRps)}/s (70 % of max): p50 ${formatMsFine(r.latencyAt70PercentOfMax.medianP50Ms)}, p99 ${formatMsFine(r.latencyAt70PercentOfMax.medianP99Ms)}`),
        from('recommenderIndex', ri, (r) => {
          const largest = r.sizes[r.sizes.length - 1]!;
          const byEf = [...largest.hnsw].sort((a, b) => a.ef - b.ef);
          const [low, high] = [byEf[0], byEf[byEf.length - 1]];
          if (!low || !high) throw new ResultsFileError('recommender-index.json', `has no hnsw runs at ${largest.movies} movies`);
          return `HNSW index at ${count(largest.movies)} movies: recall@10 ${low.recallAt10} at ${count(Math.round(low.qps))} queries/s (ef ${low.ef}) to ${high.recallAt10} at ${count(Math.round(high.qps))}/s (ef ${high.ef}); exact search ${count(Math.round(largest.exact.qps))}/s`;
        }),
      ]),
    ],
    [
      'Model quality (held-out data)',
      from('footfallCard', footfallCard, (f) => {
        const m = f.card.metrics;
        const baselines = Object.entries(m.baselines).map(([name, b]) => `${words(name)} ${b.mae} / ${b.mape} %`);
        return `MAE ${m.model.mae} customers, MAPE ${m.model.mape} % vs baselines (MAE / MAPE) ${baselines.join(', ')} (model ${f.card.version})`;
      }),
      from('recommenderCard', recommenderCard, (r) => {
        const m = r.metrics;
        const viaHnsw = m.modelViaHnsw ? `; through the HNSW index ${m.modelViaHnsw.recallAt10} / ${m.modelViaHnsw.ndcgAt10}` : '';
        return `recall@10 ${m.model.recallAt10}, NDCG@10 ${m.model.ndcgAt10} vs popularity ${m.baselines.popularity.recallAt10} / ${m.baselines.popularity.ndcgAt10}${viaHnsw}; ${count(m.evaluation.evaluatedUsers)} users, ${m.evaluation.heldOutPerUser} held out each (model ${r.version})`;
      }),
    ],
  ];

  const lines = [
    provenance(inputs, ['contrast', 'footfallLambda', 'fitcheck', 'recommenderContainer', 'recommenderIndex', 'footfallCard', 'recommenderCard']),
    '',
    '| | Footfall predictor (small, stateless) → Lambda | Movie recommender (large, stateful) → container |',
    '|---|---|---|',
    ...rows.map(([limit, footfall, recommender]) => `| ${limit} | ${footfall} | ${recommender} |`),
  ];
  return lines.join('\n');
}

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
    if (entries.length === 0 && !Array.isArray(targets)) throw new ResultsFileError(file, '"targets" is neither a list nor an object (see packages/results-docs/src/pages/summary.ts)');
    for (const [name, entry] of entries) {
      const target = valueAt(entry, 'target');
      const measured = valueAt(entry, 'measured');
      const met = valueAt(entry, 'met');
      const printable = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
      if (!printable(target) || !printable(measured) || typeof met !== 'boolean') {
        throw new ResultsFileError(file, `target "${name}" needs a "target", a "measured" (text or number) and a true/false "met" (see packages/results-docs/src/pages/summary.ts)`);
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
  { file: 'latency-side-by-side.svg', title: 'Latency side by side, each model in its own home' },
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

/** Docs pages in reading order, each with why you would open it. Pages not written yet are left out. */
export const PAGES = [
  { file: 'architecture.md', why: 'why the repository looks the way it does, and where each limit lives in code' },
  { file: 'footfall-model.md', why: 'the footfall model: its 100 features, the simulated data, its error against baselines' },
  { file: 'footfall-lambda.md', why: 'the footfall predictor on Lambda, limit by limit' },
  { file: 'movie-recommender.md', why: 'the movie recommender: data, embeddings, fold-in, evaluation' },
  { file: 'recommender-index.md', why: 'the HNSW index: parameters, updates while serving, snapshots, its benchmark' },
  { file: 'recommender-container.md', why: 'the recommender service in its container: start-up, updates, throughput' },
  { file: 'fitcheck.md', why: 'fitcheck, the three limits as a command you can point at any bundle' },
  { file: 'contrast.md', why: 'each model on the other platform: the cross-pairing experiment' },
  { file: 'cost-and-scaling.md', why: 'what each home costs a month, where Lambda stops being cheaper, and what a traffic spike does to each' },
] as const;

const titleOf = (path: string): string => /^# (.+)$/m.exec(readFileSync(path, 'utf8'))?.[1]?.trim() ?? path;

/** Links to every docs page and every app and package README present. */
export function renderPages(options: SummaryOptions = {}): string {
  const { docsDir, repoDir } = resolveDirs(options);
  const lines = ['_Generated by `npm run render` from the pages present in docs/, apps/ and packages/._', ''];
  for (const page of PAGES) if (existsSync(join(docsDir, page.file))) lines.push(`- [${titleOf(join(docsDir, page.file))}](${page.file}): ${page.why}`);
  const known = new Set<string>([...PAGES.map((p) => p.file), 'README.md']);
  const others = existsSync(docsDir) ? readdirSync(docsDir).filter((f) => f.endsWith('.md') && !known.has(f)).sort() : [];
  for (const file of others) lines.push(`- [${titleOf(join(docsDir, file))}](${file})`);
  lines.push('', 'The code, each with its README:', '');
  for (const group of ['apps', 'packages']) {
    const root = join(repoDir, group);
    const folders = existsSync(root) ? readdirSync(root).filter((f) => existsSync(join(root, f, 'README.md'))).sort() : [];
    for (const folder of folders) lines.push(`- [${group}/${folder}](../${group}/${folder}/README.md): ${titleOf(join(root, folder, 'README.md'))}`);
  }
  return lines.join('\n');
}

// 4. The page.

/** The named blocks of docs/README.md, in page order. */
export const BLOCKS = ['verdict', 'targets', 'charts', 'pages', 'sources'] as const;
export type BlockName = (typeof BLOCKS)[number];

/** The markers around one generated block. */
export const markers = (name: BlockName) => blockMarkers(`summary:${name}`);

/** Renders every block from the files as they are now. */
export function renderSummaryBlocks(options: SummaryOptions = {}): Record<BlockName, string> {
  const inputs = readSummaryInputs(options);
  return { verdict: renderVerdict(inputs), targets: renderTargets(inputs), charts: renderCharts(options), pages: renderPages(options), sources: renderSources(inputs) };
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

/** The landing page's path in a repository. */
export const summaryDocPath = (options: SummaryOptions = {}): string => join(resolveDirs(options).docsDir, 'README.md');

/** docs/README.md under `root` with every block rendered from that root's files. */
export function renderSummaryPage(root: string): RenderedFile {
  const options: SummaryOptions = { repoDir: root };
  const path = summaryDocPath(options);
  return { path, content: fillBlocks(readFileSync(path, 'utf8'), renderSummaryBlocks(options), 'docs/README.md') };
}

/**
 * Regenerates every block of docs/README.md in place.
 * @returns the path of the page
 */
export function writeSummaryDoc(options: SummaryOptions = {}, docPath: string = summaryDocPath(options)): string {
  writeFileSync(docPath, fillBlocks(readFileSync(docPath, 'utf8'), renderSummaryBlocks(options), docPath));
  return docPath;
}

/** The blocks whose text on the page differs from what the files give now. */
export function staleBlocks(options: SummaryOptions = {}, docPath: string = summaryDocPath(options)): BlockName[] {
  const onPage = extractBlocks(readFileSync(docPath, 'utf8'), docPath);
  const fresh = renderSummaryBlocks(options);
  return BLOCKS.filter((name) => onPage[name] !== fresh[name]);
}
