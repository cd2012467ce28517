/**
 * The live catalog's write path and apply rule, in-process on a tiny real index: the
 * write queue never strands a write, concurrent writes share an fsync, and applying the
 * log is deterministic and idempotent by position.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateLogWriter, encodeVector, type UpdateRecord } from '../src/state/update-log.js';
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
    expect(new Set(results.map((r) => r.position)).size).toBe(40);
  });

  it('orders an add and a remove of the same id within one batch', async () => {
    const live = t.service.live();
    const [added, removed] = await Promise.all([live.addMovie(movie(620_000)), live.removeMovie(620_000)]);
    expect(Number(added.position)).toBeLessThan(Number(removed.position));
    expect(live.recommender.catalog.has(620_000)).toBe(false);
  });
});

describe('applying the log', () => {
  const stamp = { v: 2, ts: 0, replica: 'elsewhere', catalogVersion: '' };
  const add = (title: string): UpdateRecord => ({
    ...stamp,
    catalogVersion: t.artifacts.catalogVersion,
    op: 'add',
    movie: movie(630_000, title),
    vector: encodeVector(new Float32Array(t.artifacts.dimensions).fill(0.1)),
    derived: false,
  });
  const remove = (): UpdateRecord => ({ ...stamp, catalogVersion: t.artifacts.catalogVersion, op: 'remove', movieId: 630_000 });

  it('applies records in log order: an add of a present id and a remove of an absent one change nothing', () => {
    // Arrange: positions beyond anything the empty log holds.
    const live = t.service.live();
    const entries = [add('First'), add('Second'), remove(), remove(), add('Third')].map((record, i) => ({ position: String(1_000_000 + i), record }));
    // Act
    live.applyEntries(entries, 'remote');
    // Assert
    expect(live.recommender.catalog.get(630_000)?.title).toBe('Third');
    expect(live.logProgress).toMatchObject({ position: '1000004', applied: 5 });
  });

  it('skips entries at or before the last applied position, so a re-read applies nothing twice', () => {
    const live = t.service.live();
    const entries = [add('Once'), remove()].map((record, i) => ({ position: String(2_000_000 + i), record }));
    expect(live.applyEntries(entries, 'remote')).toBe(2);
    const digest = live.logProgress.digest;
    expect(live.applyEntries(entries, 'remote')).toBe(0);
    expect(live.logProgress.digest).toBe(digest);
    expect(live.recommender.catalog.has(630_000)).toBe(false);
  });
});

describe('replayed records', () => {
  it('skips a well-framed record that cannot be applied and applies the ones after it', async () => {
    // Arrange: the log holds a record with a malformed movie, then a good one (written while stopped).
    const dataDir = t.dataDir;
    await t.service.stop({ snapshot: false });
    const { writer } = await UpdateLogWriter.open(dataDir, 'catalog');
    const base = { v: 2, ts: Date.now(), replica: 'other', catalogVersion: t.artifacts.catalogVersion, op: 'add' as const, derived: false };
    const vector = encodeVector(new Float32Array(t.artifacts.dimensions).fill(0.2));
    await writer.append([
      { ...base, movie: { movieId: 640_000, title: '', year: 2000, genres: [] }, vector },
      { ...base, movie: movie(640_001), vector },
    ]);
    await writer.close();
    // Act
    const restarted = await startTestService({ dataDir, backgroundPolling: false });
    // Assert
    expect(restarted.service.live().recommender.catalog.has(640_000)).toBe(false);
    expect(restarted.service.live().recommender.catalog.has(640_001)).toBe(true);
    expect(restarted.service.live().logProgress.applied).toBe(2);
    await restarted.service.stop();
  });
});
