/**
 * `npm run bench`: measures the service as a real process on loopback and writes
 * docs/results/recommender-container.json. This file is the measurement plan, top to
 * bottom; how each step is done (spawning servers, driving load, timing) is in
 * bench/internals/, one file per job.
 *
 *   1. Serving. POST /recommendations side by side with a hello-world route in the same
 *      process and middleware (autocannon, runs interleaved so noise is shared), then
 *      latency at 70 % of the measured maximum rate, RSS after that load, where a
 *      recommendation's time goes in-process, and add-movie acknowledgement latency.
 *   2. Start-up to ready, from rebuild and from snapshot, at 10k and 100k movies.
 *   3. The two catalog logs side by side (embedded file, Redis stream on a local
 *      redis-server with appendfsync always): add acknowledgement p50/p99, time until a
 *      write is visible on a second replica (Redis only: the embedded log has one replica
 *      by design), and catch-up of a replica that was down during 10,000 writes.
 *
 * Every figure is the median of several runs; ratios are taken per run, side by side,
 * then their median. Options: `--runs N` (default 3), `--rebuild-runs N` for 100k
 * rebuilds (default 2: about a minute each), `--duration S` per load test (default 6),
 * `--connections N` (default 16), `--out FILE`, `--catalog-writes N` (default 10000),
 * `--only catalog-logs` (run section 3 alone and merge it into the existing JSON).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ARTIFACTS_DIR, loadRecommenderArtifacts, type RecommenderArtifacts } from '@serverless-ai/movie-recommender';
import { startRedisServer } from '../tests/support/redis-server.js';
import { load, type LoadResult } from './internals/load.js';
import { measureModelCost } from './internals/model-cost.js';
import { APP_DIR, builtEntryExists, killHard, rssMiB, spawnServer, startOnce, type StartRun, waitReady } from './internals/processes.js';
import { loadNow, log, machine, median, round } from './internals/stats.js';
import { writeScaledArtifacts } from './internals/synthetic-catalog.js';
import { ackLatencies, catchUp, visibilityLatencies, writeMany } from './internals/writes.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'rebuild-runs': { type: 'string', default: '2' },
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '16' },
    adds: { type: 'string', default: '500' },
    sizes: { type: 'string', default: '10000,100000' },
    artifacts: { type: 'string' },
    'catalog-writes': { type: 'string', default: '10000' },
    visibility: { type: 'string', default: '300' },
    only: { type: 'string' },
    out: { type: 'string', default: join(APP_DIR, '../../docs/results/recommender-container.json') },
  },
});
const RUNS = Number(args.runs);
const REBUILD_RUNS_LARGE = Number(args['rebuild-runs']);
const LOAD = { connections: Number(args.connections), durationSeconds: Number(args.duration) };
const ADDS = Number(args.adds);
const SIZES = args.sizes.split(',').map(Number);
const CATALOG_WRITES = Number(args['catalog-writes']);
const VISIBILITY_WRITES = Number(args.visibility);
const ARTIFACTS_DIR = args.artifacts ? resolve(args.artifacts) : DEFAULT_ARTIFACTS_DIR;

// ── 1. Serving ────────────────────────────────────────────────────────────────────

async function measureServing(movieIds: number[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'recommender-bench-'));
  const server = await spawnServer('bench', { DATA_DIR: dataDir, ARTIFACTS_DIR });
  try {
    await waitReady(server);
    // Varied but fixed requests: 5 rated movies each, spread over the catalog.
    const bodies = Array.from({ length: 256 }, (_, r) =>
      JSON.stringify({
        recentActivity: Array.from({ length: 5 }, (_, j) => ({ movieId: movieIds[(r * 37 + j * 101) % movieIds.length], rating: 1 + ((r + j) % 9) * 0.5 })),
        k: 10,
      }),
    );
    const recommend = (i: number) => bodies[i % bodies.length]!;
    const hello = () => '{"hello":"world"}';
    log('warm-up');
    await load(server.url, '/hello', hello, { ...LOAD, durationSeconds: 2 });
    await load(server.url, '/recommendations', recommend, { ...LOAD, durationSeconds: 3 });

    // Maximum rate: hello-world then recommendations, per run, so each ratio shares its noise.
    const runs: { hello: LoadResult; recommendations: LoadResult; ratio: number }[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const helloResult = await load(server.url, '/hello', hello, LOAD);
      const recResult = await load(server.url, '/recommendations', recommend, LOAD);
      runs.push({ hello: helloResult, recommendations: recResult, ratio: round(recResult.rps / helloResult.rps, 3) });
      log(`max rate run ${run}: hello ${helloResult.rps} req/s, recommendations ${recResult.rps} req/s (ratio ${runs.at(-1)!.ratio}, p99 ${recResult.p99Ms} ms)`);
    }

    // Latency at 70 % of the maximum: what a replica sized with headroom sees.
    const maxRps = median(runs.map((r) => r.recommendations.rps));
    const targetRate = Math.floor(0.7 * maxRps);
    const rateRuns: LoadResult[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const result = await load(server.url, '/recommendations', recommend, { ...LOAD, overallRate: targetRate });
      rateRuns.push(result);
      log(`70% run ${run}: ${result.rps} req/s at target ${targetRate}, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    }
    const rss = await rssMiB(server);

    // Where the time goes, in-process; before the adds, so the snapshot is the plain catalog.
    const modelCost = measureModelCost(ARTIFACTS_DIR, dataDir, bodies, RUNS);

    // Add-movie acknowledgement: sequential authenticated adds, each fsynced before its 201.
    const addRuns = [];
    for (let run = 0; run < RUNS; run++) {
      addRuns.push(await ackLatencies(server, 5_000_000 + run * 100_000, ADDS));
      log(`adds run ${run + 1}: p50 ${addRuns.at(-1)!.p50Ms} ms, p99 ${addRuns.at(-1)!.p99Ms} ms`);
    }
    const failures = [...runs.flatMap((r) => [r.hello, r.recommendations]), ...rateRuns].reduce((n, r) => n + r.non2xx + r.errors, 0);
    return { runs, maxRps, targetRate, rateRuns, rss, addRuns, failures, modelCost };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ── 2. Start-up ───────────────────────────────────────────────────────────────────

async function measureStartup(size: number, base: RecommenderArtifacts) {
  // A catalog of `size` movies made from the committed one, cached by the base catalog's version.
  const cacheDir = join(APP_DIR, '.data/bench', `catalog-${size}-${base.catalogVersion}`);
  mkdirSync(cacheDir, { recursive: true });
  const t0 = performance.now();
  writeScaledArtifacts(base, size, cacheDir);
  log(`catalog of ${size} movies ready in ${Math.round(performance.now() - t0)} ms`);

  // Rebuilds on empty data directories (each leaves a snapshot), then starts from the first one's snapshot.
  const rebuildRuns = size >= 100_000 ? REBUILD_RUNS_LARGE : RUNS;
  const rebuild: StartRun[] = [];
  const snapshot: StartRun[] = [];
  const dataDirs: string[] = [];
  try {
    for (let run = 0; run < rebuildRuns; run++) {
      const dataDir = mkdtempSync(join(tmpdir(), `recommender-start-${size}-`));
      dataDirs.push(dataDir);
      rebuild.push(await startOnce(cacheDir, dataDir, 'rebuilt index'));
      log(`${size}: rebuild run ${run + 1}: ready in ${rebuild.at(-1)!.readyMs} ms`);
    }
    for (let run = 0; run < RUNS; run++) {
      snapshot.push(await startOnce(cacheDir, dataDirs[0]!, 'loaded snapshot'));
      log(`${size}: snapshot run ${run + 1}: ready in ${snapshot.at(-1)!.readyMs} ms`);
    }
  } finally {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
  const rebuildMs = median(rebuild.map((r) => r.readyMs));
  const snapshotMs = median(snapshot.map((r) => r.readyMs));
  return {
    movies: size,
    rebuild: { runs: rebuild, medianReadyMs: rebuildMs, medianLoadIndexMs: median(rebuild.map((r) => r.loadIndexMs)) },
    snapshot: {
      runs: snapshot,
      medianReadyMs: snapshotMs,
      medianListeningMs: median(snapshot.map((r) => r.listeningMs)),
      medianLoadArtifactsMs: median(snapshot.map((r) => r.phasesMs['load-artifacts'] ?? Number.NaN)),
      medianLoadIndexMs: median(snapshot.map((r) => r.loadIndexMs)),
    },
    speedup: round(rebuildMs / snapshotMs, 1),
    rssAfterReadyMiB: median(snapshot.map((r) => r.rssMiB)),
  };
}

// ── 3. The two catalog logs ───────────────────────────────────────────────────────

async function measureCatalogLogs() {
  const root = mkdtempSync(join(tmpdir(), 'recommender-logs-'));
  const env = (dataDir: string, extra: Record<string, string> = {}) => ({ DATA_DIR: dataDir, ARTIFACTS_DIR, SNAPSHOT_EVERY_UPDATES: '10000000', ...extra });
  try {
    // Embedded file log: one replica; acks, a burst of writes, then kill -9 and replay from its own log.
    const fileDir = join(root, 'file');
    const file = await spawnServer('dist', env(fileDir));
    await waitReady(file);
    await file.waitForLog('snapshot written'); // after the rebuild: the catch-up below starts from it
    const fileAck = await ackLatencies(file, 7_000_000, ADDS);
    log(`file log: ack p50 ${fileAck.p50Ms} ms, p99 ${fileAck.p99Ms} ms`);
    const fileRate = await writeMany(file, 7_100_000, CATALOG_WRITES);
    await killHard(file); // no shutdown snapshot: the restart must replay the writes from the log
    const fileCatchUp = await catchUp(env(fileDir), CATALOG_WRITES);
    log(`file log: ${CATALOG_WRITES} writes at ${Math.round(fileRate)}/s; restart replayed ${fileCatchUp.replayed} in ${fileCatchUp.replayMs} ms, ready in ${fileCatchUp.readyMs} ms`);

    // Redis stream: replicas A and B on a local redis-server (appendonly yes, appendfsync always).
    const redis = await startRedisServer();
    try {
      const streamEnv = (dataDir: string) => env(dataDir, { CATALOG_STREAM_URL: redis.url });
      const a = await spawnServer('dist', streamEnv(join(root, 'a')));
      const b = await spawnServer('dist', streamEnv(join(root, 'b')));
      await Promise.all([waitReady(a), waitReady(b)]);
      await Promise.all([a.waitForLog('snapshot written'), b.waitForLog('snapshot written')]);
      const streamAck = await ackLatencies(a, 8_000_000, ADDS);
      log(`redis stream: ack p50 ${streamAck.p50Ms} ms, p99 ${streamAck.p99Ms} ms`);
      const visibility = await visibilityLatencies(a, b, 8_100_000, VISIBILITY_WRITES);
      log(`redis stream: visible on the other replica p50 ${visibility.p50Ms} ms, p99 ${visibility.p99Ms} ms`);
      await killHard(b); // B is down while A takes the writes, then catches up from its snapshot
      const streamRate = await writeMany(a, 8_200_000, CATALOG_WRITES);
      const streamCatchUp = await catchUp(streamEnv(join(root, 'b')), CATALOG_WRITES);
      log(`redis stream: ${CATALOG_WRITES} writes at ${Math.round(streamRate)}/s; replica B caught up ${streamCatchUp.replayed} in ${streamCatchUp.replayMs} ms, ready in ${streamCatchUp.readyMs} ms`);
      await a.stop();
      return {
        settings: { sequentialAdds: ADDS, visibilityWrites: VISIBILITY_WRITES, catchUpWrites: CATALOG_WRITES, redis: 'redis-server 7.0 (Debian), --appendonly yes --appendfsync always, loopback' },
        file: { ack: fileAck, visibilityOnSecondReplica: null, writesPerSecond: round(fileRate, 0), catchUp: fileCatchUp },
        redisStream: { ack: streamAck, visibilityOnSecondReplica: visibility, writesPerSecond: round(streamRate, 0), catchUp: streamCatchUp },
        notes: 'The embedded file log has one replica by design (a second process is refused), so it has no second-replica visibility. Catch-up: the replica starts from its snapshot taken before the writes and replays them (file: after kill -9, from its own log; Redis: replica B was down while A took the writes).',
      };
    } finally {
      await redis.dispose();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function catalogLogTargets(logs: Awaited<ReturnType<typeof measureCatalogLogs>>) {
  return [
    { name: 'add acknowledgement p99 with the Redis stream, appendfsync always (ms)', target: '<= 10', measured: logs.redisStream.ack.p99Ms, met: logs.redisStream.ack.p99Ms <= 10 },
    { name: 'time until a write is visible on another replica, p99 (ms)', target: '<= 50', measured: logs.redisStream.visibilityOnSecondReplica.p99Ms, met: logs.redisStream.visibilityOnSecondReplica.p99Ms <= 50 },
  ];
}

// ── Results ───────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  if (!builtEntryExists()) throw new Error('dist/index.js is missing: run `npm run build` first (turbo runs it before bench).');
  const started = performance.now();
  const loadAtStart = loadNow();
  const base = loadRecommenderArtifacts(ARTIFACTS_DIR);
  log(`catalog: ${base.movies.length} movies × ${base.dimensions} dimensions (${base.card.version})`);

  const serving = await measureServing(base.movies.map((m) => m.movieId));
  const startup = [];
  for (const size of SIZES) startup.push(await measureStartup(size, base));
  const catalogLogs = { generatedAt: new Date().toISOString(), ...(await measureCatalogLogs()), machine: machine(loadAtStart) };

  const ratio = median(serving.runs.map((r) => r.ratio));
  const p99At70 = median(serving.rateRuns.map((r) => r.p99Ms));
  const addP99 = median(serving.addRuns.map((r) => r.p99Ms));
  const large = startup.find((s) => s.movies === 100_000) ?? startup.at(-1)!;
  const result = {
    name: 'recommender-container',
    description: 'The recommender service as a real process on loopback: throughput and latency vs hello-world, add acknowledgement latency, start-up from rebuild vs snapshot.',
    command: 'npm run bench -w @serverless-ai/recommender-container',
    generatedAt: new Date().toISOString(),
    machine: machine(loadAtStart),
    runs: RUNS,
    settings: { connections: LOAD.connections, durationSeconds: LOAD.durationSeconds, addsPerRun: ADDS, rebuildRunsAt100k: REBUILD_RUNS_LARGE, loadGenerator: 'autocannon in the bench process, server in a child process (same machine)' },
    catalog: { movies: base.movies.length, dimensions: base.dimensions, modelVersion: base.card.version },
    throughput: {
      helloWorld: { medianRps: median(serving.runs.map((r) => r.hello.rps)), medianP50Ms: median(serving.runs.map((r) => r.hello.p50Ms)), medianP99Ms: median(serving.runs.map((r) => r.hello.p99Ms)) },
      recommendations: { medianRps: serving.maxRps, medianP50Ms: median(serving.runs.map((r) => r.recommendations.p50Ms)), medianP99Ms: median(serving.runs.map((r) => r.recommendations.p99Ms)) },
      medianRatio: ratio,
      /** In-process microseconds per request (median of runs), to explain the ratio. */
      inProcessMicros: serving.modelCost,
      runs: serving.runs,
      failedRequests: serving.failures,
    },
    latencyAt70PercentOfMax: {
      targetRps: serving.targetRate,
      medianAchievedRps: median(serving.rateRuns.map((r) => r.rps)),
      medianP50Ms: median(serving.rateRuns.map((r) => r.p50Ms)),
      medianP99Ms: p99At70,
      runs: serving.rateRuns,
    },
    rssAfterLoadMiB: serving.rss,
    addAcknowledgement: { medianP50Ms: median(serving.addRuns.map((r) => r.p50Ms)), medianP99Ms: addP99, runs: serving.addRuns },
    startup,
    catalogLogs,
    targets: [
      { name: 'recommendations throughput vs hello-world (same process, same middleware)', target: '>= 0.5', measured: ratio, met: ratio >= 0.5 },
      { name: 'p99 latency of POST /recommendations at 70% of the maximum rate (ms)', target: '<= 20', measured: p99At70, met: p99At70 <= 20 },
      { name: `start-up from snapshot vs rebuild at ${large.movies} movies (speed-up)`, target: '>= 20', measured: large.speedup, met: large.speedup >= 20 },
      { name: 'add-movie acknowledgement p99, fsync included (ms)', target: '<= 10', measured: addP99, met: addP99 <= 10 },
      ...catalogLogTargets(catalogLogs),
    ],
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
  mkdirSync(resolve(args.out, '..'), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${args.out} in ${result.durationSeconds} s`);
  for (const t of result.targets) log(`${t.met ? 'MET    ' : 'NOT MET'} ${t.name}: ${t.measured} (target ${t.target})`);
}

/** `--only catalog-logs`: measures section 3 alone and merges it into the existing results file. */
async function mainCatalogLogsOnly(): Promise<void> {
  const loadAtStart = loadNow();
  const existing = JSON.parse(readFileSync(args.out, 'utf8')) as Record<string, unknown> & { targets: { name: string }[] };
  const catalogLogs = { generatedAt: new Date().toISOString(), ...(await measureCatalogLogs()) };
  const targets = catalogLogTargets(catalogLogs);
  const names = new Set(targets.map((t) => t.name));
  const merged = { ...existing, catalogLogs: { ...catalogLogs, machine: machine(loadAtStart) }, targets: [...existing.targets.filter((t) => !names.has(t.name)), ...targets] };
  writeFileSync(args.out, `${JSON.stringify(merged, null, 2)}\n`);
  log(`merged catalogLogs into ${args.out}`);
  for (const t of targets) log(`${t.met ? 'MET    ' : 'NOT MET'} ${t.name}: ${t.measured} (target ${t.target})`);
}

await (args.only === 'catalog-logs' ? mainCatalogLogsOnly() : main());
