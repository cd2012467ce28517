/**
 * `analyse(target, options)`: the whole check, as a function other packages can call.
 *
 * 1. Read the bundle (folder or zip): sizes, zipped size, native binaries.
 * 2. Find the handler; isolate the bundle from any node_modules above it.
 * 3. Run the handler's init in fresh processes (unless `static`).
 * 4. Judge the three criteria and assemble the `FitReport`.
 * Temporary folders (zip extraction, isolated copies) are removed before returning.
 *
 * Edit this file to change the order of the steps or what goes into the report.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { CannotAnalyseError, detectBundleKind, listDataFiles, type NativeBinary, scanFolder, scanZip } from './bundle.js';
import { formatHandler, type HandlerRef, resolveHandler } from './handler.js';
import { DEFAULT_THRESHOLDS, isLambdaRuntime, type LambdaArchitecture, runtimeThresholds, type Thresholds } from './limits.js';
import { type InitMeasurement, isolate, measureInit } from './measure.js';
import { type FitReport, type MachineInfo, type NativeBinaryReport, REPORT_SCHEMA } from './report.js';
import { criteriaList, judge, type JudgeInput, overallVerdict } from './verdict.js';

/** Options for `analyse`. Any threshold left out takes its value from `DEFAULT_THRESHOLDS`. */
export interface AnalyseOptions extends Partial<Thresholds> {
  /** `file#export` or Lambda's `file.export`. @default the first of index.mjs, index.js, index.cjs, handler.mjs, handler.js, handler.cjs exporting `handler` */
  handler?: string;
  /** Path of a JSON event to invoke the handler with once per run. @default none: init only */
  event?: string;
  /** Fresh processes to time. @default 5 */
  runs?: number;
  /** Skip running the handler: sizes and native binaries only. @default false */
  static?: boolean;
  /** Extra environment variables for the handler. @default none */
  env?: Record<string, string>;
}

/** Default number of fresh-process runs; the median of five resists one noisy run. */
export const DEFAULT_RUNS = 5;
/** A run whose init exceeds the fail threshold by this much is killed: it has already failed. */
const INIT_KILL_MARGIN_MS = 5_000;

const ARCHITECTURES: readonly LambdaArchitecture[] = ['arm64', 'x86_64'];

/** Merges options over the defaults and rejects impossible values. */
export function resolveThresholds(options: Partial<Thresholds>): Thresholds {
  const picked = Object.fromEntries(Object.entries(options).filter(([key, value]) => key in DEFAULT_THRESHOLDS && value !== undefined)) as Partial<Thresholds>;
  // A runtime brings its own glibc ceiling, unless the caller also set one explicitly.
  const runtimeGlibc = picked.runtime && isLambdaRuntime(picked.runtime) && picked.glibc === undefined ? runtimeThresholds(picked.runtime) : {};
  const t: Thresholds = { ...DEFAULT_THRESHOLDS, ...runtimeGlibc, ...picked };
  if (!ARCHITECTURES.includes(t.arch)) throw new CannotAnalyseError(`--arch must be arm64 or x86_64, not "${t.arch}"`);
  if (!/^\d+\.\d+$/.test(t.glibc)) throw new CannotAnalyseError(`--glibc must look like 2.34, not "${t.glibc}"`);
  for (const key of ['maxUnzippedBytes', 'maxZippedBytes', 'warnInitDataBytes', 'memoryMB', 'warnInitMs', 'maxInitMs', 'sizeWarnFraction'] as const) {
    if (!Number.isFinite(t[key]) || t[key] <= 0) throw new CannotAnalyseError(`${key} must be a positive number, not ${t[key]}`);
  }
  return t;
}

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return pkg.version;
}

/** The machine fields the repo's results JSON records everywhere. */
export function machineInfo(): MachineInfo {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    glibc: report?.header?.glibcVersionRuntime ?? null,
  };
}

function toNativeReport(n: NativeBinary): NativeBinaryReport {
  return {
    path: n.path,
    bytes: n.bytes,
    kind: n.kind,
    format: n.format,
    architecture: n.architecture ?? n.elf?.architecture ?? null,
    requiredGlibc: n.elf?.requiredGlibc ?? null,
    requiredGlibcxx: n.elf?.requiredGlibcxx ?? null,
    glibcMethod: n.elf?.glibcMethod ?? null,
    neededLibraries: n.elf?.neededLibraries ?? [],
    parseError: n.parseError ?? null,
  };
}

function validateEvent(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const absolute = resolve(path);
  try {
    JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (err) {
    throw new CannotAnalyseError(`--event ${path} is not a readable JSON file: ${(err as Error).message}`);
  }
  return absolute;
}

/**
 * Analyses a Lambda bundle (folder or .zip) against Lambda's limits.
 * @throws CannotAnalyseError for a missing target, a bad zip, a bad option or a handler spec that matches nothing.
 */
export async function analyse(target: string, options: AnalyseOptions = {}): Promise<FitReport> {
  const thresholds = resolveThresholds(options);
  const runs = options.runs ?? DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new CannotAnalyseError(`--runs must be a whole number ≥ 1, not ${runs}`);
  const eventFile = validateEvent(options.event);
  const source = resolve(target);
  const kind = await detectBundleKind(source);

  const cleanup: string[] = [];
  try {
    // 1. Read the bundle. A zip is extracted only when the handler is going to run.
    let runRoot: string | null = source;
    let scan;
    if (kind === 'zip') {
      runRoot = options.static ? null : await mkdtemp(join(tmpdir(), 'fitcheck-zip-'));
      if (runRoot) cleanup.push(runRoot);
      scan = await scanZip(source, runRoot ?? undefined);
    } else {
      scan = await scanFolder(source);
    }

    // 2-3. Find and run the handler.
    let handler: HandlerRef | null = null;
    let measurement: InitMeasurement | null = null;
    let notMeasuredBecause: JudgeInput['notMeasuredBecause'] = options.static ? 'static' : null;
    if (runRoot && !options.static) {
      handler = resolveHandler(runRoot, options.handler);
      if (!handler) notMeasuredBecause = 'no-handler';
      else {
        const { runRoot: isolatedRoot, isolation } = kind === 'folder' ? await isolate(runRoot) : { runRoot, isolation: null };
        if (isolation) cleanup.push(isolation.copiedTo);
        measurement = await measureInit(isolatedRoot, handler, {
          runs,
          eventFile,
          env: options.env,
          memoryMB: thresholds.memoryMB,
          initTimeoutMs: thresholds.maxInitMs + INIT_KILL_MARGIN_MS,
        });
        measurement.isolation = isolation;
      }
    }

    // 4. Judge.
    const dataFiles = listDataFiles(scan.files, [...scan.natives, ...(scan.objectFiles ?? [])]);
    const criteria = judge({ scan, dataFiles, measurement, notMeasuredBecause, thresholds });
    const verdict = overallVerdict(criteria);
    const all = criteriaList(criteria).flatMap((c) => c.findings);
    const reasons = all.filter((f) => f.level === (verdict === 'fits' ? 'warn' : 'fail')).map((f) => f.message);
    if (verdict === 'inconclusive') reasons.push(...all.filter((f) => f.code === 'NO_HANDLER').map((f) => f.message));

    return {
      schema: REPORT_SCHEMA,
      tool: { name: '@serverless-ai/fitcheck', version: toolVersion() },
      createdAt: new Date().toISOString(),
      target: { path: source, kind, handler: handler ? formatHandler(handler) : null },
      thresholds,
      machine: machineInfo(),
      size: {
        files: scan.files.length,
        unzippedBytes: scan.unzippedBytes,
        zippedBytes: scan.zippedBytes,
        zippedMethod: scan.zippedMethod,
        largestFiles: [...scan.files].sort((a, b) => b.bytes - a.bytes).slice(0, 5),
      },
      // Object files are listed (kind "object-file") but were never judged: nothing loads them.
      nativeBinaries: [...scan.natives, ...(scan.objectFiles ?? [])].map(toNativeReport),
      dataFiles: { files: dataFiles.slice(0, 20), count: dataFiles.length, totalBytes: dataFiles.reduce((sum, f) => sum + f.bytes, 0) },
      init: measurement,
      criteria,
      verdict,
      reasons,
    };
  } finally {
    await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
