/**
 * Bench internals: read this when you want to know how bench/predict.ts times a call (warm-up, per-call hrtime into a histogram, medians over runs) or a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { createHistogram } from 'node:perf_hooks';
import { machine, median, round } from '@serverless-ai/model-interface/results-format';

export { median, round };

/** The machine a run measured on, with the load average at the start (a busy machine shows here). */
export const describeMachine = machine;

/** Times `count` calls one by one; returns p50 and p99 in microseconds. */
export function timeCalls(count: number, operation: (i: number) => unknown): { p50Us: number; p99Us: number } {
  for (let i = 0; i < Math.min(count, 5_000); i++) operation(i); // warm-up: let V8 optimise the path
  const histogram = createHistogram();
  let sink = 0;
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    const result = operation(i);
    histogram.record(Math.max(1, Number(process.hrtime.bigint() - t0)));
    if (result !== undefined) sink++;
  }
  if (sink < 0) console.log(sink); // keeps results alive so the calls cannot be optimised away
  return { p50Us: histogram.percentile(50) / 1000, p99Us: histogram.percentile(99) / 1000 };
}

/** Median p50/p99 over runs, with each run's p50 so the spread is visible. */
export function summarise(perRun: { p50Us: number; p99Us: number }[]): { p50Us: number; p99Us: number; p50UsPerRun: number[] } {
  return {
    p50Us: round(median(perRun.map((r) => r.p50Us))),
    p99Us: round(median(perRun.map((r) => r.p99Us))),
    p50UsPerRun: perRun.map((r) => round(r.p50Us)),
  };
}

/** Wall time of a fresh `node` process running `code` in `cwd`, in ms. */
export function processMs(code: string, cwd: string): number {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return performance.now() - t0;
}
