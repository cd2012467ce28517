/**
 * Small measuring helpers for the index benchmark: latency percentiles, timed passes and
 * forced garbage collection. The machine block and medians are the shared results format's
 * (@serverless-ai/results-docs), re-exported here for the bench's other files.
 * Edit this file to change how a figure is summarised, not what is measured.
 */
import { createHistogram } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { machine, type MachineAtStart, median, round } from '@serverless-ai/results-docs';

/** The machine a result was measured on, as every `docs/results/*.json` records it (the shared results format). */
export type Machine = MachineAtStart;

/** This machine now, with the 1-minute load average at the start of the run. */
export const describeMachine = machine;

export { median, round };

/** One timed pass over many operations: per-operation latency percentiles and throughput. */
export interface PassTiming {
  /** Operations per second over the whole pass. */
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Runs `operation(i)` for i in [0, count), timing each call with `performance.now`
 * into a `node:perf_hooks` histogram (nanosecond resolution, 3 significant digits).
 */
export function timePass(count: number, operation: (i: number) => void): PassTiming {
  const histogram = createHistogram();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    operation(i);
    histogram.record(Math.max(1, Math.round((performance.now() - t0) * 1e6)));
  }
  const elapsedMs = performance.now() - start;
  return { opsPerSecond: (count / elapsedMs) * 1000, p50Ms: histogram.percentile(50) / 1e6, p99Ms: histogram.percentile(99) / 1e6 };
}

/** Medians of several passes, plus every pass's throughput so the spread is visible. */
export function summarisePasses(passes: readonly PassTiming[]): { qps: number; p50Ms: number; p99Ms: number; qpsPerRun: number[] } {
  return {
    qps: round(median(passes.map((p) => p.opsPerSecond)), 1),
    p50Ms: round(median(passes.map((p) => p.p50Ms)), 4),
    p99Ms: round(median(passes.map((p) => p.p99Ms)), 4),
    qpsPerRun: passes.map((p) => round(p.opsPerSecond, 1)),
  };
}

/** Milliseconds `fn` takes, with its result. */
export function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/**
 * A full garbage collection, so memory readings are not inflated by garbage. Works
 * without `--expose-gc` on the command line by enabling it at run time.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}
