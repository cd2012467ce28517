// Needed when you change how the bench drives catalog writes and restarts against running servers.
import { ADMIN_TOKEN, type Server, spawnServer, waitReady } from './processes.js';
import { latencySummary, round } from './stats.js';

/** p50, p99 and max of a set of latencies (ms). */
export type Latencies = ReturnType<typeof latencySummary>;

const addBody = (movieId: number) => JSON.stringify({ movieId, title: `Bench Movie ${movieId}`, year: 2024, genres: ['Drama', 'Comedy'] });

/** One authenticated `POST /movies`. */
export const postMovie = (server: Server, movieId: number) =>
  fetch(`${server.url}/movies`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: addBody(movieId) });

/** `count` sequential adds from `firstId` on: acknowledgement latency percentiles. */
export async function ackLatencies(server: Server, firstId: number, count: number): Promise<Latencies> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await postMovie(server, firstId + i);
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`add answered ${res.status}`);
    latencies.push(performance.now() - started);
  }
  return latencySummary(latencies);
}

/** Adds on `writer`, each polled on `reader` until visible: time from sending the add to the first 200 there. */
export async function visibilityLatencies(writer: Server, reader: Server, firstId: number, count: number): Promise<Latencies> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const movieId = firstId + i;
    const started = performance.now();
    const ack = postMovie(writer, movieId).then((res) => res.arrayBuffer());
    for (;;) {
      const res = await fetch(`${reader.url}/movies/${movieId}`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    }
    latencies.push(performance.now() - started);
    await ack;
  }
  return latencySummary(latencies);
}

/** `count` adds from 32 concurrent clients; returns writes per second. */
export async function writeMany(server: Server, firstId: number, count: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < count) {
        const res = await postMovie(server, firstId + next++);
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`add answered ${res.status}`);
      }
    }),
  );
  return (count / (performance.now() - started)) * 1000;
}

/** A replica started on a data directory holding a snapshot, after writes it missed: spawn to ready, and its replay phase. */
export async function catchUp(env: Record<string, string>, expectedReplayed: number): Promise<{ readyMs: number; replayMs: number; replayed: number }> {
  const server = await spawnServer('dist', env);
  try {
    const readyMs = await waitReady(server);
    const replay = await server.waitForLog('replayed update logs');
    if ((replay.replayed as number) < expectedReplayed) throw new Error(`replayed ${String(replay.replayed)}, expected ${expectedReplayed}`);
    return { readyMs: round(readyMs, 1), replayMs: replay.ms as number, replayed: replay.replayed as number };
  } finally {
    await server.stop();
  }
}
