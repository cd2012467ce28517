/**
 * Replicas sharing one catalog through a Redis stream (issue 9), with real processes: the
 * built service (`node dist/index.js`) and a real `redis-server` (appendonly, appendfsync
 * always) on a free loopback port, stopped, killed or paused by PID.
 *
 * - three replicas and 1,000 concurrent writes converge on one catalog in one order;
 * - `kill -9` of a replica, or of redis-server, during acknowledged writes loses none;
 * - a paused Redis (SIGSTOP) turns writes into 503s within a bound while reads answer, and
 *   everything resumes after SIGCONT with no gap;
 * - a restart from a snapshot replays exactly what came after it; after a trim, a task with
 *   the current snapshot starts, one without refuses to.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_DIGEST } from '../src/state/live-catalog.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import { eventually, startServerProcess, writeTestArtifacts, type ServerProcess } from './support/server-process.js';

const TOKEN = 'stream-token-12345678';
let root: string;
let artifactsDir: string;
const running: ServerProcess[] = [];
const redisServers: RedisServer[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'recommender-stream-'));
  artifactsDir = join(root, 'artifacts');
  writeTestArtifacts(artifactsDir);
});
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop('SIGKILL');
  for (const redis of redisServers.splice(0)) await redis.dispose();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function redis(options: { cluster?: boolean } = {}): Promise<RedisServer> {
  const server = await startRedisServer(options);
  redisServers.push(server);
  return server;
}

let replicaCount = 0;
/** Starts a replica on the stream; each gets its own data directory unless one is given. */
async function replica(stream: RedisServer, options: { dataDir?: string; env?: Record<string, string>; waitReady?: boolean } = {}): Promise<ServerProcess> {
  const id = `replica-${++replicaCount}`;
  const server = await startServerProcess({
    dataDir: options.dataDir ?? join(root, id),
    artifactsDir,
    adminToken: TOKEN,
    replicaId: id,
    env: { CATALOG_STREAM_URL: stream.url, CATALOG_WRITE_TIMEOUT_MS: '1000', SNAPSHOT_EVERY_UPDATES: '100000', ...options.env },
  });
  running.push(server);
  if (options.waitReady !== false) await server.waitReady();
  return server;
}

const request = (server: ServerProcess, method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
const addMovie = (server: ServerProcess, movieId: number) => request(server, 'POST', '/movies', { movieId, title: `Stream ${movieId}`, year: 2001, genres: ['Drama'] });

interface CatalogState {
  status: string;
  catalog: { position?: string; applied: number; digest: string; connected: boolean };
}
/** The chained digest of every entry of the (only) catalog stream in `stream`, as replicas compute it. */
async function digestOfStream(stream: RedisServer): Promise<{ digest: string; entries: number }> {
  const client = createClient({ url: stream.url });
  await client.connect();
  try {
    const [key] = await client.keys('recommender:{catalog-*}');
    const entries = (await client.xRange(key!, '-', '+')) ?? [];
    let digest = EMPTY_DIGEST;
    for (const { id, message } of entries) {
      digest = createHash('sha256').update(`${digest}\n${id}\n${JSON.stringify(JSON.parse(message.r!))}`).digest('hex');
    }
    return { digest, entries: entries.length };
  } finally {
    client.destroy();
  }
}

const readyz = async (server: ServerProcess): Promise<CatalogState> => (await (await fetch(`${server.url}/readyz`)).json()) as CatalogState;
const hasMovie = async (server: ServerProcess, movieId: number) => (await fetch(`${server.url}/movies/${movieId}`)).status === 200;

/** Waits until every replica has applied the same number of records, then returns their states. */
async function converged(servers: ServerProcess[], timeoutMs = 15_000): Promise<CatalogState[]> {
  let states: CatalogState[] = [];
  await eventually(async () => {
    states = await Promise.all(servers.map(readyz));
    return states.every((s) => s.catalog.position !== undefined && s.catalog.position === states[0]!.catalog.position);
  }, timeoutMs, 50);
  return states;
}

/**
 * Sends `writes` adds from `workers` concurrent clients, round-robin over `servers`; returns the acknowledged ids.
 * `progress.acknowledged` counts acknowledgements as the clients receive them, so a test can act after N of them.
 */
async function writeConcurrently(
  servers: ServerProcess[],
  firstId: number,
  writes: number,
  workers: number,
  stopWhen?: () => boolean,
  progress: { acknowledged: number } = { acknowledged: 0 },
): Promise<{ acknowledged: number[]; failed: number[] }> {
  const acknowledged: number[] = [];
  const failed: number[] = [];
  let next = 0;
  const worker = async (w: number) => {
    while (next < writes && !stopWhen?.()) {
      const i = next++;
      const movieId = firstId + i;
      try {
        const res = await addMovie(servers[(i + w) % servers.length]!, movieId);
        if (res.status === 201) {
          acknowledged.push(movieId);
          progress.acknowledged++;
        } else failed.push(movieId);
      } catch {
        failed.push(movieId); // the connection died with a killed process: not acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return { acknowledged, failed };
}

describe('replicas sharing a Redis stream', () => {
  it('converge on the identical catalog, in the identical order, after 1,000 concurrent writes spread over three replicas', { timeout: 90_000 }, async () => {
    // Arrange
    const stream = await redis();
    const replicas = await Promise.all([replica(stream), replica(stream), replica(stream)]);
    // Act: 900 adds spread over the replicas, with 100 more racing them: 50 new ids, each
    // added at the same moment on two different replicas (both pass their local check).
    const racingIds = Array.from({ length: 50 }, (_, i) => 1_190_000 + i);
    const [adds, racing] = await Promise.all([
      writeConcurrently(replicas, 1_100_000, 900, 24),
      Promise.all(racingIds.map((movieId, i) => Promise.all([addMovie(replicas[i % 3]!, movieId), addMovie(replicas[(i + 1) % 3]!, movieId)]))),
    ]);
    // Assert: the stream decides each race the same way for everyone: exactly one 201 and one 409.
    expect(adds.acknowledged).toHaveLength(900);
    expect(racing.map((pair) => pair.map((r) => r.status).sort())).toEqual(racingIds.map(() => [201, 409]));
    const states = await converged(replicas);
    expect(new Set(states.map((s) => s.catalog.digest)).size).toBe(1);
    for (const server of replicas) {
      for (const movieId of [...adds.acknowledged.filter((_, i) => i % 37 === 0), ...racingIds]) expect(await hasMovie(server, movieId)).toBe(true);
    }
    // Caught up, and the metrics say so once the next lag probe (every second) has run.
    const metrics = () => fetch(`${replicas[0].url}/metrics`).then((res) => res.text());
    expect(await metrics()).toMatch(/^recommender_catalog_log_connected 1$/m);
    await eventually(async () => /^recommender_catalog_lag_records 0$/m.test(await metrics()) && /^recommender_catalog_lag_seconds 0$/m.test(await metrics()), 5000, 100);
    // The digest is the hash of the applied sequence: recomputed from the stream itself, it matches.
    expect(await digestOfStream(stream)).toEqual({ digest: states[0]!.catalog.digest, entries: states[0]!.catalog.applied });
    console.log(`convergence: ${states[0]!.catalog.applied} records applied identically on 3 replicas`);
  });

  it('loses no acknowledged write when a replica is killed with SIGKILL during 300+ of them', { timeout: 90_000 }, async () => {
    // Arrange
    const stream = await redis();
    const [a, b] = await Promise.all([replica(stream), replica(stream)]);
    const aDataDir = join(root, `replica-${replicaCount - 1}`);
    let killed = false;
    // Act: kill -9 A once 300 writes are acknowledged, with writes still in flight on both.
    const progress = { acknowledged: 0 };
    const writing = writeConcurrently([a, b], 1_200_000, 2000, 8, () => killed, progress);
    await eventually(() => Promise.resolve(progress.acknowledged >= 300), 30_000, 5);
    a.child.kill('SIGKILL');
    killed = true;
    const { acknowledged } = await writing;
    expect((await a.exited).signal).toBe('SIGKILL');
    const aAgain = await replica(stream, { dataDir: aDataDir });
    // Assert
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    console.log(`kill -9 replica: ${acknowledged.length} acknowledged writes, checked on both replicas`);
    const states = await converged([aAgain, b]);
    expect(states[0]!.catalog.digest).toBe(states[1]!.catalog.digest);
    for (const server of [aAgain, b]) {
      const missing: number[] = [];
      for (const movieId of acknowledged) if (!(await hasMovie(server, movieId))) missing.push(movieId);
      expect(missing).toEqual([]);
    }
  });

  it('loses no acknowledged write when redis-server is killed with SIGKILL during 300+ of them, and the replicas reconnect and converge', { timeout: 90_000 }, async () => {
    // Arrange
    const stream = await redis();
    const replicas = await Promise.all([replica(stream), replica(stream)]);
    let stop = false;
    // Act: kill -9 Redis after 300 acknowledged writes, restart it from its AOF, keep writing a little.
    const progress = { acknowledged: 0 };
    const writing = writeConcurrently(replicas, 1_300_000, 5000, 8, () => stop, progress);
    await eventually(() => Promise.resolve(progress.acknowledged >= 300), 30_000, 5);
    await stream.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whileDown = await addMovie(replicas[0], 1_399_999);
    const readinessWhileDown = await fetch(`${replicas[0].url}/readyz`);
    const readWhileDown = await fetch(`${replicas[1].url}/movies/1300000`);
    await stream.restart();
    await eventually(async () => (await addMovie(replicas[1], 1_399_998)).status === 201, 15_000, 100);
    stop = true;
    const { acknowledged } = await writing;
    // Assert: a write while Redis is down is a 503 in the shared shape, with Retry-After.
    expect(whileDown.status).toBe(503);
    expect(whileDown.headers.get('retry-after')).toBe('1');
    expect(((await whileDown.json()) as { error: { code: string } }).error.code).toBe('CATALOG_UNAVAILABLE');
    // …while reads keep serving and /readyz stays routable but says degraded.
    expect(readWhileDown.status).toBe(200);
    expect(readinessWhileDown.status).toBe(200);
    expect(((await readinessWhileDown.json()) as CatalogState).status).toBe('degraded');
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    console.log(`kill -9 redis-server: ${acknowledged.length} acknowledged writes, checked on both replicas`);
    const states = await converged(replicas);
    expect(states[0]!.catalog.digest).toBe(states[1]!.catalog.digest);
    for (const server of replicas) {
      const missing: number[] = [];
      for (const movieId of acknowledged) if (!(await hasMovie(server, movieId))) missing.push(movieId);
      expect(missing).toEqual([]);
    }
  });

  it('answers writes with 503 within a bound while Redis is paused (SIGSTOP), keeps serving reads, and resumes with no gap after SIGCONT', { timeout: 60_000 }, async () => {
    // Arrange
    const stream = await redis();
    const [a, b] = await Promise.all([replica(stream), replica(stream)]);
    expect((await addMovie(a, 1_400_000)).status).toBe(201);
    // Act: pause Redis.
    stream.pause();
    const started = performance.now();
    const paused = await addMovie(a, 1_400_001);
    const answeredInMs = performance.now() - started;
    const read = await fetch(`${b.url}/movies/1400000`);
    const recommendations = await fetch(`${b.url}/recommendations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ recentActivity: [{ movieId: 1_400_000, rating: 5 }], k: 3 }),
    });
    const readiness = await fetch(`${a.url}/readyz`);
    const readinessBody = (await readiness.json()) as { status: string };
    stream.resume();
    // Assert: bounded 503, reads served, routable but degraded.
    expect(paused.status).toBe(503);
    expect(paused.headers.get('retry-after')).toBe('1');
    expect(answeredInMs).toBeLessThan(3000); // CATALOG_WRITE_TIMEOUT_MS is 1000 here
    console.log(`SIGSTOP: write answered 503 in ${Math.round(answeredInMs)} ms`);
    expect(read.status).toBe(200);
    expect(recommendations.status).toBe(200);
    expect(readiness.status).toBe(200);
    expect(readinessBody.status).toBe('degraded');
    // After SIGCONT: writes work again, on both replicas, and both applied one sequence.
    await eventually(async () => (await addMovie(b, 1_400_002)).status === 201, 10_000, 100);
    expect((await addMovie(a, 1_400_003)).status).toBe(201);
    const states = await converged([a, b]);
    expect(states[0]!.catalog.digest).toBe(states[1]!.catalog.digest);
    for (const movieId of [1_400_000, 1_400_002, 1_400_003]) for (const server of [a, b]) expect(await hasMovie(server, movieId)).toBe(true);
    await eventually(async () => (await readyz(a)).status === 'ready', 5000, 100);
  });
});

describe('a cluster-mode server (as MemoryDB always is)', () => {
  it('shares writes between two replicas connected with the cluster client', { timeout: 60_000 }, async () => {
    // Arrange: a one-node cluster owning every slot; CATALOG_STREAM_CLUSTER=true as the stack sets it.
    const stream = await redis({ cluster: true });
    const env = { CATALOG_STREAM_CLUSTER: 'true' };
    const [a, b] = await Promise.all([replica(stream, { env }), replica(stream, { env })]);
    // Act
    const added = await addMovie(a, 1_700_000);
    // Assert
    expect(added.status).toBe(201);
    await eventually(() => hasMovie(b, 1_700_000), 5000, 20);
    const [onA, onB] = await converged([a, b]);
    expect(onA!.catalog.digest).toBe(onB!.catalog.digest);
    expect(onB!.status).toBe('ready');
  });
});

describe('snapshots and trimming with a Redis stream', () => {
  it('restarts from a snapshot taken at stream ID X and replays exactly the writes after X', { timeout: 60_000 }, async () => {
    // Arrange: A takes 40 writes and snapshots at shutdown (stream ID X); B takes 30 more after X.
    const stream = await redis();
    const aDir = join(root, 'snapshot-a');
    const a = await replica(stream, { dataDir: aDir });
    const b = await replica(stream);
    for (let i = 0; i < 40; i++) expect((await addMovie(a, 1_500_000 + i)).status).toBe(201);
    expect((await request(a, 'DELETE', '/movies/1500000')).status).toBe(200);
    const x = (await readyz(a)).catalog.position;
    expect(await a.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    for (let i = 40; i < 70; i++) expect((await addMovie(b, 1_500_000 + i)).status).toBe(201);
    // Act
    const aAgain = await replica(stream, { dataDir: aDir });
    // Assert: loaded the snapshot at X, replayed the 30 after it, and holds the full catalog.
    const loaded = await aAgain.waitForLog((l) => l.phase === 'load-index');
    expect(loaded.msg).toBe('loaded snapshot');
    expect(loaded.position).toBe(x);
    expect((await aAgain.waitForLog((l) => l.msg === 'replayed update logs')).replayed).toBe(30);
    const [onA, onB] = await converged([aAgain, b]);
    expect(onA!.catalog.digest).toBe(onB!.catalog.digest);
    expect(await hasMovie(aAgain, 1_500_000)).toBe(false);
    for (let i = 1; i < 70; i++) expect(await hasMovie(aAgain, 1_500_000 + i)).toBe(true);
  });

  it('trims the stream only below the snapshot a new one replaces: a task with the current snapshot starts, one without refuses', { timeout: 60_000 }, async () => {
    // Arrange: two snapshots in one data directory (as on EFS), with writes before each.
    const stream = await redis();
    const dataDir = join(root, 'trim');
    let a = await replica(stream, { dataDir });
    for (let i = 0; i < 20; i++) expect((await addMovie(a, 1_600_000 + i)).status).toBe(201);
    const first = (await readyz(a)).catalog.position!;
    await a.stop('SIGTERM');
    a = await replica(stream, { dataDir });
    for (let i = 20; i < 40; i++) expect((await addMovie(a, 1_600_000 + i)).status).toBe(201);
    // Act: the second snapshot replaces the first, so the stream is trimmed below the first.
    await a.stop('SIGTERM');
    expect(a.logs.some((l) => l.msg === 'trimmed the catalog stream below the previous snapshot' && l.below === first)).toBe(true);
    // Assert: a task with the shared snapshot starts and has everything…
    const withSnapshot = await replica(stream, { dataDir });
    for (const i of [0, 19, 39]) expect(await hasMovie(withSnapshot, 1_600_000 + i)).toBe(true);
    // …and a task with no snapshot refuses to start rather than serve a catalog with a gap.
    const withoutSnapshot = await replica(stream, { waitReady: false });
    const failure = await withoutSnapshot.waitForLog((l) => l.msg === 'start-up failed');
    expect(JSON.stringify(failure)).toMatch(/trimmed below/);
    expect((await withoutSnapshot.exited).code).toBe(1);
  });
});
