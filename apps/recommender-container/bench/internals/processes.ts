// Needed when a server the bench spawns fails to start, or you need its logs, readiness or memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { round } from './stats.js';

/** The app's folder (apps/recommender-container). */
export const APP_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The built service, as the container runs it. */
const ENTRY = join(APP_DIR, 'dist/index.js');
/** The service plus a hello-world route, run from source with tsx. */
const BENCH_SERVER = join(APP_DIR, 'bench/internals/bench-server.ts');
/** The admin token every spawned server accepts. */
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';

/** True when `npm run build` has produced the entry the start-up and catalog-log sections spawn. */
export const builtEntryExists = (): boolean => existsSync(ENTRY);

/** A server process the bench started, with its JSON log lines. */
export interface Server {
  child: ChildProcess;
  url: string;
  logs: Record<string, unknown>[];
  startedAt: number;
  listeningAt: number;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Spawns a server (`dist`: the built entry; `bench`: the bench server via tsx) and waits for it to listen. */
export async function spawnServer(kind: 'dist' | 'bench', env: Record<string, string>): Promise<Server> {
  const command = kind === 'dist' ? [ENTRY] : ['--import', 'tsx', BENCH_SERVER];
  const startedAt = performance.now();
  const child = spawn(process.execPath, command, {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', RECOMMENDER_PORT: '0', LOG_LEVEL: 'info', ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const listeners: (() => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return;
    }
    for (const listener of [...listeners]) listener();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const waitForLog = (msg: string, timeoutMs = 300_000) =>
    new Promise<Record<string, unknown>>((done, fail) => {
      const check = () => {
        const line = logs.find((l) => l.msg === msg);
        if (!line) return false;
        listeners.splice(listeners.indexOf(check), 1);
        clearTimeout(timer);
        done(line);
        return true;
      };
      const timer = setTimeout(() => fail(new Error(`no "${msg}" log within ${timeoutMs} ms`)), timeoutMs);
      listeners.push(check);
      if (!check()) void exited.then(() => fail(new Error(`server exited before logging "${msg}"`)));
    });
  const listening = await waitForLog('listening', 30_000);
  const listeningAt = performance.now();
  return {
    child,
    url: `http://127.0.0.1:${listening.port as number}`,
    logs,
    startedAt,
    listeningAt,
    waitForLog,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Kills a server with SIGKILL (no shutdown snapshot) and waits for it to exit. */
export async function killHard(server: Server): Promise<void> {
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGKILL');
  await exited;
}

/** Polls /readyz every 10 ms; returns ms from spawn to the first 200. */
export async function waitReady(server: Server, timeoutMs = 300_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`the server exited with code ${server.child.exitCode} before it was ready`);
    const res = await fetch(`${server.url}/readyz`).catch(() => undefined);
    if (res?.status === 200) return performance.now() - server.startedAt;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error('server not ready in time');
}

/** The server's resident memory in MiB, from its own /metrics. */
export async function rssMiB(server: Server): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = /^process_resident_memory_bytes (\d+)/m.exec(text);
  return match ? round(Number(match[1]) / 2 ** 20, 1) : Number.NaN;
}

/** One start of the built service, as the start-up section records it. */
export interface StartRun {
  /** Spawn to the first 200 from /readyz, as a load balancer would see it. */
  readyMs: number;
  /** Spawn to the `listening` log line: Node.js start-up and module loading. */
  listeningMs: number;
  /** In-process durations of the start-up phases, from the service's own logs. */
  phasesMs: Record<string, number>;
  loadIndexMs: number;
  indexSource: string;
  rssMiB: number;
}

/** Starts the built service on `dataDir`, checks it loaded or rebuilt its index as `expected`, and times it. */
export async function startOnce(artifactsDir: string, dataDir: string, expected: 'loaded snapshot' | 'rebuilt index'): Promise<StartRun> {
  const server = await spawnServer('dist', { DATA_DIR: dataDir, ARTIFACTS_DIR: artifactsDir });
  try {
    const readyMs = await waitReady(server);
    const indexLine = server.logs.find((l) => l.phase === 'load-index');
    if (indexLine?.msg !== expected) throw new Error(`expected "${expected}", the server logged "${String(indexLine?.msg)}" (${String(indexLine?.reason)})`);
    const rss = await rssMiB(server);
    // The first start writes its snapshot right after ready; let it finish before stopping.
    if (expected === 'rebuilt index') await server.waitForLog('snapshot written');
    const phasesMs = Object.fromEntries(server.logs.filter((l) => typeof l.phase === 'string').map((l) => [l.phase as string, l.ms as number]));
    return {
      readyMs: round(readyMs, 1),
      listeningMs: round(server.listeningAt - server.startedAt, 1),
      phasesMs,
      loadIndexMs: indexLine.ms as number,
      indexSource: expected === 'loaded snapshot' ? 'snapshot' : 'rebuild',
      rssMiB: rss,
    };
  } finally {
    await server.stop();
  }
}
