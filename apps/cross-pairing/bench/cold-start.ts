/**
 * One cold start, measured: spawn a fresh `node` running @serverless-ai/lambda-kit's
 * invoke-bundle harness on a Lambda package and one event, and time spawn → first response line.
 *
 * This is apps/footfall-lambda's method (its bench/run.ts): the real Lambda runtime
 * cannot run here, and a process that imports the bundle (its init phase) and answers
 * one real-shaped event is the proxy. The child also reports its peak memory and the
 * handler's `initReport` (where the recommender's init time went).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HANDLER_FILE, INVOKE_BUNDLE_SCRIPT } from '@serverless-ai/lambda-kit/bundle';
import { parseInvokeResults, type InvokeResult } from '@serverless-ai/lambda-kit/testing';
import type { InitReport } from '../src/recommender-lambda/handler.js';

/** What one fresh process measured. */
export interface ColdStartSample {
  /** Spawn → first response line, seen by the parent: the cold-start proxy. */
  spawnToResponseMs: number;
  /** The `import()` of the bundle inside the child: the init phase without process start. */
  importMs: number;
  /** Time the handler took to answer the event. */
  invokeMs: number;
  /** Peak resident set size of the child's own image (VmHWM; see packages/lambda-kit/invoke-bundle.mjs). */
  peakRssBytes: number;
  statusCode: number;
  /** The recommender's own breakdown of its init phase; null for the footfall package. */
  initReport: InitReport | null;
}

/** Options of one run. */
export interface ColdStartOptions {
  /** A Lambda package folder holding index.mjs. */
  packageDir: string;
  /** A JSON file holding an array with one event. */
  eventsFile: string;
  /** Extra environment for the handler (e.g. `INDEX_MODE`). */
  env?: Record<string, string>;
  /** Kill the child after this long. @default 900000 (Lambda's 15-minute maximum) */
  timeoutMs?: number;
}

/**
 * Runs one cold start.
 * @throws Error when the child fails, times out, or answers anything but 200: a failed
 *   start is never recorded as a measurement.
 */
export function coldStart(options: ColdStartOptions): Promise<ColdStartSample> {
  const bundle = join(options.packageDir, HANDLER_FILE);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // As on Lambda: the package folder is the working directory, and nothing from this
    // shell leaks in except PATH (and the log level both packages share).
    const child = spawn(process.execPath, [INVOKE_BUNDLE_SCRIPT, bundle, options.eventsFile], {
      cwd: options.packageDir,
      env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let stderr = '';
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`${bundle} did not answer within ${options.timeoutMs ?? 900_000} ms`));
    }, options.timeoutMs ?? 900_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    child.stdout.on('data', (chunk: string) => {
      const arrived = performance.now();
      buffered += chunk;
      if (settled) return;
      const newline = buffered.indexOf('\n', buffered.indexOf('{"invokeResult"'));
      if (buffered.indexOf('{"invokeResult"') < 0 || newline < 0) return;
      settled = true;
      clearTimeout(timer);
      const line = buffered.slice(buffered.indexOf('{"invokeResult"'), newline);
      const [r] = parseInvokeResults<InitReport>(line) as [InvokeResult<InitReport>];
      if (r.response.statusCode !== 200) {
        reject(new Error(`${bundle} answered ${r.response.statusCode}: ${r.response.body.slice(0, 300)}`));
        return;
      }
      resolve({
        spawnToResponseMs: arrived - started,
        importMs: r.initMs,
        invokeMs: r.invokeMs,
        peakRssBytes: r.peakRssBytes,
        statusCode: r.response.statusCode,
        initReport: r.initReport,
      });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(new Error(`${bundle} exited (${signal ?? code}) before answering: ${stderr.trim().slice(-1000)}`));
    });
  });
}
