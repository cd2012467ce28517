/**
 * Process helpers for running real services side by side: spawn, prefix output,
 * wait until ready, measure, stop. Used by `npm start` (start.ts) and by the
 * end-to-end test, so both start the services the same way.
 *
 * Edit this file to change how output is printed or how readiness is probed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, lstat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

/** How to start one service and how to tell it is ready. */
export interface ServiceSpec {
  /** Short name used as the output prefix, e.g. `footfall`. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  /** Added to the orchestrator's own environment. */
  env: Record<string, string>;
  /** Base URL the service answers on once ready. */
  url: string;
  /** URL polled with GET until it answers 2xx. */
  readyUrl: string;
  /**
   * Give up waiting for readiness after this long.
   * @default 60000
   */
  readyTimeoutMs?: number;
}

/** A started, ready service. */
export interface RunningService {
  readonly spec: ServiceSpec;
  readonly pid: number;
  /** Milliseconds from `spawn` to the first 2xx readiness answer. */
  readonly startupMs: number;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** True once the process has ended. */
  hasExited(): boolean;
  /** Sends SIGTERM, waits up to `graceMs` (default 10 s), then SIGKILL. Resolves when it has ended. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Where a service's output lines go. */
export type LineSink = (serviceName: string, line: string, stream: 'stdout' | 'stderr') => void;

/** Options for {@link startService}. */
export interface StartOptions {
  /** Defaults to {@link printPrefixed}. Tests pass a collector. */
  onLine?: LineSink;
  /** Readiness poll interval. @default 100 */
  pollMs?: number;
}

/** Raised when a service exits or times out before it is ready; carries its last output lines. */
export class ServiceStartError extends Error {
  constructor(
    message: string,
    readonly serviceName: string,
    readonly lastLines: string[],
  ) {
    super(`${message}\n${lastLines.map((l) => `  | ${l}`).join('\n')}`);
    this.name = 'ServiceStartError';
  }
}

/**
 * Spawns a service and resolves once its readiness URL answers 2xx. The child gets its
 * own process group (`detached`), so a Ctrl-C in the terminal reaches only the
 * orchestrator, which then stops the children in order instead of all at once.
 * @throws ServiceStartError if the process exits or is not ready in time (it is killed).
 */
export async function startService(spec: ServiceSpec, options: StartOptions = {}): Promise<RunningService> {
  const onLine = options.onLine ?? printPrefixed;
  const pollMs = options.pollMs ?? 100;
  const timeoutMs = spec.readyTimeoutMs ?? 60_000;
  const lastLines: string[] = [];

  const started = performance.now();
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  trackChild(child);

  let exitValue: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitValue = code ?? signal ?? 'unknown';
      resolve(exitValue);
    });
    child.once('error', (err) => {
      lastLines.push(err.message);
      exitValue = 'spawn-error';
      resolve(exitValue);
    });
  });
  for (const [stream, source] of [['stdout', child.stdout], ['stderr', child.stderr]] as const) {
    createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
      lastLines.push(line);
      if (lastLines.length > 20) lastLines.shift();
      onLine(spec.name, line, stream);
    });
  }

  const running: RunningService = {
    spec,
    pid: child.pid ?? -1,
    startupMs: 0,
    exited,
    hasExited: () => exitValue !== undefined,
    stop: (graceMs = 10_000) => stopChild(child, exited, () => exitValue !== undefined, graceMs),
  };

  const deadline = started + timeoutMs;
  for (;;) {
    if (exitValue !== undefined) {
      throw new ServiceStartError(`${spec.name} exited (${exitValue}) before it was ready.`, spec.name, lastLines);
    }
    if (await isReady(spec.readyUrl)) {
      return { ...running, startupMs: performance.now() - started };
    }
    if (performance.now() > deadline) {
      await running.stop(2_000);
      throw new ServiceStartError(`${spec.name} was not ready at ${spec.readyUrl} within ${timeoutMs} ms.`, spec.name, lastLines);
    }
    await Promise.race([sleep(pollMs), exited]);
  }
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | string>,
  hasExited: () => boolean,
  graceMs: number,
): Promise<number | string> {
  if (hasExited()) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!hasExited()) child.kill('SIGKILL');
  }, graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

// Every child still running, in start order: what stopAll stops, newest first.
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  child.once('error', () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last line of defence: if the orchestrator exits without stopping them, take the children with it.
    process.once('exit', () => {
      for (const c of liveChildren) c.kill('SIGKILL');
    });
  }
}

/**
 * Stops every child started by this module that is still running, newest first (the
 * demo page before the services it calls), each with SIGTERM and then SIGKILL after
 * `graceMs`. Also stops children still starting up, which callers hold no handle to.
 */
export async function stopAll(graceMs = 10_000): Promise<void> {
  for (const child of [...liveChildren].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------
// Output: one prefixed, readable line per log line.

const COLOURS: Record<string, string> = { footfall: '\x1b[36m', recommender: '\x1b[35m', demo: '\x1b[32m', start: '\x1b[33m' };
const useColour = process.stdout.isTTY === true && !process.env.NO_COLOR;
const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
// Fields every JSON logger repeats on each line: noise in a terminal.
const QUIET_FIELDS = new Set([
  ...['level', 'time', 'timestamp', 'msg', 'message', 'pid', 'hostname', 'name', 'v', 'service'],
  // Powertools' Lambda context: constant on the local server.
  ...['sampling_rate', 'xray_trace_id', 'cold_start', 'function_arn', 'function_memory_size', 'function_name', 'function_request_id'],
]);

/** Default {@link LineSink}: `[footfall]    <line>` on stdout, JSON log lines made compact. */
export function printPrefixed(serviceName: string, line: string): void {
  const label = `[${serviceName}]`.padEnd(14);
  const prefix = useColour ? `${COLOURS[serviceName] ?? ''}${label}\x1b[0m` : label;
  process.stdout.write(`${prefix}${formatLogLine(line)}\n`);
}

/**
 * Turns a JSON log line (pino or Powertools) into `level message key=value …`; other
 * lines pass through unchanged.
 */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const rawLevel = record.level;
  const level = typeof rawLevel === 'number' ? (PINO_LEVELS[rawLevel] ?? String(rawLevel)) : typeof rawLevel === 'string' ? rawLevel.toLowerCase() : 'info';
  const rawMessage = record.msg ?? record.message;
  const message = typeof rawMessage === 'string' ? rawMessage : '';
  const extras = Object.entries(record)
    .filter(([key, value]) => !QUIET_FIELDS.has(key) && value !== null && typeof value !== 'object')
    .slice(0, 6)
    .map(([key, value]) => `${key}=${String(value as string | number | boolean)}`);
  // pino puts errors under `err`, Powertools under `error`: their message is what a reader needs.
  const error = (record.err ?? record.error) as { name?: unknown; type?: unknown; message?: unknown } | undefined;
  if (error && typeof error === 'object' && typeof error.message === 'string') {
    const kind = typeof error.type === 'string' ? error.type : typeof error.name === 'string' ? error.name : 'Error';
    extras.push(`(${kind}: ${error.message})`);
  }
  return [level.padEnd(5), message, ...extras].join(' ').trimEnd();
}

// ---------------------------------------------------------------------------------------
// Measurements.

/** Resident set size of a process in bytes, from `/proc/<pid>/status` (VmRSS). Null where unavailable. */
export async function readRssBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Total apparent size in bytes of the files under `path` (symlinks counted, not followed). */
export async function directorySize(path: string): Promise<number> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    total += await directorySize(join(path, entry.name));
  }
  return total;
}

/** Asks the OS for a free loopback port. Another process could take it before we do: fine for tests and local runs. */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
