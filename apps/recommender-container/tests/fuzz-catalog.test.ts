/**
 * Property-based fuzzing of the catalog's write path (issue 8): random sequences of admin
 * adds and removes, some issued concurrently (one group commit), interleaved with
 * recommendations, then a restart, either graceful (from the shutdown snapshot) or abrupt
 * (no snapshot: from the update log alone, as after `kill -9`).
 *
 * Properties: every write is acknowledged or refused exactly as a simple model of the
 * catalog predicts (409 for an existing id, 404 for an absent one), recommendations never
 * name a removed movie, and after the restart the catalog is exactly the acknowledged one.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveCatalog } from '../src/state/live-catalog.js';
import { checkProperty, fuzzSeed } from './support/fuzz.js';
import { createSilentLogger } from '../src/logger.js';
import { RecommenderService } from '../src/state/service.js';
import { catalogIds, startTestService, testArtifacts } from './support/in-process.js';

/** Generated sequences per run of this suite (each with its own data directory and restart). */
const CASES = 1000;

let root: string;
let template: string;
beforeAll(async () => {
  // One snapshot of the base catalog, copied into each case's folder, so a case starts in milliseconds.
  // On tmpfs when there is one: this property is about what is logged and replayed, and a
  // thousand cases of real disk flushes would take a minute (the kill -9 tests cover the disk).
  root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'recommender-fuzz-'));
  template = join(root, 'template');
  const first = await startTestService({ dataDir: template, backgroundPolling: false });
  first.service.live().snapshot('fuzz template');
  await first.stop();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A few ids, some in the base catalog and some new, so adds and removes collide often. */
const baseIds = catalogIds().slice(0, 4);
const newIds = [950_001, 950_002, 950_003, 950_004];
const movieId = fc.constantFrom(...baseIds, ...newIds);

type Op =
  | { kind: 'add'; movieId: number; title: string; withEmbedding: boolean }
  | { kind: 'remove'; movieId: number }
  | { kind: 'recommend'; movieIds: number[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), movieId, title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((s) => `T${s}`), withEmbedding: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), movieId }),
  fc.record({ kind: fc.constant('recommend' as const), movieIds: fc.uniqueArray(movieId, { minLength: 1, maxLength: 3 }) }),
);
/** Steps run one after another; the ops inside a step are issued together (one group commit). */
const scenario = fc.record({
  steps: fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
  restart: fc.constantFrom('graceful' as const, 'abrupt' as const),
});

let caseNumber = 0;

/** The real service on a data directory, without HTTP or metrics (a thousand starts stay cheap). */
async function startService(dataDir: string): Promise<RecommenderService> {
  const service = new RecommenderService({
    dataDir,
    replicaId: 'fuzz',
    artifacts: testArtifacts(),
    snapshotPolicy: { everyUpdates: 1000, intervalMs: 3_600_000 },
    logger: createSilentLogger(),
  });
  await service.start();
  return service;
}

describe('admin write sequences (fast-check)', () => {
  it(`acknowledge what the model predicts, and a restart shows exactly the acknowledged catalog (${CASES} sequences)`, { timeout: 180_000 }, async () => {
    const started = performance.now();
    const dimensions = testArtifacts().embeddingDimensions;
    const ran = await checkProperty(
      'admin write sequences',
      fc.asyncProperty(scenario, async ({ steps, restart }) => {
        const dataDir = join(root, `case-${caseNumber++}`);
        cpSync(template, dataDir, { recursive: true });
        let service: RecommenderService | undefined;
        try {
          service = await startService(dataDir);
          const live = service.live();
          // The model: which movies are present, with which title.
          const model = new Map<number, string>(baseIds.map((id) => [id, live.getMovie(id).title]));
          for (const step of steps) {
            const expected: ('ok' | 'CONFLICT' | 'NOT_FOUND' | 'recommend')[] = [];
            // Writes of this step are still queued while its recommendations run: they see the state before it.
            const beforeStep = new Map(model);
            const calls = step.map((o) => {
              if (o.kind === 'add') {
                expected.push(model.has(o.movieId) ? 'CONFLICT' : 'ok');
                // The catalog stores titles trimmed, as the HTTP schema sends them.
                if (!model.has(o.movieId)) model.set(o.movieId, o.title.trim());
                const embedding = o.withEmbedding ? Array.from({ length: dimensions }, (_, i) => ((o.movieId + i) % 7) / 10 - 0.3) : undefined;
                return live.addMovie({ movieId: o.movieId, title: o.title, year: 2001, genres: ['Drama'] }, embedding);
              }
              if (o.kind === 'remove') {
                expected.push(model.has(o.movieId) ? 'ok' : 'NOT_FOUND');
                model.delete(o.movieId);
                return live.removeMovie(o.movieId);
              }
              expected.push('recommend');
              return Promise.resolve(recommendFrom(live, o.movieIds, beforeStep));
            });
            const outcomes = await Promise.allSettled(calls);
            outcomes.forEach((outcome, i) => {
              if (expected[i] === 'recommend') return;
              const got = outcome.status === 'fulfilled' ? 'ok' : (outcome.reason as { code?: string }).code;
              expect(got, `op ${JSON.stringify(step[i])}`).toBe(expected[i]);
            });
          }
          const expectedSize = testArtifacts().movies.length - baseIds.length + model.size;
          // Restart: graceful writes a snapshot; abrupt leaves only the log.
          await service.stop({ snapshot: restart === 'graceful' });
          service = await startService(dataDir);
          const after = service.live();
          for (const id of [...baseIds, ...newIds]) {
            const title = model.get(id);
            if (title === undefined) expect(after.recommender.catalog.has(id), `movie ${id} after a ${restart} restart`).toBe(false);
            else expect(after.getMovie(id).title, `movie ${id} after a ${restart} restart`).toBe(title);
          }
          expect(after.indexSize).toBe(expectedSize);
        } finally {
          await service?.stop({ snapshot: false });
          rmSync(dataDir, { recursive: true, force: true });
        }
      }),
      CASES,
    );
    expect(ran).toBe(CASES);
    console.log(`Write-sequence fuzz: ${ran} sequences in ${Math.round(performance.now() - started)} ms, seed ${fuzzSeed()}`);
  });
});

/** Recommends from present movies; the answer must not name an absent one. */
function recommendFrom(live: LiveCatalog, ids: number[], model: Map<number, string>): void {
  const present = ids.filter((id) => model.has(id));
  if (present.length === 0) return;
  const output = live.recommend({ recentActivity: present.map((id) => ({ movieId: id, rating: 5 })), k: 20 });
  for (const rec of output.recommendations) {
    const absent = [...baseIds, ...newIds].includes(rec.movieId) && !model.has(rec.movieId);
    expect(absent, `recommended removed movie ${rec.movieId}`).toBe(false);
  }
}
