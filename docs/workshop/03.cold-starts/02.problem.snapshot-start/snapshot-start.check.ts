/**
 * Checks for step 03.02: the recommender starts from a snapshot of its index when there is
 * one of this catalog, and rebuilds (saying why) when there is none, when the snapshot is
 * of an older catalog, or when its file is damaged. They count the cause, never the time:
 * how many vectors were inserted into a graph during the start (a rebuild inserts every
 * movie; a load inserts none), and what the start-up record says. The time is printed.
 *
 * The snapshots are written here with the package's own writer (`VectorIndex.save`: the
 * index file, then its header with the catalog version), on small seeded artifacts.
 */
import { mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { headerPathFor, makeTestArtifacts, MovieRecommender, type RecommenderArtifacts, VectorIndex } from '@serverless-ai/movie-recommender';
import { type Started, startRecommender, type StartupRecord } from './startup.js';

/** The catalog the recommender serves: 1,500 generated movies, trained with a fixed seed. */
const artifacts = makeTestArtifacts({ seed: 7, movies: 1_500, users: 400, dimensions: 16 });
/** An earlier training run of the catalog: same movie ids and vector length, other vectors, another catalog version. */
const olderArtifacts = makeTestArtifacts({ seed: 8, movies: 1_500, users: 400, dimensions: 16 });
/** What a correct start must serve: the index built from this catalog's embeddings. */
const reference = new MovieRecommender({ artifacts, index: MovieRecommender.buildIndex(artifacts) });

const workDir = mkdtempSync(join(tmpdir(), 'workshop-snapshot-start-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Writes a snapshot of `from`'s freshly built index at `<workDir>/<name>.hnsw`, as the service does. */
function writeSnapshot(name: string, from: RecommenderArtifacts): string {
  const path = join(workDir, `${name}.hnsw`);
  MovieRecommender.buildIndex(from).save(path, { catalogVersion: from.catalogVersion });
  return path;
}

/** One start: what it returned or threw, the records it logged, and how many vectors it inserted into an index. */
interface ObservedStart {
  started?: Started;
  error?: Error;
  records: StartupRecord[];
  insertedVectors: number;
}

function observeStart(snapshotPath: string): ObservedStart {
  const records: StartupRecord[] = [];
  // Every vector that goes into an HNSW graph goes through VectorIndex#add (buildIndex and VectorIndex.build call it).
  const add = vi.spyOn(VectorIndex.prototype, 'add');
  try {
    const started = startRecommender({ artifacts, snapshotPath, log: (record) => records.push(record) });
    return { started, records, insertedVectors: add.mock.calls.length };
  } catch (error) {
    return { error: error as Error, records, insertedVectors: add.mock.calls.length };
  } finally {
    add.mockRestore();
  }
}

/** The one start-up record, or a failed assertion that says what is missing. */
function startupRecord(start: ObservedStart, situation: string): StartupRecord {
  expect(
    start.error?.message,
    `startRecommender threw ${situation}: ${String(start.error?.stack ?? start.error)}\nA snapshot that cannot be used is not a reason to fail the start: catch the IndexSnapshotError that VectorIndex.load throws, rebuild from the embeddings, and log its message as the reason.`,
  ).toBeUndefined();
  expect(start.records.length, 'startRecommender should log exactly one start-up record (call `log` once, with the record it returns).').toBe(1);
  return start.records[0]!;
}

/** Some users, each described by a few movies they rated. */
const activities = Array.from({ length: 8 }, (_, user) => artifacts.movies.slice(user * 40, user * 40 + 4).map((movie, i) => ({ movieId: movie.movieId, rating: 5 - i })));
const recommendedIds = (recommender: MovieRecommender) => activities.map((recentActivity) => recommender.predict({ recentActivity, k: 10 }).recommendations.map((r) => r.movieId));

describe('starting the recommender', () => {
  it('loads a snapshot of this catalog instead of rebuilding: indexSource=snapshot, no vector inserted, the same recommendations', () => {
    const snapshotPath = writeSnapshot('current', artifacts);
    const start = observeStart(snapshotPath);
    const record = startupRecord(start, 'with a good snapshot of this catalog');
    const rebuild = observeStart(join(workDir, 'nothing-here.hnsw'));
    console.log(
      `Start-up with a snapshot of this catalog: ${record.ms} ms, indexSource=${record.indexSource}; a rebuild of the same ${artifacts.movies.length.toLocaleString('en')} movies: ${rebuild.records[0]?.ms ?? '?'} ms (printed, not checked; one run on a busy machine proves little).`,
    );
    expect(
      record.indexSource,
      `With a snapshot of this very catalog at ${snapshotPath}, the start-up record says indexSource=${record.indexSource} (reason: ${record.reason ?? 'none'}). Look for the snapshot and load it with VectorIndex.load(snapshotPath, { catalogVersion: artifacts.catalogVersion, numDimensions: artifacts.dimensions }), and log indexSource: 'snapshot'.`,
    ).toBe('snapshot');
    expect(
      start.insertedVectors,
      `The record says "snapshot", but the start inserted ${start.insertedVectors} vectors into a graph: that is a rebuild. Use the index VectorIndex.load returns, and do not call MovieRecommender.buildIndex when the snapshot loads.`,
    ).toBe(0);
    expect(record.indexSize, 'The start-up record should give the size of the index it serves (index.size).').toBe(artifacts.movies.length);
    expect(recommendedIds(start.started!.recommender), 'Started from the snapshot, the recommender should answer exactly as one with a freshly built index: wire MovieRecommender to the loaded index.').toEqual(recommendedIds(reference));
  });

  it('rebuilds when the snapshot header names an older catalog version, and says so in the reason', () => {
    const snapshotPath = writeSnapshot('older-catalog', olderArtifacts);
    const header = JSON.parse(readFileSync(headerPathFor(snapshotPath), 'utf8')) as { catalogVersion: string };
    const start = observeStart(snapshotPath);
    const record = startupRecord(start, 'with a snapshot of an older catalog');
    expect(
      record.indexSource,
      `The snapshot's header says catalogVersion ${header.catalogVersion}, but this start serves catalog ${artifacts.catalogVersion}, and it was loaded anyway: its vectors are an older training run's, so it would recommend plausible but wrong movies. Pass { catalogVersion: artifacts.catalogVersion } to VectorIndex.load so it refuses the snapshot, then rebuild.`,
    ).toBe('rebuild');
    expect(start.insertedVectors, 'A rebuild inserts every movie of this catalog into a new graph.').toBe(artifacts.movies.length);
    expect(
      record.reason ?? '',
      `The reason should say which catalog version the snapshot is of (${header.catalogVersion}), so whoever reads the log knows why this start was slow: log the IndexSnapshotError's message.`,
    ).toContain(header.catalogVersion);
    expect(recommendedIds(start.started!.recommender), 'After the rebuild, the recommender should answer from this catalog\'s embeddings.').toEqual(recommendedIds(reference));
  });

  it('rebuilds when the snapshot file is damaged, and names the checksum in the reason', () => {
    const snapshotPath = writeSnapshot('damaged', artifacts);
    // One byte changed in the middle of the index file, after its header was written.
    const fd = openSync(snapshotPath, 'r+');
    const middle = Math.floor(readFileSync(snapshotPath).byteLength / 2);
    writeSync(fd, Buffer.from([0xff]), 0, 1, middle);
    closeSync(fd);
    const start = observeStart(snapshotPath);
    const record = startupRecord(start, 'with a damaged snapshot');
    expect(record.indexSource, 'A snapshot whose bytes no longer match its header\'s sha256 must not be served: let VectorIndex.load refuse it, then rebuild.').toBe('rebuild');
    expect(record.reason ?? '', 'The reason should be the IndexSnapshotError\'s message, which names the checksum mismatch.').toMatch(/checksum/i);
    expect(recommendedIds(start.started!.recommender), 'After the rebuild, the recommender should answer from this catalog\'s embeddings.').toEqual(recommendedIds(reference));
  });

  it('rebuilds when there is no snapshot yet', () => {
    const start = observeStart(join(workDir, 'never-written.hnsw'));
    const record = startupRecord(start, 'with no snapshot at all');
    expect(record.indexSource, 'With no snapshot file, the index has to be built from the embeddings.').toBe('rebuild');
    expect(start.insertedVectors, 'A rebuild inserts every movie of this catalog into a new graph.').toBe(artifacts.movies.length);
    expect(record.reason, 'Say why the start rebuilt (for example: no snapshot at <path>).').toBeTruthy();
  });
});
