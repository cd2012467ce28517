/**
 * docs/results/cost-model.json: the break-even rates and the monthly cost against traffic,
 * from the committed price table and measurements. The docs page and the cost chart are
 * generated from it.
 */
import { compareHomes } from '../comparison.js';
import type { BreakEvenRow } from '@serverless-ai/results-docs';
import type { Measurements } from '../measured.js';
import { PRICE_TABLE } from '../prices.js';

/** The requests-per-day grid of the cost curve: 1,000 to 1 billion, four points a decade. */
export const CURVE_REQUESTS_PER_DAY: readonly number[] = Array.from({ length: 25 }, (_, i) => Math.round(1000 * 10 ** (i / 4)));

/** The recommender variants plotted on the cost chart (snapshot packages, the cheaper init). */
export const CURVE_RECOMMENDER_MOVIES = [10_000, 100_000] as const;

/** Shape of cost-model.json. */
export interface CostResults {
  benchmark: 'cost-model';
  command: string;
  priceTable: { region: string; read: string; sources: { item: string; source: string }[] };
  measuredFrom: Measurements['sources'];
  machine: Measurements['machine'];
  /** One row per model on Lambda (the shared results format, packages/results-docs). */
  breakEven: BreakEvenRow[];
  curve: { requestsPerDay: number; series: string; usd: number }[];
}

/** Builds cost-model.json's content. */
export function buildCostResults(m: Measurements): CostResults {
  const base = compareHomes(m, { requestsPerDay: 0 });
  const curve: CostResults['curve'] = [];
  for (const requestsPerDay of CURVE_REQUESTS_PER_DAY) {
    const c = compareHomes(m, { requestsPerDay });
    curve.push({ requestsPerDay, series: 'footfall on Lambda', usd: c.footfall.lambda.totalUsd }, { requestsPerDay, series: 'footfall on Fargate', usd: c.footfall.fargate.totalUsd });
    for (const movies of CURVE_RECOMMENDER_MOVIES) {
      const r = c.recommender.find((x) => x.movies === movies && x.mode === 'snapshot');
      if (!r) continue;
      const label = `${movies / 1000}k movies`;
      curve.push({ requestsPerDay, series: `recommender ${label} on Lambda`, usd: r.lambda.totalUsd }, { requestsPerDay, series: `recommender ${label} on Fargate`, usd: r.fargate.totalUsd });
    }
  }
  return {
    benchmark: 'cost-model',
    command: 'npm run cost -- --write-results',
    priceTable: {
      region: PRICE_TABLE.region,
      read: PRICE_TABLE.read,
      sources: Object.values(PRICE_TABLE.prices).map((p) => ({ item: `${p.service}: ${p.item}`, source: p.source })),
    },
    measuredFrom: m.sources,
    machine: m.machine,
    breakEven: [
      {
        home: 'footfall',
        movies: null,
        mode: null,
        lambdaMemoryMB: base.footfall.lambda.memoryMB,
        initMs: base.footfall.lambda.initMs,
        fitsPackageLimit: true,
        ...base.footfall.breakEven,
      },
      ...base.recommender.map((r) => ({ home: 'recommender', movies: r.movies, mode: r.mode, lambdaMemoryMB: r.lambda.memoryMB, initMs: r.lambda.initMs, fitsPackageLimit: r.fitsPackageLimit, ...r.breakEven })),
    ],
    curve,
  };
}
