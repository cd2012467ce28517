/**
 * Both homes of both models, priced for one traffic level: the numbers the CLI prints
 * and the demo page's "What would it cost you?" panel shows. One function, so the two
 * cannot disagree (a test in apps/demo-dashboard checks that they do not).
 */
import {
  billedMilliseconds,
  type BreakEven,
  breakEven,
  type CostBreakdown,
  diurnalDay,
  expectedColdStartsPerMonth,
  type FargateServiceInput,
  fargateMonthlyCost,
  flatDay,
  HOURS_PER_MONTH,
  lambdaMonthlyCost,
  SECONDS_PER_MONTH,
} from './cost.js';
import type { Measurements, RecommenderOnLambdaMeasurement } from './measured.js';
import { PRICE_TABLE, type Prices, resolvePrices } from './prices.js';
import { FOOTFALL_FUNCTION, FOOTFALL_SERVICE, RECOMMENDER_SERVICE, recommenderTaskFor, type TaskSize } from './stacks.js';

/** What the reader chooses. */
export interface ComparisonInputs {
  requestsPerDay: number;
  /** Provisioned concurrency on the Lambda side. @default 0 */
  provisioned?: number;
  /** Hours a month the provisioned concurrency is kept (requests outside them are billed on demand). @default 730, all month */
  provisionedHours?: number;
  /** Footfall function memory. @default the stack's 512 MB */
  memoryMB?: number;
  /** How the day's requests are spread. @default 'flat' */
  dayShape?: 'flat' | 'diurnal';
}

/** Bytes through the load balancer per request (request + response), for its LCU charge: an assumption. */
export const BYTES_PER_REQUEST = 4096;
/** New connections per request at the load balancer: 1 (no keep-alive), the conservative assumption. */
export const NEW_CONNECTIONS_PER_REQUEST = 1;
/** Provisioned concurrency used for the "with provisioned concurrency" break-even when the reader chose none. */
export const DEFAULT_PROVISIONED_FOR_BREAK_EVEN = 2;

/** One model on its two homes. */
export interface HomeComparison {
  lambda: CostBreakdown & { memoryMB: number; billedMs: number; initMs: number; coldStartsPerMonth: number };
  fargate: CostBreakdown & { task: TaskSize; peakTasks: number; saturatedHours: number };
  breakEven: { withoutProvisioned: BreakEven; withProvisioned: BreakEven & { count: number } };
}

/** The recommender forced onto Lambda at one measured catalog size and init mode. */
export interface RecommenderComparison extends HomeComparison {
  movies: number;
  mode: 'build' | 'snapshot';
  /** False when the measured package is larger than Lambda's unzipped limit: priced anyway, as a what-if. */
  fitsPackageLimit: boolean;
}

/** Everything for one traffic level. */
export interface Comparison {
  inputs: Required<ComparisonInputs>;
  priceTable: { region: string; read: string };
  footfall: HomeComparison;
  recommender: RecommenderComparison[];
}

/** Lambda memory for a process of this peak size: 30 % headroom, in 64 MB steps, at least 128 MB. */
export function lambdaMemoryFor(peakRssMiB: number): number {
  return Math.max(128, Math.ceil(peakRssMiB / 0.7 / 64) * 64);
}

/** Time one request keeps a task busy: the measured time on one core, stretched by a fractional vCPU (Node uses one core). */
export function serviceMsOn(task: TaskSize, msPerCore: number): number {
  return msPerCore / Math.min(1, task.cpu / 1024);
}

/** The day shape as 24 hourly rates. */
export function dayOf(requestsPerDay: number, shape: 'flat' | 'diurnal'): number[] {
  return shape === 'diurnal' ? diurnalDay(requestsPerDay) : flatDay(requestsPerDay);
}

interface LambdaSide {
  memoryMB: number;
  durationMs: number;
  initMs: number;
  httpApi: boolean;
}

function lambdaAt(requestsPerDay: number, side: LambdaSide, provisioned: number, hoursPerMonth: number, prices: Prices): HomeComparison['lambda'] {
  const rps = requestsPerDay / 86_400;
  // Outside the provisioned hours the function cold-starts like one without provisioned concurrency.
  const coveredShare = hoursPerMonth / HOURS_PER_MONTH;
  const coldStartsPerMonth = coveredShare * expectedColdStartsPerMonth(rps, side.durationMs, provisioned) + (1 - coveredShare) * expectedColdStartsPerMonth(rps, side.durationMs, 0);
  const bill = lambdaMonthlyCost(
    {
      requestsPerMonth: rps * SECONDS_PER_MONTH,
      memoryMB: side.memoryMB,
      durationMs: side.durationMs,
      coldStartsPerMonth,
      initMs: side.initMs,
      provisioned: { count: provisioned, hoursPerMonth },
      httpApi: side.httpApi,
    },
    prices,
  );
  return { ...bill, memoryMB: side.memoryMB, billedMs: billedMilliseconds(side.durationMs), initMs: side.initMs, coldStartsPerMonth };
}

function compareHome(inputs: Required<ComparisonInputs>, side: LambdaSide, service: FargateServiceInput, prices: Prices): HomeComparison {
  const lambda = lambdaAt(inputs.requestsPerDay, side, inputs.provisioned, inputs.provisionedHours, prices);
  const fargate = { ...fargateMonthlyCost(dayOf(inputs.requestsPerDay, inputs.dayShape), service, prices), task: service.task };
  // Both break-even searches scan the same rates: price each Fargate rate once.
  const fargateTotals = new Map<number, number>();
  const fargateAt = (rps: number): number => {
    let totalUsd = fargateTotals.get(rps);
    if (totalUsd === undefined) {
      totalUsd = fargateMonthlyCost(dayOf(rps * 86_400, inputs.dayShape), service, prices).totalUsd;
      fargateTotals.set(rps, totalUsd);
    }
    return totalUsd;
  };
  const withCount = inputs.provisioned > 0 ? inputs.provisioned : DEFAULT_PROVISIONED_FOR_BREAK_EVEN;
  return {
    lambda,
    fargate,
    breakEven: {
      withoutProvisioned: breakEven((rps) => lambdaAt(rps * 86_400, side, 0, HOURS_PER_MONTH, prices).totalUsd, fargateAt),
      withProvisioned: { ...breakEven((rps) => lambdaAt(rps * 86_400, side, withCount, inputs.provisionedHours, prices).totalUsd, fargateAt), count: withCount },
    },
  };
}

/** The footfall Lambda as deployed (memory from the stack unless chosen), and its container twin. */
function footfallHome(m: Measurements, inputs: Required<ComparisonInputs>, prices: Prices): HomeComparison {
  const side: LambdaSide = { memoryMB: inputs.memoryMB, durationMs: m.footfall.warmHandlerMs, initMs: m.footfall.coldStartMs, httpApi: true };
  return compareHome(inputs, side, footfallService(m), prices);
}

/** The footfall predictor's container twin as a Fargate service: Express overhead plus the measured handler time. */
export function footfallService(m: Measurements): FargateServiceInput {
  return {
    task: FOOTFALL_SERVICE.task,
    serviceMsPerRequest: serviceMsOn(FOOTFALL_SERVICE.task, m.recommender.helloWorldServiceMsPerCore + m.footfall.warmHandlerMs),
    minTasks: FOOTFALL_SERVICE.minTasks,
    maxTasks: FOOTFALL_SERVICE.maxTasks,
    cpuTarget: FOOTFALL_SERVICE.cpuTargetPercent / 100,
    requestsPerTargetPerMinute: FOOTFALL_SERVICE.requestsPerTargetPerMinute,
    natGateways: FOOTFALL_SERVICE.natGateways,
    efsGb: 0,
    memorydb: false,
    newConnectionsPerRequest: NEW_CONNECTIONS_PER_REQUEST,
    bytesPerRequest: BYTES_PER_REQUEST,
  };
}

/** The recommender's Fargate service for a catalog, as its stack sizes and scales it. */
export function recommenderService(m: Measurements, movies: number, snapshotBytes: number): FargateServiceInput {
  const task = recommenderTaskFor(movies);
  return {
    task,
    serviceMsPerRequest: serviceMsOn(task, m.recommender.serviceMsPerCore),
    minTasks: RECOMMENDER_SERVICE.minTasks,
    maxTasks: RECOMMENDER_SERVICE.maxTasks,
    cpuTarget: RECOMMENDER_SERVICE.cpuTargetPercent / 100,
    requestsPerTargetPerMinute: RECOMMENDER_SERVICE.requestsPerTargetPerMinute,
    natGateways: RECOMMENDER_SERVICE.natGateways,
    efsGb: snapshotBytes / 1e9,
    memorydb: true,
    newConnectionsPerRequest: NEW_CONNECTIONS_PER_REQUEST,
    bytesPerRequest: BYTES_PER_REQUEST,
  };
}

/** The recommender's Lambda side at one measured size: memory from its peak, init from its cold start. */
export function recommenderLambdaSide(m: Measurements, run: RecommenderOnLambdaMeasurement): LambdaSide {
  return { memoryMB: lambdaMemoryFor(run.peakRssMiB), durationMs: m.recommender.warmHandlerMs, initMs: run.coldStartMs, httpApi: true };
}

/**
 * Prices both models on both homes. The footfall Lambda runs on arm64 (its stack); the
 * recommender on Lambda on x86_64 (its native addon is built for x86_64), and both
 * Fargate services on x86_64 (the recommender stack's platform).
 */
export function compareHomes(m: Measurements, chosen: ComparisonInputs): Comparison {
  if (!Number.isFinite(chosen.requestsPerDay) || chosen.requestsPerDay < 0) throw new RangeError(`requestsPerDay must be a non-negative number, got ${chosen.requestsPerDay}`);
  const inputs: Required<ComparisonInputs> = {
    requestsPerDay: chosen.requestsPerDay,
    provisioned: chosen.provisioned ?? 0,
    provisionedHours: chosen.provisionedHours ?? HOURS_PER_MONTH,
    memoryMB: chosen.memoryMB ?? FOOTFALL_FUNCTION.memoryMB,
    dayShape: chosen.dayShape ?? 'flat',
  };
  if (!Number.isFinite(inputs.provisionedHours) || inputs.provisionedHours < 0 || inputs.provisionedHours > HOURS_PER_MONTH) throw new RangeError(`provisionedHours must be from 0 to ${HOURS_PER_MONTH}, got ${inputs.provisionedHours}`);
  if (!Number.isInteger(inputs.provisioned) || inputs.provisioned < 0) throw new RangeError(`provisioned must be a non-negative integer, got ${inputs.provisioned}`);
  if (!Number.isFinite(inputs.memoryMB) || inputs.memoryMB < 128 || inputs.memoryMB > 10_240) throw new RangeError(`memoryMB must be between 128 and 10240, got ${inputs.memoryMB}`);
  const footfallPrices = resolvePrices({ lambda: FOOTFALL_FUNCTION.architecture, fargate: FOOTFALL_SERVICE.architecture });
  const recommenderPrices = resolvePrices({ lambda: 'x86_64', fargate: RECOMMENDER_SERVICE.architecture });
  return {
    inputs,
    priceTable: { region: PRICE_TABLE.region, read: PRICE_TABLE.read },
    footfall: footfallHome(m, inputs, footfallPrices),
    recommender: m.recommender.onLambda.map((run) => ({
      movies: run.movies,
      mode: run.mode,
      fitsPackageLimit: run.fitsPackageLimit,
      ...compareHome(inputs, recommenderLambdaSide(m, run), recommenderService(m, run.movies, run.snapshotBytes), recommenderPrices),
    })),
  };
}
