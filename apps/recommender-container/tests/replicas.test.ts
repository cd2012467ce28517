/**
 * Restarts of one replica on the embedded log: from the snapshot written at shutdown (no
 * rebuild, nothing to replay), and after the catalog changes (snapshot refused, rebuilt,
 * logged movies re-derived). Several replicas share a catalog through Redis instead
 * (tests/catalog-stream.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, writeTestArtifacts, type ServerProcess } from './support/server-process.js';

const TOKEN = 'replica-token-12345678';
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
  const server = await startServerProcess({ dataDir, artifactsDir: options.artifacts ?? artifactsDir, adminToken: TOKEN, replicaId: options.replicaId });
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
