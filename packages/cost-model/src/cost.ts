/**
 * Monthly cost of each home, line by line, and the break-even request rate.
 *
 *   Lambda  = requests × request price + Σ billed GB-seconds × duration price (on demand, cold-start
 *             inits, or under provisioned concurrency) + provisioned GB-seconds configured + HTTP API requests
 *   Fargate = Σ over the hours of a day of running tasks × (vCPU × vCPU-hour + GB × GB-hour) × 730/24
 *             + ALB hours + LCU-hours + NAT gateway hours + EFS GB-months + MemoryDB cluster
 *
 * A month is 730 hours (AWS's own convention). Every price comes from prices.ts.
 */
import type { Prices } from './prices.js';
import type { TaskSize } from './stacks.js';

/** Hours in a billing month, as AWS's calculator counts them. */
export const HOURS_PER_MONTH = 730;
/** Seconds in that month. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** A billing month in days (730 / 24). */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** One line of a bill. */
export interface LineItem {
  item: string;
  usd: number;
  /** How it was computed, in words and numbers (built when read: bills are priced in hot loops by the break-even search). */
  readonly basis: string;
}

/** A home's monthly bill. */
export interface CostBreakdown {
  totalUsd: number;
  items: LineItem[];
}

const total = (items: LineItem[]): CostBreakdown => ({ totalUsd: items.reduce((sum, i) => sum + i.usd, 0), items });

/** Lambda bills duration in 1 ms steps, rounded up (AWS Lambda pricing page). */
export function billedMilliseconds(durationMs: number): number {
  if (durationMs <= 0) return 0;
  return Math.ceil(durationMs - 1e-9);
}

/** Cost of `requests` HTTP API calls under the tiered price. */
export function httpApiCost(requests: number, prices: Prices): number {
  let left = requests;
  let previous = 0;
  let usd = 0;
  for (const [upTo, perRequest] of prices.httpApiTiers) {
    const inTier = Math.min(left, upTo - previous);
    usd += inTier * perRequest;
    left -= inTier;
    previous = upTo;
    if (left <= 0) break;
  }
  return usd;
}

/** What a Lambda home is asked to do in a month. */
export interface LambdaMonthInput {
  requestsPerMonth: number;
  memoryMB: number;
  /** Measured handler time per request (rounded up to the billed millisecond here). */
  durationMs: number;
  /** New execution environments started in the month, each paying `initMs` of billed duration. */
  coldStartsPerMonth: number;
  initMs: number;
  /** Provisioned concurrency: environments kept initialised, and for how many hours of the month. */
  provisioned: { count: number; hoursPerMonth: number };
  /** Requests arrive through an HTTP API (the footfall stack's front door). */
  httpApi: boolean;
}

/**
 * The month's Lambda bill. Requests served while provisioned concurrency covers the
 * average concurrency are billed at the provisioned duration rate; the rest on demand.
 */
export function lambdaMonthlyCost(input: LambdaMonthInput, prices: Prices): CostBreakdown {
  const gb = input.memoryMB / 1024;
  const billedSeconds = billedMilliseconds(input.durationMs) / 1000;
  const { count, hoursPerMonth } = input.provisioned;
  const averageRps = input.requestsPerMonth / SECONDS_PER_MONTH;
  const averageConcurrency = averageRps * billedSeconds;
  const coveredShare = count > 0 ? (hoursPerMonth / HOURS_PER_MONTH) * Math.min(1, averageConcurrency === 0 ? 1 : count / averageConcurrency) : 0;
  const underProvisioned = input.requestsPerMonth * coveredShare;
  const onDemand = input.requestsPerMonth - underProvisioned;
  const items: LineItem[] = [
    { item: 'Lambda requests', usd: input.requestsPerMonth * prices.lambdaPerRequest, get basis() { return `${fmt(input.requestsPerMonth)} requests`; } },
    {
      item: 'Lambda duration (on demand)',
      usd: onDemand * billedSeconds * gb * prices.lambdaPerGbSecond,
      get basis() { return `${fmt(onDemand)} requests × ${billedSeconds * 1000} ms × ${fmt(gb)} GB`; },
    },
    {
      item: 'Lambda init (cold starts)',
      usd: input.coldStartsPerMonth * (billedMilliseconds(input.initMs) / 1000) * gb * prices.lambdaPerGbSecond,
      get basis() { return `${fmt(input.coldStartsPerMonth)} cold starts × ${fmt(input.initMs)} ms × ${fmt(gb)} GB`; },
    },
  ];
  if (count > 0) {
    items.push(
      {
        item: 'Provisioned concurrency',
        usd: count * gb * hoursPerMonth * 3600 * prices.provisionedPerGbSecond,
        get basis() { return `${count} × ${fmt(gb)} GB × ${hoursPerMonth} h`; },
      },
      {
        item: 'Lambda duration (provisioned)',
        usd: underProvisioned * billedSeconds * gb * prices.provisionedDurationPerGbSecond,
        get basis() { return `${fmt(underProvisioned)} requests × ${billedSeconds * 1000} ms × ${fmt(gb)} GB`; },
      },
    );
  }
  if (input.httpApi) items.push({ item: 'API Gateway HTTP API', usd: httpApiCost(input.requestsPerMonth, prices), get basis() { return `${fmt(input.requestsPerMonth)} requests`; } });
  return total(items);
}

/** Assumptions behind the expected number of cold starts (not AWS-documented figures). */
export interface ColdStartAssumptions {
  /** An idle environment is kept this long before it is reclaimed. */
  idleMinutes: number;
  /** A busy environment is still replaced after this long. */
  lifetimeHours: number;
}

/** The model's defaults: Lambda documents neither figure, so they are stated assumptions. */
export const DEFAULT_COLD_START_ASSUMPTIONS: ColdStartAssumptions = { idleMinutes: 10, lifetimeHours: 2 };

/**
 * Expected cold starts in a month at a steady Poisson rate: a request finds no warm
 * environment when none arrived in the idle window (probability e^(−λ·idle)), and every
 * environment kept busy is replaced once per lifetime. Environments covered by provisioned
 * concurrency never cold start for the requests they serve.
 */
export function expectedColdStartsPerMonth(rps: number, durationMs: number, provisioned: number, assumptions: ColdStartAssumptions = DEFAULT_COLD_START_ASSUMPTIONS): number {
  if (rps <= 0) return 0;
  const concurrency = Math.max(1, Math.ceil(rps * (billedMilliseconds(durationMs) / 1000)));
  if (provisioned >= concurrency) return 0;
  const requests = rps * SECONDS_PER_MONTH;
  const idleMisses = requests * Math.exp(-rps * assumptions.idleMinutes * 60);
  const replacements = (HOURS_PER_MONTH / assumptions.lifetimeHours) * (concurrency - provisioned);
  return Math.min(requests, idleMisses + replacements);
}

/** The Fargate service being priced. */
export interface FargateServiceInput {
  task: TaskSize;
  /** Time one request keeps one task busy at this task's CPU share. */
  serviceMsPerRequest: number;
  minTasks: number;
  maxTasks: number;
  /** CPU target of the target-tracking policy, as a fraction (0.6 = 60 %). */
  cpuTarget: number;
  /** Second target-tracking policy: ALB requests per task per minute (omit for none). */
  requestsPerTargetPerMinute?: number;
  natGateways: number;
  efsGb: number;
  memorydb: boolean;
  /** ALB LCU dimensions: new connections per request (1 = no keep-alive) and bytes through the ALB per request. */
  newConnectionsPerRequest: number;
  bytesPerRequest: number;
}

/** Tasks the two target-tracking policies settle on for a steady rate, within min and max. */
export function tasksFor(rps: number, service: FargateServiceInput): { tasks: number; saturated: boolean } {
  const byCpu = Math.ceil((rps * service.serviceMsPerRequest) / 1000 / service.cpuTarget - 1e-9);
  const byRequests = service.requestsPerTargetPerMinute ? Math.ceil((rps * 60) / service.requestsPerTargetPerMinute - 1e-9) : 0;
  const wanted = Math.max(service.minTasks, byCpu, byRequests);
  const tasks = Math.min(service.maxTasks, wanted);
  const capacityRps = (tasks * 1000) / service.serviceMsPerRequest;
  return { tasks, saturated: rps >= capacityRps };
}

/**
 * The month's Fargate bill for a day shape: `hourlyRps[h]` is the request rate during
 * hour h of every day (24 values). Tasks follow the autoscaling policies hour by hour.
 */
export function fargateMonthlyCost(hourlyRps: readonly number[], service: FargateServiceInput, prices: Prices): CostBreakdown & { peakTasks: number; saturatedHours: number } {
  if (hourlyRps.length !== 24) throw new RangeError(`hourlyRps needs 24 values, got ${hourlyRps.length}`);
  const vcpu = service.task.cpu / 1024;
  const gb = service.task.memoryMiB / 1024;
  const taskHourUsd = vcpu * prices.fargatePerVcpuHour + gb * prices.fargatePerGbHour;
  let taskHoursPerDay = 0;
  let lcuHoursPerDay = 0;
  let peakTasks = 0;
  let saturatedHours = 0;
  for (const rps of hourlyRps) {
    const { tasks, saturated } = tasksFor(rps, service);
    taskHoursPerDay += tasks;
    peakTasks = Math.max(peakTasks, tasks);
    if (saturated) saturatedHours += 1;
    const byConnections = (rps * service.newConnectionsPerRequest) / 25;
    const byBytes = (rps * 3600 * service.bytesPerRequest) / 1e9;
    lcuHoursPerDay += Math.max(byConnections, byBytes);
  }
  const items: LineItem[] = [
    {
      item: 'Fargate tasks',
      usd: taskHoursPerDay * DAYS_PER_MONTH * taskHourUsd,
      get basis() { return `${fmt(taskHoursPerDay * DAYS_PER_MONTH)} task-hours × (${fmt(vcpu)} vCPU + ${fmt(gb)} GB)`; },
    },
    { item: 'Load balancer hours', usd: HOURS_PER_MONTH * prices.albPerHour, get basis() { return `${HOURS_PER_MONTH} h`; } },
    { item: 'Load balancer LCUs', usd: lcuHoursPerDay * DAYS_PER_MONTH * prices.albPerLcuHour, get basis() { return `${fmt(lcuHoursPerDay * DAYS_PER_MONTH)} LCU-hours`; } },
    { item: 'NAT gateway hours', usd: service.natGateways * HOURS_PER_MONTH * prices.natPerHour, get basis() { return `${service.natGateways} × ${HOURS_PER_MONTH} h`; } },
  ];
  if (service.efsGb > 0) items.push({ item: 'EFS storage', usd: service.efsGb * prices.efsPerGbMonth, get basis() { return `${fmt(service.efsGb)} GB-month`; } });
  if (service.memorydb) items.push({ item: 'MemoryDB (shared catalog, approximate)', usd: prices.memorydbClusterPerMonth, basis: 'db.t4g.small, 1 shard + 1 replica' });
  return { ...total(items), peakTasks, saturatedHours };
}

/** A day with the same rate every hour. */
export function flatDay(requestsPerDay: number): number[] {
  return Array.from({ length: 24 }, () => requestsPerDay / 86_400);
}

/**
 * A day shaped like a shop's traffic: quiet at night, peaking mid-afternoon
 * (a raised cosine with its low at 04:00). The shares sum to one.
 */
export const DIURNAL_SHARES: readonly number[] = (() => {
  const raw = Array.from({ length: 24 }, (_, h) => 0.15 + (1 - Math.cos((2 * Math.PI * (h - 4)) / 24)) / 2);
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => r / sum);
})();

/** A day with `requestsPerDay` spread by `DIURNAL_SHARES`. */
export function diurnalDay(requestsPerDay: number): number[] {
  return DIURNAL_SHARES.map((share) => (requestsPerDay * share) / 3600);
}

/** The rate at which two monthly costs meet. */
export interface BreakEven {
  /** Average requests per second at which Lambda stops being cheaper; null when it never does below `maxRps`. */
  rps: number | null;
  requestsPerDay: number | null;
  /** Both bills at that rate. */
  lambdaUsd: number | null;
  fargateUsd: number | null;
}

/**
 * The lowest steady rate at which `lambdaAt(rps)` reaches `fargateAt(rps)`: a scan over a 90-step
 * log grid (a factor 1.4 a step) finds the first crossing, bisection narrows it to 0.1 %.
 */
export function breakEven(lambdaAt: (rps: number) => number, fargateAt: (rps: number) => number, maxRps = 100_000): BreakEven {
  const diff = (rps: number): number => lambdaAt(rps) - fargateAt(rps);
  if (diff(0) >= 0) return { rps: 0, requestsPerDay: 0, lambdaUsd: lambdaAt(0), fargateUsd: fargateAt(0) };
  const steps = 90;
  let low = 0;
  let high: number | null = null;
  for (let i = 0; i <= steps; i += 1) {
    const rps = 1e-4 * (maxRps / 1e-4) ** (i / steps);
    if (diff(rps) >= 0) {
      high = rps;
      break;
    }
    low = rps;
  }
  if (high === null) return { rps: null, requestsPerDay: null, lambdaUsd: null, fargateUsd: null };
  let found: number = high;
  while (found - low > found * 1e-3) {
    const mid: number = (low + found) / 2;
    if (diff(mid) >= 0) found = mid;
    else low = mid;
  }
  return { rps: found, requestsPerDay: found * 86_400, lambdaUsd: lambdaAt(found), fargateUsd: fargateAt(found) };
}

/** A number for a `basis` text: thousands separated above 100, three significant digits below (no Intl: this runs in hot loops). */
function fmt(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 100) return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return Number(value.toPrecision(3)).toString();
}
