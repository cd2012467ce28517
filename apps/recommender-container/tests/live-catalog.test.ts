/**
 * The live catalog's write path and conflict rule, in-process on a tiny real index: the
 * write queue never strands a write, concurrent writes share an fsync, and last-writer-wins
 * gives the same result whatever order records arrive in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareStamps } from '../src/state/live-catalog.js';
import { UpdateLogWriter, encodeVector, type UpdateRecord } from '../src/update-log.js';
import { catalogIds, startTestService, type TestService } from './support/in-process.js';

let t: TestService;
beforeEach(async () => {
  t = await startTestService();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.stop();
});

const movie = (movieId: number, title = `Movie ${movieId}`) => ({ movieId, title, year: 2010, genres: ['Drama'] });

describe('write queue', () => {
  it('acknowledges writes issued one after another, each as soon as the previous one resolves', async () => {
    // Arrange
    const live = t.service.live();
    // Act: the caller's next write is queued while the previous flush is finishing.
    for (let i = 0; i < 50; i++) await live.addMovie(movie(600_000 + i));
    // Assert
    expect(live.recommender.catalog.has(600_049)).toBe(true);
  });

  it('keeps working after a write that fails validation', async () => {
    const live = t.service.live();
    await expect(live.addMovie(movie(catalogIds()[0]!))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(live.removeMovie(987_654)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(live.addMovie(movie(600_100))).resolves.toMatchObject({ movie: { movieId: 600_100 } });
  });

  it('commits concurrent writes together: fewer fsyncs than writes, one record each', async () => {
    // Arrange
    const append = vi.spyOn(UpdateLogWriter.prototype, 'append');
    const live = t.service.live();
    // Act
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => live.addMovie(movie(610_000 + i))));
    // Assert
    const recordsLogged = append.mock.calls.reduce((n, [records]) => n + records.length, 0);
    expect(recordsLogged).toBe(40);
    expect(append.mock.calls.length).toBeLessThan(40);
    expect(new Set(results.map((r) => r.seq)).size).toBe(40);
  });

  it('orders an add and a remove of the same id within one batch', async () => {
    const live = t.service.live();
    const [added, removed] = await Promise.all([live.addMovie(movie(620_000)), live.removeMovie(620_000)]);
    expect(added.seq).toBeLessThan(removed.seq);
    expect(live.recommender.catalog.has(620_000)).toBe(false);
  });
});

describe('last writer wins', () => {
  const stamp = (ts: number, replica: string, seq = 1) => ({ v: 1, ts, replica, seq, catalogVersion: t.artifacts.catalogVersion });
  const add = (ts: number, replica: string, title: string): UpdateRecord => ({
    ...stamp(ts, replica),
    op: 'add',
    movie: movie(630_000, title),
    vector: encodeVector(new Float32Array(t.artifacts.dimensions).fill(0.1)),
    derived: false,
  });
  const remove = (ts: number, replica: string): UpdateRecord => ({ ...stamp(ts, replica), op: 'remove', movieId: 630_000 });

  it('orders stamps by time, then replica id, then sequence number', () => {
    expect(compareStamps({ ts: 1, replica: 'b', seq: 9 }, { ts: 2, replica: 'a', seq: 1 })).toBeLessThan(0);
    expect(compareStamps({ ts: 2, replica: 'a', seq: 9 }, { ts: 2, replica: 'b', seq: 1 })).toBeLessThan(0);
    expect(compareStamps({ ts: 2, replica: 'a', seq: 1 }, { ts: 2, replica: 'a', seq: 2 })).toBeLessThan(0);
  });

  it.each([
    ['oldest first', [0, 1, 2]],
    ['newest first', [2, 1, 0]],
    ['mixed', [1, 2, 0]],
  ])('ends in the same state whatever the arrival order (%s)', (_name, order) => {
    // Arrange: add by A at t=100, remove by B at t=200, re-add by A at t=300.
    const records = [add(100, 'a', 'First'), remove(200, 'b'), add(300, 'a', 'Third')];
    const live = t.service.live();
    // Act
    for (const i of order) live.applyRecord(records[i]!, 'remote');
    // Assert
    expect(live.recommender.catalog.get(630_000)?.title).toBe('Third');
  });

  it('lets a later removal beat an earlier add that arrives after it', () => {
    const live = t.service.live();
    expect(live.applyRecord(remove(500, 'b'), 'remote')).toBe(true);
    expect(live.applyRecord(add(400, 'a', 'Too Late'), 'remote')).toBe(false);
    expect(live.recommender.catalog.has(630_000)).toBe(false);
  });

  it('stamps a local write after every update it has seen, even from a clock running ahead', async () => {
    const live = t.service.live();
    const future = Date.now() + 60_000;
    live.applyRecord(add(future, 'zz', 'From The Future'), 'remote');
    await live.removeMovie(630_000);
    expect(live.recommender.catalog.has(630_000)).toBe(false);
  });
});

describe('replicated records', () => {
  it('skips a well-framed record that cannot be applied and applies the ones after it', async () => {
    // A service of its own with no background polling, so this test's poll is the one that reads.
    await t.stop();
    t = await startTestService({ backgroundPolling: false });
    // Arrange: another replica's log holds a record with a malformed movie, then a good one.
    const { writer } = await UpdateLogWriter.open(t.dataDir, 'other-replica');
    const base = { v: 1, replica: 'other-replica', catalogVersion: t.artifacts.catalogVersion, op: 'add' as const, derived: false };
    const vector = encodeVector(new Float32Array(t.artifacts.dimensions).fill(0.2));
    await writer.append([
      { ...base, ts: Date.now(), seq: 1, movie: { movieId: 640_000, title: '', year: 2000, genres: [] }, vector },
      { ...base, ts: Date.now(), seq: 2, movie: movie(640_001), vector },
    ]);
    await writer.close();
    // Act
    const result = t.service.live().pollOtherReplicas();
    // Assert
    expect(result).toEqual({ read: 2, applied: 1 });
    expect(t.service.live().recommender.catalog.has(640_000)).toBe(false);
    expect(t.service.live().recommender.catalog.has(640_001)).toBe(true);
    expect(t.service.live().pollOtherReplicas()).toEqual({ read: 0, applied: 0 });
  });
});
