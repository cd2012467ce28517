/**
 * Latency as the page sees it: every timed request adds a sample, and the table shows
 * nearest-rank percentiles. Kept in memory only; "Reset" starts over.
 */

/** One measured request. */
export interface LatencySample {
  /** `performance.now()` after the body was read, minus before `fetch`. */
  totalMs: number;
  /** The demo proxy's `Server-Timing: upstream;dur=…`, when present. */
  upstreamMs: number | null;
}

/** Summary statistics of one service's samples. */
export interface LatencyStats {
  count: number;
  p50: number | null;
  p99: number | null;
  last: number | null;
  upstreamP50: number | null;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** Collects samples per service and tells listeners when they change. */
export class LatencyRecorder {
  private readonly samples = new Map<string, LatencySample[]>();
  private readonly listeners = new Set<() => void>();

  record(service: string, sample: LatencySample): void {
    const list = this.samples.get(service) ?? [];
    list.push(sample);
    this.samples.set(service, list);
    this.listeners.forEach((listener) => listener());
  }

  stats(service: string): LatencyStats {
    const list = this.samples.get(service) ?? [];
    const totals = list.map((s) => s.totalMs);
    const upstream = list.map((s) => s.upstreamMs).filter((v): v is number => v !== null);
    return {
      count: list.length,
      p50: percentile(totals, 50),
      p99: percentile(totals, 99),
      last: totals.at(-1) ?? null,
      upstreamP50: percentile(upstream, 50),
    };
  }

  reset(): void {
    this.samples.clear();
    this.listeners.forEach((listener) => listener());
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }
}
