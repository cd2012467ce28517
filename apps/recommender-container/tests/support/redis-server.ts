/**
 * A real `redis-server` for tests: started on a free loopback port with its own temporary
 * folder, durable as the service requires (`appendonly yes`, `appendfsync always`), and
 * stopped, killed, paused or resumed by its PID. No mocks: Debian's redis-server package
 * (`apt-get install redis-server`; `.ci/run` installs it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';

/** The server binary. */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** A running (or stopped, restartable) redis-server. */
export interface RedisServer {
  port: number;
  url: string;
  /** Its data folder (AOF). */
  dir: string;
  readonly pid: number;
  /** Sends `signal` to the PID and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP: the process stays, connections stay open, nothing is answered. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Starts it again on the same port and folder (it reloads its AOF). */
  restart(): Promise<void>;
  /** Stops it and deletes its folder. */
  dispose(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Options of `startRedisServer`. */
export interface RedisServerOptions {
  /** Run as a one-node cluster owning every slot, as MemoryDB always is (cluster mode). @default false */
  cluster?: boolean;
}

/** Starts a durable redis-server on a free loopback port in a fresh temporary folder. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER_BIN)) {
    throw new Error(`${REDIS_SERVER_BIN} is missing. Install Debian's redis-server (sudo apt-get install redis-server), or set REDIS_SERVER_BIN.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  const port = await freePort();
  let child = await launch(port, dir, options.cluster ?? false);
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    get pid() {
      return child.pid!;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid!, 'SIGCONT'); // a paused server cannot act on SIGTERM
      process.kill(child.pid!, signal);
      await exited;
    },
    pause() {
      process.kill(child.pid!, 'SIGSTOP');
    },
    resume() {
      process.kill(child.pid!, 'SIGCONT');
    },
    async restart() {
      await server.stop();
      child = await launch(port, dir, options.cluster ?? false);
    },
    async dispose() {
      await server.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

async function launch(port: number, dir: string, cluster: boolean): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'no', '--daemonize', 'no', '--loglevel', 'notice'];
  if (cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'));
  const child = spawn(REDIS_SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not become ready within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  if (cluster) await claimAllSlots(port);
  return child;
}

/** Makes a fresh one-node cluster own all 16384 slots (a restarted one keeps them in nodes.conf). */
async function claimAllSlots(port: number): Promise<void> {
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  await client.connect();
  try {
    const info = async () => await client.sendCommand<string>(['CLUSTER', 'INFO']);
    if (!(await info()).includes('cluster_slots_assigned:16384')) await client.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    for (let i = 0; i < 100 && !(await info()).includes('cluster_state:ok'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    client.destroy();
  }
}
