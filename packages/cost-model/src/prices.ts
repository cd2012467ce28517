/**
 * The dated price table (prices/us-east-1.json) as typed values. Every price the cost
 * model and the simulation use is read here; no other file in the repository types a
 * price. Edit the JSON (and its `read` date and sources) when AWS changes a rate.
 */
import table from './prices/us-east-1.json' with { type: 'json' };

/** Lambda and Fargate processor architectures. */
export type Architecture = 'x86_64' | 'arm64';

/** One row of the price table. */
export interface PriceEntry {
  service: string;
  item: string;
  unit: string;
  values: Partial<Record<Architecture | 'any', number>>;
  source: string;
  figureSeen: string;
  note?: string;
  read: string;
}

/** A documented AWS fact the simulation uses (scaling rate, quotas, start delay). */
export interface FactEntry {
  text: string;
  source: string;
  read: string;
  note?: string;
  [value: string]: string | number | undefined;
}

/** The whole table, as committed. */
export interface PriceTable {
  region: string;
  currency: string;
  read: string;
  howFound: string;
  prices: Record<PriceKey, PriceEntry>;
  facts: Record<FactKey, FactEntry>;
}

/** Names of the priced items. */
export type PriceKey =
  | 'lambdaRequests'
  | 'lambdaDuration'
  | 'lambdaProvisionedConcurrency'
  | 'lambdaProvisionedDuration'
  | 'httpApiRequests'
  | 'fargateVcpuHour'
  | 'fargateGbHour'
  | 'albHour'
  | 'albLcuHour'
  | 'natGatewayHour'
  | 'efsStandardGbMonth'
  | 'memorydbSmallCluster';

/** Names of the documented facts. */
export type FactKey = 'lambdaScalingRate' | 'lambdaAccountConcurrency' | 'fargateTaskStart' | 'ecsTargetTracking';

/** The committed price table. */
export const PRICE_TABLE: PriceTable = table;

/** Flat numbers the formulas use, resolved for one Lambda and one Fargate architecture. */
export interface Prices {
  lambdaPerRequest: number;
  lambdaPerGbSecond: number;
  provisionedPerGbSecond: number;
  provisionedDurationPerGbSecond: number;
  /** HTTP API tiers: [upTo requests or Infinity, USD per request]. */
  httpApiTiers: ReadonlyArray<readonly [number, number]>;
  fargatePerVcpuHour: number;
  fargatePerGbHour: number;
  albPerHour: number;
  albPerLcuHour: number;
  natPerHour: number;
  efsPerGbMonth: number;
  memorydbClusterPerMonth: number;
}

/** Which architecture each home runs on. */
export interface ArchitectureChoice {
  lambda: Architecture;
  fargate: Architecture;
}

/**
 * A price from the table, for an architecture when the row has one.
 * @throws Error naming the row when the table has no figure for it (an unpriced row is null, never guessed)
 */
export function priceOf(key: PriceKey, architecture: Architecture, prices: PriceTable = PRICE_TABLE): number {
  const entry = prices.prices[key];
  const value = entry.values[architecture] ?? entry.values.any;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`The price table has no figure for ${key} (${architecture}): ${entry.figureSeen}`);
  return value;
}

/** A documented numeric fact from the table. @throws Error when the fact lacks that value */
export function factOf(key: FactKey, field: string, prices: PriceTable = PRICE_TABLE): number {
  const value = prices.facts[key][field];
  if (typeof value !== 'number') throw new Error(`The price table's fact ${key} has no number ${field}`);
  return value;
}

/** Resolves the table into per-unit numbers for the chosen architectures. */
export function resolvePrices(architectures: ArchitectureChoice, prices: PriceTable = PRICE_TABLE): Prices {
  const { lambda, fargate } = architectures;
  const httpApi = prices.prices.httpApiRequests as PriceEntry & { tiers: { upToMillionRequests: number | null; usdPerMillion: number }[] };
  return {
    lambdaPerRequest: priceOf('lambdaRequests', lambda, prices) / 1e6,
    lambdaPerGbSecond: priceOf('lambdaDuration', lambda, prices),
    provisionedPerGbSecond: priceOf('lambdaProvisionedConcurrency', lambda, prices),
    provisionedDurationPerGbSecond: priceOf('lambdaProvisionedDuration', lambda, prices),
    httpApiTiers: httpApi.tiers.map((tier) => [tier.upToMillionRequests === null ? Infinity : tier.upToMillionRequests * 1e6, tier.usdPerMillion / 1e6] as const),
    fargatePerVcpuHour: priceOf('fargateVcpuHour', fargate, prices),
    fargatePerGbHour: priceOf('fargateGbHour', fargate, prices),
    albPerHour: priceOf('albHour', fargate, prices),
    albPerLcuHour: priceOf('albLcuHour', fargate, prices),
    natPerHour: priceOf('natGatewayHour', fargate, prices),
    efsPerGbMonth: priceOf('efsStandardGbMonth', fargate, prices),
    memorydbClusterPerMonth: priceOf('memorydbSmallCluster', fargate, prices),
  };
}
