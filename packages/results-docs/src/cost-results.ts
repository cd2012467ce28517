/**
 * Part of the shared results format: one row of cost-model.json's `breakEven`, written by
 * packages/cost-model (src/cli/cost-results.ts) and read by the cost page
 * (src/pages/cost-and-scaling.ts), so writer and reader share one type.
 */

/** A break-even rate and both monthly bills at it; null when Lambda stays cheaper up to the scan's limit. */
export interface BreakEvenFigures {
  rps: number | null;
  requestsPerDay: number | null;
  lambdaUsd: number | null;
  fargateUsd: number | null;
}

/** One model on Lambda against its always-on home: the break-even without and with provisioned concurrency. */
export interface BreakEvenRow {
  home: string;
  movies: number | null;
  mode: string | null;
  lambdaMemoryMB: number;
  initMs: number;
  fitsPackageLimit: boolean;
  withoutProvisioned: BreakEvenFigures;
  withProvisioned: BreakEvenFigures & { count: number };
}
