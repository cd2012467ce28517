/**
 * Durability with a real process: `kill -9` the built server in the middle of a stream of
 * acknowledged adds, restart it on the same data directory, and find every acknowledged
 * movie, by id and by title search.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, writeTestArtifacts, type ServerProcess } from './support/server-process.js';

const TOKEN = 'durability-token-123456';
let root: string;
let artifactsDir: string;
const running: ServerProcess[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'recommender-durability-'));
  artifactsDir = join(root, 'artifacts');
  writeTestArtifacts(artifactsDir);
});
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface NewMovie {
  movieId: number;
  title: string;
  year: number;
  genres: string[];
}

describe('kill -9 during a stream of writes', () => {
  it('loses no acknowledged add', { timeout: 90_000 }, async () => {
    // Arrange: a server, and 8 concurrent clients adding movies as fast as they are acknowledged.
    const dataDir = join(root, 'data');
    const first = await startServerProcess({ dataDir, artifactsDir, adminToken: TOKEN });
    running.push(first);
    await first.waitReady();
    const acknowledged: NewMovie[] = [];
    let killed = false;
    const client = async (worker: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        const movie = { movieId: 1_000_000 + worker * 100_000 + i, title: `Kilroy ${worker}x${i}q`, year: 2000 + (i % 20), genres: ['Drama'] };
        let res: Response;
        try {
          res = await fetch(`${first.url}/movies`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
            body: JSON.stringify(movie),
          });
        } catch (err) {
          if (killed) return; // the connection died with the process: this add was never acknowledged
          throw err;
        }
        if (res.status === 201) acknowledged.push(movie);
        else if (!killed) throw new Error(`Unexpected ${res.status}: ${await res.text()}`);
      }
    };

    // Act: kill -9 once at least 600 adds are acknowledged, with requests still in flight.
    const clients = Array.from({ length: 8 }, (_, worker) => client(worker));
    while (acknowledged.length < 600) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.allSettled(clients);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const second = await startServerProcess({ dataDir, artifactsDir, adminToken: TOKEN });
    running.push(second);
    await second.waitReady();

    // Assert: every acknowledged movie is back, readable and searchable.
    expect(acknowledged.length).toBeGreaterThanOrEqual(600);
    const replay = await second.waitForLog((line) => line.msg === 'replayed update logs');
    expect(replay.replayed as number).toBeGreaterThanOrEqual(acknowledged.length);
    const missing: number[] = [];
    const unsearchable: number[] = [];
    for (const movie of acknowledged) {
      const res = await fetch(`${second.url}/movies/${movie.movieId}`);
      if (res.status !== 200 || JSON.stringify(await res.json()) !== JSON.stringify(movie)) missing.push(movie.movieId);
      const search = (await (await fetch(`${second.url}/movies?query=${encodeURIComponent(movie.title)}&limit=5`)).json()) as { movies: NewMovie[] };
      if (!search.movies.some((m) => m.movieId === movie.movieId)) unsearchable.push(movie.movieId);
    }
    expect(missing).toEqual([]);
    expect(unsearchable).toEqual([]);
    // And the restarted service keeps working: the new movies can be recommended from.
    const recs = await fetch(`${second.url}/recommendations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ recentActivity: [{ movieId: acknowledged[0]!.movieId, rating: 5 }], k: 5 }),
    });
    expect(recs.status).toBe(200);
    expect(await second.stop()).toEqual({ code: 0, signal: null });
  });
});
