/**
 * VitePress data loader for deploying.md: what each CDK stack costs per hour while it stands
 * with no traffic, computed at build time from the cost model's price table and the stack
 * shapes it records (packages/cost-model/src/prices.ts and stacks.ts, imported from source).
 * No price is typed here; the page prints what this returns, with the table's date and sources.
 */
import { defineLoader } from 'vitepress';
import { PRICE_TABLE, priceOf, type PriceKey } from '../../packages/cost-model/src/prices.js';
import { FOOTFALL_FUNCTION, RECOMMENDER_SERVICE, RECOMMENDER_TASK_SIZES } from '../../packages/cost-model/src/stacks.js';
import { HOURS_PER_MONTH } from '../../packages/cost-model/src/cost.js';

/** One priced line of a standing stack. */
export interface StandingLine {
  item: string;
  usdPerHour: number;
  /** How the figure is made, in words a reader can check. */
  basis: string;
  source: string;
}

/** What a standing stack costs per hour, by line. */
export interface StandingCost {
  lines: StandingLine[];
  totalUsdPerHour: number;
}

/** Everything deploying.md shows. */
export interface StackCosts {
  region: string;
  pricesRead: string;
  footfallIdle: StandingCost;
  /** Provisioned concurrency, per environment kept warm, per hour. */
  footfallPerProvisionedEnvironmentUsdPerHour: number;
  footfallMemoryMB: number;
  footfallArchitecture: string;
  recommender: Array<{ catalogs: string; vcpu: number; memoryGiB: number; cost: StandingCost }>;
  recommenderMinTasks: number;
  notPriced: string[];
}

/** What the page imports: the loader's result, made at build time. */
export declare const data: StackCosts;

const source = (key: PriceKey): string => PRICE_TABLE.prices[key].source;

function total(lines: StandingLine[]): StandingCost {
  return { lines, totalUsdPerHour: lines.reduce((sum, line) => sum + line.usdPerHour, 0) };
}

/** Builds the figures; exported for the test that checks them against the price table. */
export function stackCosts(): StackCosts {
  const fargate = RECOMMENDER_SERVICE.architecture;
  const lambda = FOOTFALL_FUNCTION.architecture;
  const gb = FOOTFALL_FUNCTION.memoryMB / 1024;
  const perProvisioned = priceOf('lambdaProvisionedConcurrency', lambda) * gb * 3600;

  const bySize = new Map<string, { movies: number[]; cpu: number; memoryMiB: number }>();
  for (const { movies, task } of RECOMMENDER_TASK_SIZES) {
    const key = `${task.cpu}/${task.memoryMiB}`;
    const row = bySize.get(key) ?? { movies: [], cpu: task.cpu, memoryMiB: task.memoryMiB };
    row.movies.push(movies);
    bySize.set(key, row);
  }

  const recommender = [...bySize.values()].map(({ movies, cpu, memoryMiB }) => {
    const vcpu = cpu / 1024;
    const memoryGiB = memoryMiB / 1024;
    const taskHour = vcpu * priceOf('fargateVcpuHour', fargate) + memoryGiB * priceOf('fargateGbHour', fargate);
    return {
      catalogs: movies.map((m) => m.toLocaleString('en-US')).join(', '),
      vcpu,
      memoryGiB,
      cost: total([
        {
          item: `Fargate: ${RECOMMENDER_SERVICE.minTasks} tasks (the service's minimum) of ${vcpu} vCPU, ${memoryGiB} GB, ${fargate}`,
          usdPerHour: RECOMMENDER_SERVICE.minTasks * taskHour,
          basis: 'tasks × (vCPU × vCPU-hour rate + GB × GB-hour rate)',
          source: source('fargateVcpuHour'),
        },
        { item: 'Application Load Balancer (hourly charge; LCUs at idle left out)', usdPerHour: priceOf('albHour', fargate), basis: 'one ALB-hour', source: source('albHour') },
        {
          item: `NAT gateway × ${RECOMMENDER_SERVICE.natGateways} (data processed left out)`,
          usdPerHour: RECOMMENDER_SERVICE.natGateways * priceOf('natGatewayHour', fargate),
          basis: 'NAT gateway-hours',
          source: source('natGatewayHour'),
        },
        {
          item: 'MemoryDB cluster for the shared catalog stream (approximate)',
          usdPerHour: priceOf('memorydbSmallCluster', fargate) / HOURS_PER_MONTH,
          basis: `approximate monthly figure ÷ ${HOURS_PER_MONTH} hours`,
          source: source('memorydbSmallCluster'),
        },
        {
          item: 'EFS storage for 1 GB of snapshots and update log',
          usdPerHour: priceOf('efsStandardGbMonth', fargate) / HOURS_PER_MONTH,
          basis: `GB-month rate ÷ ${HOURS_PER_MONTH} hours, for 1 GB stored`,
          source: source('efsStandardGbMonth'),
        },
      ]),
    };
  });

  return {
    region: PRICE_TABLE.region,
    pricesRead: PRICE_TABLE.read,
    footfallIdle: total([
      { item: 'Lambda function with no provisioned concurrency', usdPerHour: 0, basis: 'billed per request and per GB-second of duration only', source: source('lambdaDuration') },
      { item: 'HTTP API', usdPerHour: 0, basis: 'billed per request only', source: source('httpApiRequests') },
    ]),
    footfallPerProvisionedEnvironmentUsdPerHour: perProvisioned,
    footfallMemoryMB: FOOTFALL_FUNCTION.memoryMB,
    footfallArchitecture: lambda,
    recommender,
    recommenderMinTasks: RECOMMENDER_SERVICE.minTasks,
    notPriced: [
      'CloudWatch Logs ingestion and storage, and Container Insights metrics (both stacks)',
      'Secrets Manager: the admin token and the catalog-stream password (recommender)',
      'S3 storage of the ALB access logs and the CDK assets (small, grows with use)',
      'Data transfer, NAT gateway data processing, ALB capacity units under load',
    ],
  };
}

export default defineLoader({
  load: (): StackCosts => stackCosts(),
});
