// Needed when you change how runs are summarised (median, percentile, rounding) or how the machine is described.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { median, percentile, round as roundTo } from '@serverless-ai/model-interface/results-format';

// The statistics are the results format's, shared with every other bench.
export { median, percentile };

/** Rounds to `digits` decimals (2 unless a figure needs more). */
export const round = (value: number, digits = 2): number => roundTo(value, digits);

/** p50, p99 and max of latencies in ms. */
export function latencySummary(latencies: number[]): { p50Ms: number; p99Ms: number; maxMs: number } {
  return { p50Ms: round(percentile(latencies, 50), 3), p99Ms: round(percentile(latencies, 99), 3), maxMs: round(Math.max(...latencies), 3) };
}

/** One progress line on stdout, timestamped. */
export const log = (message: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** The 1/5/15-minute load averages now, rounded. */
export const loadNow = (): number[] => loadavg().map((l) => round(l, 2));

/** The machine the figures were measured on; load averages above the core count mean other work shared the CPUs. */
export function machine(loadAtStart: number[]) {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage: { atStart: loadAtStart, atEnd: loadNow() },
  };
}
