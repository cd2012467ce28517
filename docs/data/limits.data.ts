/**
 * VitePress data loader for the lifecycle page and the three limit pages (limits/*.md): the
 * measured figures each page shows, read at build time from the bench output in docs/results/.
 *
 * No figure is typed here. Each row names a results file and a path inside it; the loader
 * reads the value there and formats it, and the page prints it with that source beside it.
 * A path that finds nothing fails the build (and tests/limit-figures.test.ts), so a renamed
 * field cannot leave a page showing a stale or empty figure.
 *
 * Paths: `a.b.c`, `list[2]`, and `list[field=value]` for the element whose field has that value
 * (`sizes[movies=100000].modes[mode=snapshot]`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineLoader } from 'vitepress';

const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** The results files these pages read. */
export type ResultsFile = 'footfall-lambda.json' | 'contrast.json' | 'recommender-container.json' | 'recommender-index.json' | 'fitcheck-examples.json';

/** How a value is printed. */
export type Unit = 'ms' | 'µs' | 'bytes' | 'MiB' | 'ratio' | 'count' | 'recall' | 'text' | 'list-length';

/** One figure a page shows: what it is, where it comes from, and how to print it. */
export interface FigureSpec {
  /** The side it belongs to, as the table's first column says it. */
  side: 'Footfall' | 'Recommender' | 'Lambda';
  what: string;
  file: ResultsFile;
  /** Path inside the file (see the header). */
  path: string;
  unit: Unit;
}

/** A figure read and formatted. */
export interface Figure extends FigureSpec {
  value: number | string;
  text: string;
}

/** The machine and date a results file records. */
export interface MeasuredOn {
  file: ResultsFile;
  date: string;
  machine: string;
}

/** What one page's table shows. */
export interface FigureTable {
  rows: Figure[];
  measuredOn: MeasuredOn[];
}

/** The pages that show figures from this loader. */
export type FigurePage = 'lifecycle' | 'dependencies' | 'internal-state' | 'cold-starts';

const snapshot100k = 'sizes[movies=100000].modes[mode=snapshot]';
const build100k = 'sizes[movies=100000].modes[mode=build]';
const snapshot1m = 'sizes[movies=1000000].modes[mode=snapshot]';

/** Which figures each page shows, in order. */
export const PAGE_FIGURES: Record<FigurePage, FigureSpec[]> = {
  lifecycle: [
    { side: 'Footfall', what: 'Init of a hello-world handler (import, median)', file: 'footfall-lambda.json', path: 'coldStart.initBreakdown.stages[name=helloWorld].medianInitMs', unit: 'ms' },
    { side: 'Footfall', what: 'Init of the footfall handler (import: logger, model load, routes)', file: 'footfall-lambda.json', path: 'coldStart.footfall.medianInitMs', unit: 'ms' },
    { side: 'Footfall', what: 'of which: reading and checking the model', file: 'footfall-lambda.json', path: 'coldStart.footfall.medianModelLoadMs', unit: 'ms' },
    { side: 'Footfall', what: 'Cold start: process spawn → first response', file: 'footfall-lambda.json', path: 'coldStart.footfall.medianSpawnToResponseMs', unit: 'ms' },
    { side: 'Footfall', what: 'Warm request: the whole bundled handler, p50', file: 'footfall-lambda.json', path: 'warm.handlerOneRowUs.p50', unit: 'µs' },
  ],
  dependencies: [
    { side: 'Lambda', what: 'Limit: .zip, unzipped (direct upload or through S3)', file: 'fitcheck-examples.json', path: 'jsonExample.report.thresholds.maxUnzippedBytes', unit: 'bytes' },
    { side: 'Lambda', what: 'Limit: .zip uploaded directly, zipped', file: 'fitcheck-examples.json', path: 'jsonExample.report.thresholds.maxZippedBytes', unit: 'bytes' },
    { side: 'Lambda', what: 'Limit: container image', file: 'fitcheck-examples.json', path: 'jsonExample.report.thresholds.maxImageBytes', unit: 'bytes' },
    { side: 'Footfall', what: 'Deployment package (handler bundle + model), unzipped', file: 'footfall-lambda.json', path: 'bundle.bytes', unit: 'bytes' },
    { side: 'Footfall', what: 'Deployment package, zipped', file: 'footfall-lambda.json', path: 'bundle.zippedBytes', unit: 'bytes' },
    { side: 'Footfall', what: "The project's own budget, zipped", file: 'footfall-lambda.json', path: 'bundle.limits.budgetZippedBytes', unit: 'bytes' },
    { side: 'Footfall', what: 'Native binaries in the package', file: 'contrast.json', path: 'fitcheck[variant=footfall].nativeBinaries', unit: 'list-length' },
    { side: 'Recommender', what: 'As a Lambda .zip, 100,000 movies with a snapshot: unzipped', file: 'contrast.json', path: `${snapshot100k}.bundle.bytes`, unit: 'bytes' },
    { side: 'Recommender', what: 'The same, zipped', file: 'contrast.json', path: `${snapshot100k}.bundle.zippedBytes`, unit: 'bytes' },
    { side: 'Recommender', what: 'As a Lambda .zip, 1,000,000 movies with a snapshot: unzipped', file: 'contrast.json', path: `${snapshot1m}.bundle.bytes`, unit: 'bytes' },
    { side: 'Recommender', what: 'Native binaries in the package (hnswlib-node)', file: 'contrast.json', path: 'fitcheck[variant=recommender-1000000-snapshot].nativeBinaries', unit: 'list-length' },
    { side: 'Recommender', what: 'fitcheck, 1,000,000 movies: .zip through S3', file: 'contrast.json', path: 'fitcheck[variant=recommender-1000000-snapshot].verdictsByRoute.zip-s3', unit: 'text' },
    { side: 'Recommender', what: 'fitcheck, 1,000,000 movies: container image', file: 'contrast.json', path: 'fitcheck[variant=recommender-1000000-snapshot-image].verdictsByRoute.container-image', unit: 'text' },
  ],
  'internal-state': [
    { side: 'Footfall', what: 'State read at init (the model file)', file: 'contrast.json', path: 'footfall.stateBytes', unit: 'bytes' },
    { side: 'Recommender', what: 'Start-up, 100,000 movies: rebuild the index (median, ready)', file: 'recommender-container.json', path: 'startup[movies=100000].rebuild.medianReadyMs', unit: 'ms' },
    { side: 'Recommender', what: 'Start-up, 100,000 movies: load the snapshot (median, ready)', file: 'recommender-container.json', path: 'startup[movies=100000].snapshot.medianReadyMs', unit: 'ms' },
    { side: 'Recommender', what: 'Snapshot over rebuild, 100,000 movies', file: 'recommender-container.json', path: 'startup[movies=100000].speedup', unit: 'ratio' },
    { side: 'Recommender', what: 'Add a movie, acknowledged after fsync: p99 (file log)', file: 'recommender-container.json', path: 'catalogLogs.file.ack.p99Ms', unit: 'ms' },
    { side: 'Recommender', what: 'Add a movie, acknowledged after the Redis AOF fsync: p99', file: 'recommender-container.json', path: 'catalogLogs.redisStream.ack.p99Ms', unit: 'ms' },
    { side: 'Recommender', what: 'The same add, visible on a second replica: p99', file: 'recommender-container.json', path: 'catalogLogs.redisStream.visibilityOnSecondReplica.p99Ms', unit: 'ms' },
    { side: 'Recommender', what: 'Fold-in alone, in process (per request)', file: 'recommender-container.json', path: 'throughput.inProcessMicros.foldInMicros', unit: 'µs' },
    { side: 'Recommender', what: 'recall@10 at the default ef (trained embeddings)', file: 'recommender-index.json', path: 'trainedEmbeddings.atDefaultEf.recallAt10', unit: 'recall' },
    { side: 'Recommender', what: 'The default ef', file: 'recommender-index.json', path: 'trainedEmbeddings.atDefaultEf.ef', unit: 'count' },
  ],
  'cold-starts': [
    { side: 'Lambda', what: 'Limit: the init phase of an on-demand function', file: 'fitcheck-examples.json', path: 'jsonExample.report.thresholds.maxInitMs', unit: 'ms' },
    { side: 'Footfall', what: 'Cold start of hello-world (spawn → first response, median)', file: 'footfall-lambda.json', path: 'coldStart.helloWorld.medianSpawnToResponseMs', unit: 'ms' },
    { side: 'Footfall', what: 'Cold start of the footfall bundle (same run)', file: 'footfall-lambda.json', path: 'coldStart.footfall.medianSpawnToResponseMs', unit: 'ms' },
    { side: 'Footfall', what: 'Footfall over hello-world (median of paired ratios)', file: 'footfall-lambda.json', path: 'coldStart.medianOfPairedRatios', unit: 'ratio' },
    { side: 'Recommender', what: 'As a Lambda, 100,000 movies, index rebuilt at init', file: 'contrast.json', path: `${build100k}.coldStart.medianMs`, unit: 'ms' },
    { side: 'Recommender', what: 'As a Lambda, 100,000 movies, snapshot loaded at init', file: 'contrast.json', path: `${snapshot100k}.coldStart.medianMs`, unit: 'ms' },
    { side: 'Recommender', what: 'As a Lambda, 1,000,000 movies, snapshot loaded at init', file: 'contrast.json', path: `${snapshot1m}.coldStart.medianMs`, unit: 'ms' },
    { side: 'Recommender', what: 'The same, over the footfall cold start of that run', file: 'contrast.json', path: `${snapshot1m}.ratiosToFootfall.coldStart`, unit: 'ratio' },
    { side: 'Recommender', what: 'fitcheck, 100,000 movies rebuilt at init', file: 'contrast.json', path: 'fitcheck[variant=recommender-100000-build].verdict', unit: 'text' },
  ],
};

/** Reads `spec.path` in a parsed results file. @throws naming the file and path when nothing is there. */
export function resolvePath(json: unknown, spec: Pick<FigureSpec, 'file' | 'path'>): unknown {
  let node: unknown = json;
  for (const segment of spec.path.match(/[^.[\]]+(?:\[[^\]]*\])?/g) ?? []) {
    const [, key = '', selector] = /^([^[]+)(?:\[([^\]]*)\])?$/.exec(segment) ?? [];
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (selector !== undefined) {
      const list = Array.isArray(node) ? node : [];
      const [field, wanted] = selector.split('=');
      node = wanted === undefined ? list[Number(field)] : list.find((item) => String((item as Record<string, unknown>)?.[field!]) === wanted);
    }
    if (node === undefined || node === null) throw new Error(`docs/results/${spec.file}: nothing at ${spec.path} (stopped at '${segment}')`);
  }
  return node;
}

const MiB = 1024 * 1024;
const number = (value: number, digits = 1): string => value.toLocaleString('en-US', { maximumFractionDigits: digits });

/** Prints a value in its unit, in the style of the generated blocks. */
export function formatFigure(value: unknown, unit: Unit): { value: number | string; text: string } {
  if (unit === 'text') return { value: String(value), text: String(value) };
  if (unit === 'list-length') {
    if (!Array.isArray(value)) throw new Error(`expected a list, got ${JSON.stringify(value)}`);
    return { value: value.length, text: number(value.length) };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  switch (unit) {
    case 'ms':
      return { value, text: value >= 1000 ? `${number(value / 1000, 2)} s` : `${number(value, value < 10 ? 2 : 1)} ms` };
    case 'µs':
      return { value, text: `${number(value, 1)} µs` };
    case 'bytes':
      if (value >= 1024 * MiB) return { value, text: `${number(value / (1024 * MiB), 1)} GiB (${number(value, 0)} bytes)` };
      if (value >= MiB) return { value, text: `${number(value / MiB, 1)} MiB` };
      return { value, text: `${number(value / 1024, 1)} KiB` };
    case 'MiB':
      return { value, text: `${number(value, 1)} MiB` };
    case 'ratio':
      return { value, text: `${number(value, 2)}×` };
    case 'recall':
      return { value, text: number(value, 4) };
    case 'count':
      return { value, text: number(value, 0) };
  }
}

function machineOf(json: Record<string, unknown>): string {
  const m = json.machine as { cpuModel?: string; cores?: number; platform?: string; node?: string } | undefined;
  return m ? `${m.cpuModel ?? 'unknown CPU'}, ${m.cores ?? '?'} cores, ${m.platform ?? ''}, Node ${m.node ?? '?'}` : 'machine not recorded';
}

function dateOf(json: Record<string, unknown>): string {
  const raw = [json.date, json.generatedAt, json.createdAt, json.measuredAt].find((v): v is string => typeof v === 'string');
  return raw ? raw.slice(0, 10) : 'undated';
}

/** Reads every page's figures from `resultsDir`. Exported for the test. */
export function loadFigureTables(resultsDir = RESULTS_DIR): Record<FigurePage, FigureTable> {
  const cache = new Map<ResultsFile, Record<string, unknown>>();
  const read = (file: ResultsFile): Record<string, unknown> => {
    if (!cache.has(file)) cache.set(file, JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8')) as Record<string, unknown>);
    return cache.get(file)!;
  };
  const tables = {} as Record<FigurePage, FigureTable>;
  for (const [page, specs] of Object.entries(PAGE_FIGURES) as Array<[FigurePage, FigureSpec[]]>) {
    const rows = specs.map((spec) => {
      try {
        return { ...spec, ...formatFigure(resolvePath(read(spec.file), spec), spec.unit) };
      } catch (err) {
        throw new Error(`${page}: ${spec.what}: ${(err as Error).message}`, { cause: err });
      }
    });
    const files = [...new Set(specs.map((spec) => spec.file))];
    tables[page] = { rows, measuredOn: files.map((file) => ({ file, date: dateOf(read(file)), machine: machineOf(read(file)) })) };
  }
  return tables;
}

/** What the pages import: the tables, made at build time. */
export declare const data: Record<FigurePage, FigureTable>;

export default defineLoader({
  // Rebuild the pages (dev server) when a bench rewrites a results file.
  watch: ['../results/*.json'],
  load: (): Record<FigurePage, FigureTable> => loadFigureTables(),
});
