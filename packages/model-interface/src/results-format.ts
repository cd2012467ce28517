/**
 * The results format every bench writes and every renderer reads: the machine block
 * (a figure without its machine is not a measurement) and the few statistics the
 * benches quote. It lives here, at the bottom of the dependency graph, so a model
 * package's own bench and the docs renderers (packages/results-docs) share one copy.
 * Node-only (it reads node:os): import it as `@serverless-ai/model-interface/results-format`,
 * never from the browser-safe main entry.
 */
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';

/** The machine block every results file records. */
export interface MachineBlock {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

/** A machine block with the 1-minute load average when the run started (above the core count: a busy, noisy machine). */
export interface MachineAtStart extends MachineBlock {
  loadAverageAtStart: number;
}

/** This machine, now: the block a bench writes into its results JSON. */
export function machine(): MachineAtStart {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()}-${arch()}`,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

// Medians, because a cold start or a request on a shared machine has a long right tail
// that a mean would let one slow run dominate.

/** Median of a non-empty list (mean of the middle two for an even count). @throws RangeError on an empty list */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The `p`th percentile (0–100) of a non-empty list by the nearest-rank method: the
 * smallest value with at least p % of the list at or below it, always a measured value.
 * @throws RangeError on an empty list or a p outside 0–100
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of nothing');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0–100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Rounds for the JSON: digits beyond these are noise. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
