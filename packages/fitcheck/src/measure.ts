/**
 * Measuring a cold start for real: spawn a fresh `node` running `probe.ts` N times,
 * time each from spawn to "handler imported" (and "first event answered"), and
 * collect what the probe recorded: files read at init, native addons loaded, peak RSS.
 *
 * Why a fresh process each time: a cold start is exactly "nothing is warm", and a
 * process is the smallest unit that guarantees it. The BRIEF measured `node -e 0`
 * at ~60 ms here; that floor is part of every number, as Lambda's runtime start is
 * part of its cold starts.
 *
 * Edit this file to change how runs are spawned, isolated or aggregated.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCodePath } from './bundle.js';
import type { HandlerRef } from './handler.js';
import type { ProbeConfig, ProbeError, ProbeMessage, ProbeResult } from './probe.js';

/** Median, min and max of a set of runs, plus the values themselves. */
export interface RunStats {
  median: number;
  min: number;
  max: number;
  values: number[];
}

/** Bytes read from one file of the bundle, by phase. */
export interface FileRead {
  /** Inside the bundle: its path there (`/`-separated). Outside: absolute. */
  path: string;
  bytes: number;
  via: string[];
}

/** The reads of one phase, split into data and code. */
export interface PhaseReads {
  /** Non-code files of the bundle (what "state loaded at init" means), largest first. */
  data: FileRead[];
  dataBytes: number;
  /** Code read through fs (JavaScript, native libraries, C/C++ sources), counted, not listed. */
  codeFiles: number;
  codeBytes: number;
  /** Files read from outside the bundle: on Lambda these would be missing or different. */
  outside: FileRead[];
}

/** Everything measured by running the handler. */
export interface InitMeasurement {
  handler: HandlerRef;
  /** Runs requested and runs that completed. */
  runsRequested: number;
  runsCompleted: number;
  /** Spawn to "handler imported", as seen by the parent: the cold-start proxy. */
  initMs: RunStats | null;
  /** Spawn to "first event answered", when an event was given. */
  firstResponseMs: RunStats | null;
  /** Time the `import()` itself took inside the child (no process start). */
  importMs: RunStats | null;
  /** Peak RSS in MB (2^20 bytes) at the end of each run. */
  peakRssMB: RunStats | null;
  /** Reads during init (from the first run; every run loads the same files). */
  init: PhaseReads | null;
  /** Reads while answering the event: data loaded lazily on the first request. */
  invoke: PhaseReads | null;
  /** All bytes the child read during init per /proc/self/io, including native code and module loading. */
  initProcessReadBytes: number | null;
  /** Native addons `process.dlopen`ed during init, as bundle paths. */
  addonsLoaded: string[];
  response: ProbeResult['response'];
  /** How the bundle was isolated from the surrounding node_modules, if it had to be. */
  isolation: { copiedTo: string; reason: string } | null;
  error: (Omit<ProbeError, 'phase'> & { phase: ProbeError['phase'] | 'timeout' | 'crash'; output: string }) | null;
}

/** Options for `measureInit`. */
export interface MeasureOptions {
  runs: number;
  eventFile?: string;
  /** Extra environment variables for the handler. */
  env?: Record<string, string>;
  /** Memory setting to advertise in AWS_LAMBDA_FUNCTION_MEMORY_SIZE. */
  memoryMB: number;
  /** Kill a run whose init takes longer than this. */
  initTimeoutMs: number;
  /** Kill a run whose first invocation takes longer than this. */
  invokeTimeoutMs?: number;
}

const KB = 1024;
/** API Gateway gives up on an integration after 29-30 s; an event still unanswered after 30 s has failed. */
const DEFAULT_INVOKE_TIMEOUT_MS = 30_000;
/** Keep the end of the child's output for error messages. */
const OUTPUT_TAIL_BYTES = 4 * KB;

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Aggregates runs, rounded to 0.1 (ms or MB): finer digits are noise. */
function stats(raw: number[]): RunStats | null {
  if (raw.length === 0) return null;
  const values = raw.map((v) => Math.round(v * 10) / 10);
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}

/** Where the compiled probe lives. From `src/` (tests), use the built copy in `dist/`. */
function probePath(): string {
  const here = fileURLToPath(import.meta.url);
  const candidate = here.endsWith('.ts') ? join(dirname(here), '..', 'dist', 'probe.js') : join(dirname(here), 'probe.js');
  if (!existsSync(candidate)) throw new Error(`fitcheck's probe is not built (${candidate}): run "npm run build" in packages/fitcheck`);
  return candidate;
}

/** The nearest `node_modules` above `dir`, which Node would search for imports that the bundle lacks. */
export function ancestorNodeModules(dir: string): string | null {
  for (let current = dirname(dir); ; current = dirname(current)) {
    const candidate = join(current, 'node_modules');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return null;
  }
}

/**
 * Copies a folder bundle to a temp dir when a `node_modules` above it could satisfy
 * imports that Lambda (which only has the bundle in /var/task) could not.
 */
export async function isolate(root: string): Promise<{ runRoot: string; isolation: InitMeasurement['isolation'] }> {
  const leak = ancestorNodeModules(root);
  if (!leak) return { runRoot: root, isolation: null };
  const copy = await mkdtemp(join(tmpdir(), 'fitcheck-run-'));
  await cp(root, copy, { recursive: true, dereference: true });
  return { runRoot: copy, isolation: { copiedTo: copy, reason: `${leak} would resolve imports the bundle does not contain` } };
}

/** The environment Lambda gives a Node.js function, minus credentials; inherited variables stay out on purpose. */
function lambdaEnvironment(runRoot: string, options: MeasureOptions): NodeJS.ProcessEnv {
  const major = process.versions.node.split('.')[0];
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: runRoot,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${major}.x`,
    AWS_LAMBDA_FUNCTION_NAME: 'fitcheck',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMB),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    ...options.env,
  };
}

interface RunOutcome {
  initMs: number | null;
  firstResponseMs: number | null;
  result: ProbeResult | null;
  failure: InitMeasurement['error'];
}

/** One fresh process: spawn, wait for its messages, time them, make sure it is gone. */
function runOnce(runRoot: string, handler: HandlerRef, options: MeasureOptions): Promise<RunOutcome> {
  const config: ProbeConfig = { handlerFile: join(runRoot, ...handler.file.split('/')), exportName: handler.exportName, eventFile: options.eventFile };
  return new Promise((resolvePromise) => {
    const outcome: RunOutcome = { initMs: null, firstResponseMs: null, result: null, failure: null };
    let output = '';
    const keepTail = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };

    const startedAt = performance.now();
    const child = spawn(process.execPath, [probePath(), JSON.stringify(config)], {
      cwd: runRoot,
      env: lambdaEnvironment(runRoot, options),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.on('data', keepTail);
    child.stderr?.on('data', keepTail);

    let timer = setTimeout(() => fail('timeout', `init did not finish within ${options.initTimeoutMs} ms`), options.initTimeoutMs);
    function fail(phase: 'timeout' | 'crash', message: string): void {
      if (outcome.failure) return;
      outcome.failure = { phase, name: phase === 'timeout' ? 'Timeout' : 'Crash', message, output: '' };
      child.kill('SIGKILL');
    }

    child.on('message', (message: ProbeMessage) => {
      const elapsed = performance.now() - startedAt;
      if (message.type === 'imported') {
        outcome.initMs = elapsed;
        clearTimeout(timer);
        const invokeTimeout = options.invokeTimeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
        timer = setTimeout(() => fail('timeout', `the first invocation did not finish within ${invokeTimeout} ms`), invokeTimeout);
      } else if (message.type === 'answered') {
        outcome.firstResponseMs = elapsed;
      } else {
        outcome.result = message;
        if (message.error) outcome.failure = { ...message.error, output: '' };
      }
    });
    child.on('error', (err) => fail('crash', err.message));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!outcome.result && !outcome.failure) {
        outcome.failure = { phase: 'crash', name: 'Crash', message: `the process exited (${signal ?? `code ${code}`}) before reporting`, output: '' };
      }
      if (outcome.failure) outcome.failure.output = output.trim();
      resolvePromise(outcome);
    });
  });
}

/** Splits raw read records of one phase into bundle data, bundle code and outside reads. */
function summariseReads(result: ProbeResult, phase: 'init' | 'invoke', runRoot: string): PhaseReads {
  const summary: PhaseReads = { data: [], dataBytes: 0, codeFiles: 0, codeBytes: 0, outside: [] };
  for (const record of result.reads.filter((r) => r.phase === phase)) {
    const inside = relative(runRoot, record.path);
    const isInside = inside !== '' && !inside.startsWith('..') && !inside.startsWith(sep);
    if (!isInside) {
      summary.outside.push({ path: record.path, bytes: record.bytes, via: record.via });
    } else if (isCodePath(inside)) {
      summary.codeFiles++;
      summary.codeBytes += record.bytes;
    } else {
      summary.data.push({ path: inside.split(sep).join('/'), bytes: record.bytes, via: record.via });
      summary.dataBytes += record.bytes;
    }
  }
  summary.data.sort((a, b) => b.bytes - a.bytes);
  summary.outside.sort((a, b) => b.bytes - a.bytes);
  return summary;
}

/**
 * Runs the handler's init `options.runs` times in fresh processes and aggregates.
 * Stops at the first failed run: a handler that cannot initialise has no cold-start time.
 */
export async function measureInit(runRoot: string, handler: HandlerRef, options: MeasureOptions): Promise<InitMeasurement> {
  const outcomes: RunOutcome[] = [];
  let failure: InitMeasurement['error'] = null;
  for (let i = 0; i < options.runs; i++) {
    const outcome = await runOnce(runRoot, handler, options);
    if (outcome.failure) {
      failure = outcome.failure;
      break;
    }
    outcomes.push(outcome);
  }

  const first = outcomes[0]?.result ?? null;
  const toRelative = (path: string): string => relative(runRoot, path).split(sep).join('/');
  return {
    handler,
    runsRequested: options.runs,
    runsCompleted: outcomes.length,
    initMs: stats(outcomes.map((o) => o.initMs).filter((v): v is number => v !== null)),
    firstResponseMs: stats(outcomes.map((o) => o.firstResponseMs).filter((v): v is number => v !== null)),
    importMs: stats(outcomes.flatMap((o) => (o.result ? [o.result.importMs] : []))),
    peakRssMB: stats(outcomes.flatMap((o) => (o.result ? [o.result.maxRssKb / KB] : []))),
    init: first ? summariseReads(first, 'init', runRoot) : null,
    invoke: first && options.eventFile ? summariseReads(first, 'invoke', runRoot) : null,
    initProcessReadBytes: first?.initProcessReadBytes ?? null,
    addonsLoaded: first ? first.addons.filter((a) => a.phase === 'init').map((a) => toRelative(a.path)) : [],
    response: first?.response ?? null,
    isolation: null,
    error: failure,
  };
}
