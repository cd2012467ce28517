/**
 * Past one machine, locally: two server processes share one data directory (as EFS tasks
 * do), each appending only to its own log and tailing the other's. Plus restarts: from a
 * snapshot (no rebuild), and after the catalog changes (snapshot refused, rebuilt).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startServerProcess, writeTestArtifacts, type ServerProcess } from './support/server-process.js';

const TOKEN = 'replica-token-12345678';
/** The replication bound the README promises (TAIL_INTERVAL_MS 500 ms by default, ≤ 2 s). */
const REPLICATION_BOUND_MS = 2000;
let root: string;
let artifactsDir: string;
const running: ServerProcess[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'recommender-replicas-'));
  artifactsDir = join(root, 'artifacts');
  writeTestArtifacts(artifactsDir);
});
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

async function start(dataDir: string, options: { replicaId?: string; artifacts?: string } = {}): Promise<ServerProcess> {
  // WATCH_UPDATES=false: replicas learn of each other by polling alone, as they must on EFS (no inotify over NFS).
  const server = await startServerProcess({ dataDir, artifactsDir: options.artifacts ?? artifactsDir, adminToken: TOKEN, replicaId: options.replicaId, env: { WATCH_UPDATES: 'false' } });
  running.push(server);
  await server.waitReady();
  return server;
}

const write = (server: ServerProcess, method: 'POST' | 'DELETE', path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const getMovie = async (server: ServerProcess, id: number) => {
  const res = await fetch(`${server.url}/movies/${id}`);
  return res.status === 200 ? ((await res.json()) as { title: string }) : undefined;
};

describe('two replicas on one data directory', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    const dataDir = join(root, 'shared');
    [a, b] = await Promise.all([start(dataDir), start(dataDir)]);
  });

  it('shows a movie added on A on B within the replication bound', async () => {
    // Arrange
    const movie = { movieId: 700_001, title: 'Added On A', year: 2020, genres: ['Comedy'] };
    // Act
    expect((await write(a, 'POST', '/movies', movie)).status).toBe(201);
    // Assert
    await eventually(async () => (await getMovie(b, movie.movieId))?.title === movie.title, REPLICATION_BOUND_MS);
    const recs = await fetch(`${b.url}/recommendations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ recentActivity: [{ movieId: movie.movieId, rating: 5 }], k: 3 }),
    });
    expect(recs.status).toBe(200);
  });

  it('shows a removal on B on A within the bound', async () => {
    const movie = { movieId: 700_002, title: 'Short Lived', year: 2021, genres: ['Drama'] };
    expect((await write(a, 'POST', '/movies', movie)).status).toBe(201);
    await eventually(async () => (await getMovie(b, movie.movieId)) !== undefined, REPLICATION_BOUND_MS);
    expect((await write(b, 'DELETE', `/movies/${movie.movieId}`)).status).toBe(200);
    await eventually(async () => (await getMovie(a, movie.movieId)) === undefined, REPLICATION_BOUND_MS);
  });

  it('converges on one winner when both add the same new id at once (last writer wins)', async () => {
    // Act: both accept their own write before seeing the other's.
    const [fromA, fromB] = await Promise.all([
      write(a, 'POST', '/movies', { movieId: 700_003, title: 'Version A', genres: ['Drama'] }),
      write(b, 'POST', '/movies', { movieId: 700_003, title: 'Version B', genres: ['Drama'] }),
    ]);
    expect([fromA.status, fromB.status]).toContain(201);
    // Assert: after replication both replicas show the same title.
    await eventually(async () => {
      const [onA, onB] = await Promise.all([getMovie(a, 700_003), getMovie(b, 700_003)]);
      return onA !== undefined && onA.title === onB?.title;
    }, REPLICATION_BOUND_MS * 2);
  });

  it('keeps each replica writing only to its own log file', async () => {
    const { readdirSync } = await import('node:fs');
    const logs = readdirSync(join(root, 'shared', 'updates')).filter((f) => f.endsWith('.log'));
    const ids = await Promise.all([a, b].map((s) => s.waitForLog((l) => l.msg === 'listening').then((l) => l.replicaId as string)));
    expect(logs.sort()).toEqual(ids.map((id) => `${id}.log`).sort());
  });
});

describe('restarts', () => {
  it('starts from the snapshot written at shutdown, without rebuilding', async () => {
    // Arrange: first start rebuilds, takes writes, and snapshots on SIGTERM.
    const dataDir = join(root, 'restart');
    const first = await start(dataDir, { replicaId: 'restart-me' });
    expect((await first.waitForLog((l) => l.phase === 'load-index')).msg).toBe('rebuilt index');
    for (let i = 0; i < 20; i++) expect((await write(first, 'POST', '/movies', { movieId: 800_000 + i, title: `Snapshot ${i}`, genres: ['Action'] })).status).toBe(201);
    expect((await write(first, 'DELETE', '/movies/800000')).status).toBe(200);
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.logs.some((l) => l.msg === 'snapshot written' && l.reason === 'shutdown')).toBe(true);

    // Act
    const second = await start(dataDir, { replicaId: 'restart-me' });

    // Assert
    const indexPhase = await second.waitForLog((l) => l.phase === 'load-index');
    expect(indexPhase.msg).toBe('loaded snapshot');
    expect(second.logs.some((l) => l.msg === 'rebuilt index')).toBe(false);
    expect((await second.waitForLog((l) => l.msg === 'replayed update logs')).replayed).toBe(0);
    expect(await getMovie(second, 800_019)).toMatchObject({ title: 'Snapshot 19' });
    expect(await getMovie(second, 800_000)).toBeUndefined();
    await second.stop();
  });

  it('rebuilds when the snapshot was made from another catalog, and re-derives logged movies', async () => {
    // Arrange: a data directory whose snapshot and log come from catalog #1.
    const dataDir = join(root, 'new-catalog');
    const first = await start(dataDir);
    expect((await write(first, 'POST', '/movies', { movieId: 810_000, title: 'Survives Retraining', year: 1999, genres: ['Drama'] })).status).toBe(201);
    await first.stop();
    const retrained = join(root, 'artifacts-retrained');
    writeTestArtifacts(retrained, 99);

    // Act: start on retrained artifacts (a new catalog version).
    const second = await start(dataDir, { artifacts: retrained });

    // Assert
    const indexPhase = await second.waitForLog((l) => l.phase === 'load-index');
    expect(indexPhase.msg).toBe('rebuilt index');
    expect(String(indexPhase.reason)).toMatch(/catalog/);
    expect(await getMovie(second, 810_000)).toMatchObject({ title: 'Survives Retraining' });
    await second.stop();
  });
});
