/**
 * The homes the elasticity simulation compares, built from the measurements and the
 * stacks: each model on its own home and on the other's. The recommender forced onto
 * Lambda appears twice, with the contrast bench's 100k-movie packages: the index loaded
 * from a snapshot, and built at init.
 */
import { footfallService, lambdaMemoryFor, recommenderLambdaSide, recommenderService } from './comparison.js';
import type { Measurements } from './measured.js';
import { factOf, PRICE_TABLE, resolvePrices } from './prices.js';
import { type EpisodeResult, type FargateHomeModel, type LambdaHomeModel, PROFILES, type RunOptions, simulateFargate, simulateLambda } from './simulation.js';
import { FOOTFALL_FUNCTION, FOOTFALL_SERVICE, RECOMMENDER_SERVICE } from './stacks.js';

/** Catalog the recommender homes are simulated at. */
export const SIMULATED_MOVIES = 100_000;
/** Requests that may wait per task before the next is rejected: an assumption (no such bound is configured; it stands for client timeouts). */
export const QUEUE_BOUND_PER_TASK = 200;
/** CloudWatch one-minute datapoints above target before target tracking scales out: an assumption (see the price table's ecsTargetTracking note). */
export const EVALUATION_PERIODS = 3;

/** The simulated homes. */
export function elasticityHomes(m: Measurements, provisioned = 0): (LambdaHomeModel | FargateHomeModel)[] {
  const provisioningMs = factOf('fargateTaskStart', 'provisioningSeconds') * 1000;
  const footfallPrices = resolvePrices({ lambda: FOOTFALL_FUNCTION.architecture, fargate: FOOTFALL_SERVICE.architecture });
  const recommenderPrices = resolvePrices({ lambda: 'x86_64', fargate: RECOMMENDER_SERVICE.architecture });
  const runOf = (mode: 'build' | 'snapshot') => {
    const run = m.recommender.onLambda.find((r) => r.movies === SIMULATED_MOVIES && r.mode === mode);
    if (!run) throw new Error(`docs/results/contrast.json has no ${mode} measurement at ${SIMULATED_MOVIES} movies`);
    return run;
  };
  const snapshotRun = runOf('snapshot');
  const buildRun = runOf('build');
  const containerStart = [...m.recommender.containerStartMs].sort((a, b) => Math.abs(a.movies - SIMULATED_MOVIES) - Math.abs(b.movies - SIMULATED_MOVIES))[0];
  if (!containerStart) throw new Error('docs/results/recommender-container.json has no start-up measurement');
  const fargateCommon = {
    workersPerTask: 1,
    queueBound: QUEUE_BOUND_PER_TASK,
    metricPeriodSeconds: 60,
    evaluationPeriods: EVALUATION_PERIODS,
    scaleOutCooldownSeconds: RECOMMENDER_SERVICE.scaleOutCooldownSeconds,
  };
  const recommenderLambda = recommenderLambdaSide(m, snapshotRun);
  return [
    {
      kind: 'lambda',
      name: 'footfall on Lambda',
      serviceMs: m.footfall.warmHandlerMs,
      coldStartMs: m.footfall.coldStartMs,
      memoryMB: FOOTFALL_FUNCTION.memoryMB,
      provisioned,
      prices: footfallPrices,
      httpApi: true,
    },
    {
      kind: 'fargate',
      name: 'footfall on Fargate',
      ...fargateCommon,
      startDelayMs: provisioningMs + m.footfall.coldStartMs,
      prices: footfallPrices,
      service: footfallService(m),
    },
    {
      kind: 'fargate',
      name: 'recommender on Fargate',
      ...fargateCommon,
      startDelayMs: provisioningMs + containerStart.readyMs,
      prices: recommenderPrices,
      service: recommenderService(m, SIMULATED_MOVIES, snapshotRun.snapshotBytes),
    },
    {
      kind: 'lambda',
      name: 'recommender on Lambda (snapshot)',
      serviceMs: recommenderLambda.durationMs,
      coldStartMs: snapshotRun.coldStartMs,
      memoryMB: lambdaMemoryFor(snapshotRun.peakRssMiB),
      provisioned,
      prices: recommenderPrices,
      httpApi: true,
    },
    {
      kind: 'lambda',
      name: 'recommender on Lambda (index built at init)',
      serviceMs: recommenderLambda.durationMs,
      coldStartMs: buildRun.coldStartMs,
      memoryMB: lambdaMemoryFor(buildRun.peakRssMiB),
      provisioned,
      prices: recommenderPrices,
      httpApi: true,
    },
  ];
}

/** Names of the traffic profiles. */
export type ProfileName = keyof typeof PROFILES;

/** The simulation's output for one profile, as written to docs/results/elasticity.json. */
export interface ElasticityResult {
  benchmark: 'elasticity';
  command: string;
  profile: ProfileName;
  profilePoints: ReadonlyArray<readonly [number, number]>;
  seed: number;
  priceTable: { region: string; read: string };
  measuredFrom: Measurements['sources'];
  machine: Measurements['machine'];
  parameters: Record<string, number | string>;
  homes: EpisodeResult[];
}

/** Runs every home through one profile. */
export function runElasticity(m: Measurements, profile: ProfileName, options: RunOptions & { provisioned?: number } = {}): ElasticityResult {
  const seed = options.seed ?? 1;
  const homes = elasticityHomes(m, options.provisioned ?? 0).map((home) =>
    home.kind === 'lambda' ? simulateLambda(home, PROFILES[profile], { ...options, seed }) : simulateFargate(home, PROFILES[profile], { ...options, seed }),
  );
  return {
    benchmark: 'elasticity',
    command: `npm run simulate -- --profile ${profile} --json`,
    profile,
    profilePoints: PROFILES[profile].points,
    seed,
    priceTable: { region: PRICE_TABLE.region, read: PRICE_TABLE.read },
    measuredFrom: m.sources,
    machine: m.machine,
    parameters: {
      simulatedMovies: SIMULATED_MOVIES,
      lambdaScalingPer10Seconds: factOf('lambdaScalingRate', 'environmentsPer10Seconds'),
      lambdaAccountLimit: factOf('lambdaAccountConcurrency', 'concurrentExecutions'),
      fargateProvisioningSeconds: factOf('fargateTaskStart', 'provisioningSeconds'),
      queueBoundPerTask: QUEUE_BOUND_PER_TASK,
      evaluationPeriods: EVALUATION_PERIODS,
      metricPeriodSeconds: 60,
      scaleOutCooldownSeconds: RECOMMENDER_SERVICE.scaleOutCooldownSeconds,
      cpuTargetPercent: RECOMMENDER_SERVICE.cpuTargetPercent,
      requestsPerTargetPerMinute: RECOMMENDER_SERVICE.requestsPerTargetPerMinute,
      provisionedConcurrency: options.provisioned ?? 0,
    },
    homes,
  };
}
