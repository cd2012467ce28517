/**
 * Benchmark of the footfall predictor: how long one warm prediction takes, with and
 * without input validation, how a 1,000-row batch scales, and what loading the model
 * costs in-process and in a fresh Node process (a cold-start proxy).
 *
 *   npm run bench -w @serverless-ai/footfall-model          → docs/results/footfall-predict.json
 *   npm run bench -w @serverless-ai/footfall-model -- --runs 3 --out /tmp/x.json
 *
 * Each figure is the median over `--runs` runs; each run times every call separately
 * with `process.hrtime.bigint` into a `node:perf_hooks` histogram after a warm-up. The
 * cost of the timer itself is measured too (`timerOverheadNs`) and is included in
 * the per-call figures. Targets: warm `predict` p50 ≤ 20 µs. Rows come from the
 * committed sample days, so they are realistic. Timing never lives in tests.
 *
 * This file is the measurement plan, top to bottom; how a call or a process is timed
 * lives in bench/internals/timing.ts.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseModelInput } from '@serverless-ai/model-interface';
import { DEFAULT_MODEL_PATH, FEATURE_NAMES, loadFootfallModel, loadSampleDays, MAX_BATCH_SIZE } from '../src/index.js';
import { describeMachine, median, processMs, round, summarise, timeCalls } from './internals/timing.js';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repoRoot = resolve(packageDir, '../..');

// 1. Configuration ------------------------------------------------------------

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    calls: { type: 'string', default: '20000' },
    out: { type: 'string', default: join(repoRoot, 'docs/results/footfall-predict.json') },
  },
});
const runs = Number(args.runs);
const calls = Number(args.calls);
const TARGET_PREDICT_P50_US = 20;

// 2. Measure ------------------------------------------------------------------

const machine = describeMachine();

const model = loadFootfallModel();
const samples = loadSampleDays();
const objectRows = samples.map((s) => s.features);
const arrayRows = objectRows.map((row) => FEATURE_NAMES.map((name) => row[name]));
const parsedSingles = objectRows.map((row) => parseModelInput(model, { features: row }));
const batchBody = { instances: Array.from({ length: MAX_BATCH_SIZE }, (_, i) => objectRows[i % objectRows.length]!) };
const parsedBatch = parseModelInput(model, batchBody);
const n = samples.length;

const results: Record<string, { p50Us: number; p99Us: number; p50UsPerRun: number[] }> = {};
const measurements: Record<string, { p50Us: number; p99Us: number }[]> = {
  timerOverhead: [],
  predictOneRow: [],
  parseAndPredictObjectRow: [],
  parseAndPredictArrayRow: [],
  predictBatch1000: [],
  parseAndPredictBatch1000: [],
  loadModel: [],
};
for (let run = 0; run < runs; run++) {
  console.error(`[bench] run ${run + 1}/${runs}`);
  measurements.timerOverhead!.push(timeCalls(calls, () => 0));
  measurements.predictOneRow!.push(timeCalls(calls, (i) => model.predict(parsedSingles[i % n]!)));
  measurements.parseAndPredictObjectRow!.push(timeCalls(calls, (i) => model.predict(parseModelInput(model, { features: objectRows[i % n] }))));
  measurements.parseAndPredictArrayRow!.push(timeCalls(calls, (i) => model.predict(parseModelInput(model, { features: arrayRows[i % n] }))));
  measurements.predictBatch1000!.push(timeCalls(Math.max(50, calls / 200), () => model.predict(parsedBatch)));
  measurements.parseAndPredictBatch1000!.push(timeCalls(Math.max(50, calls / 200), () => model.predict(parseModelInput(model, batchBody))));
  measurements.loadModel!.push(timeCalls(200, () => loadFootfallModel()));
}
for (const [name, perRun] of Object.entries(measurements)) results[name] = summarise(perRun);

console.error('[bench] fresh processes');
const distEntry = join(packageDir, 'dist/index.js');
const emptyProcess: number[] = [];
const importAndLoad: number[] = [];
for (let run = 0; run < runs; run++) {
  emptyProcess.push(processMs('0', packageDir));
  importAndLoad.push(processMs(`const m = await import(${JSON.stringify(distEntry)}); m.loadFootfallModel();`, packageDir));
}

// 3. Report -------------------------------------------------------------------

const report = {
  name: 'footfall-predict',
  command: 'npm run bench -w @serverless-ai/footfall-model',
  measuredAt: new Date().toISOString(),
  machine,
  runs,
  callsPerRun: calls,
  model: { version: model.version, artifactBytes: statSync(DEFAULT_MODEL_PATH).size },
  notes: [
    'Per-call latencies in microseconds, median over runs of each run\'s p50/p99; they include timerOverhead.',
    'predictOneRow is model.predict on already-validated input; parseAndPredict* add parseModelInput on a raw body as a handler does.',
    'Batch figures are per request of 1,000 rows (divide by 1,000 for per row).',
    'freshProcess figures are wall times of `node` processes, including process start; importAndLoadMs minus emptyNodeMs is the cost of importing dist/index.js and loading the artifact.',
  ],
  results,
  freshProcess: {
    emptyNodeMs: round(median(emptyProcess), 1),
    importAndLoadMs: round(median(importAndLoad), 1),
    importAndLoadOverEmptyMs: round(median(importAndLoad) - median(emptyProcess), 1),
    emptyNodeMsPerRun: emptyProcess.map((v) => round(v, 1)),
    importAndLoadMsPerRun: importAndLoad.map((v) => round(v, 1)),
  },
  targets: {
    predictP50Us: { target: TARGET_PREDICT_P50_US, measured: results.predictOneRow!.p50Us, met: results.predictOneRow!.p50Us <= TARGET_PREDICT_P50_US },
  },
};

const outPath = resolve(args.out);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(`Wrote ${relative(process.cwd(), outPath)}`);
for (const [name, r] of Object.entries(results)) console.log(`  ${name.padEnd(26)} p50 ${String(r.p50Us).padStart(9)} µs   p99 ${String(r.p99Us).padStart(9)} µs`);
console.log(`  fresh node: ${report.freshProcess.emptyNodeMs} ms empty, ${report.freshProcess.importAndLoadMs} ms import + load`);
