// Needed when you change how runs are summarised (median, percentile, rounding) or how the machine is described.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** Median of a non-empty list. */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Rounds to `digits` decimals. */
export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

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
