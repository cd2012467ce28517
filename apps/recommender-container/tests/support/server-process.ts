/**
 * Runs the BUILT service (`node dist/index.js`) as a real child process, the way a
 * container runs it: port 0, a temp DATA_DIR, JSON logs on stdout. Tests use it to
 * `kill -9` the service, restart it, and run two replicas on one data directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { buildSmallArtifacts } from '@serverless-ai/movie-recommender';

/** The built entry point. `npm test` builds first (turbo: test depends on build). */
export const ENTRY = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** One pino line, parsed. */
export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A running service process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  logs: LogLine[];
  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves once /readyz answers 200. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Options of `startServerProcess`. */
export interface ServerProcessOptions {
  dataDir: string;
  artifactsDir: string;
  adminToken?: string;
  replicaId?: string;
  env?: Record<string, string>;
}

/** Writes small real artifacts (300 movies, d = 8) to `dir` for child processes to load. */
export function writeTestArtifacts(dir: string, seed = 11): void {
  buildSmallArtifacts({ movies: 300, dimensions: 8, seed }, dir);
}

/** Starts `node dist/index.js` and waits until it listens. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` in apps/recommender-container first.`);
  const child = spawn(process.execPath, [ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      RECOMMENDER_PORT: '0',
      DATA_DIR: options.dataDir,
      ARTIFACTS_DIR: options.artifactsDir,
      LOG_LEVEL: 'info',
      ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
      ...(options.replicaId ? { REPLICA_ID: options.replicaId } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { level: 'raw', msg: text };
    }
    logs.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.match(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No matching log line within ${timeoutMs} ms. stderr: ${stderr}\nlogs: ${logs.map((l) => l.msg).join(' | ')}`)), timeoutMs);
      waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`The server exited. stderr: ${stderr}\nlogs: ${logs.map((l) => JSON.stringify(l)).join('\n')}`));
      });
    });
  };

  const listening = await waitForLog((line) => line.msg === 'listening');
  const port = listening.port as number;
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    port,
    logs,
    waitForLog,
    async waitReady(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}: ${stderr}`);
        const res = await fetch(`${url}/readyz`).catch(() => undefined);
        if (res?.status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`Not ready within ${timeoutMs} ms`);
    },
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the elapsed ms or throws. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 10): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Condition not met within ${timeoutMs} ms`);
}
