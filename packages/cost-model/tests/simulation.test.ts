/**
 * The elasticity simulation: its queue against the closed-form M/M/c waiting time, its
 * Lambda scaling against the documented rate, determinism, and one spike episode on the
 * homes built from the committed measurements.
 */
import { describe, expect, it } from 'vitest';
import {
  erlangC,
  type FargateHomeModel,
  type LambdaHomeModel,
  mmcMeanWait,
  PROFILES,
  resolvePrices,
  runElasticity,
  simulateFargate,
  simulateLambda,
  type TrafficProfile,
} from '../src/index.js';
import { loadMeasurements } from '../src/cli/files.js';

const prices = resolvePrices({ lambda: 'x86_64', fargate: 'x86_64' });

function singleTask(workers: number, serviceMs: number): FargateHomeModel {
  return {
    kind: 'fargate',
    name: 'one task',
    workersPerTask: workers,
    queueBound: Infinity,
    startDelayMs: 0,
    metricPeriodSeconds: 60,
    evaluationPeriods: 3,
    scaleOutCooldownSeconds: 60,
    initialTasks: 1,
    autoscaling: false,
    prices,
    service: {
      task: { cpu: 1024, memoryMiB: 2048 },
      serviceMsPerRequest: serviceMs,
      minTasks: 1,
      maxTasks: 1,
      cpuTarget: 0.6,
      natGateways: 0,
      efsGb: 0,
      memorydb: false,
      newConnectionsPerRequest: 1,
      bytesPerRequest: 0,
    },
  };
}

const steady = (rps: number, seconds: number): TrafficProfile => ({ name: 'steady', points: [[0, rps], [seconds, rps]] });

describe('Erlang C', () => {
  it('matches values worked out by hand', () => {
    // c = 1: P(wait) = ρ. c = 2, a = 1: B = 1/5, C = B / (1 − ½ + ½B) = 0.2 / 0.6 = 1/3
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    // M/M/1, λ = 70/s, μ = 100/s: Wq = ρ / (μ − λ) = 0.7 / 30 s
    expect(mmcMeanWait(70, 100, 1)).toBeCloseTo(0.7 / 30, 12);
    expect(() => erlangC(2, 2)).toThrow(RangeError);
  });
});

describe('the Fargate queue model in steady state', () => {
  // Tolerance: 5 % of the closed form, for 10 minutes of arrivals (about 180,000 requests).
  const TOLERANCE = 0.05;

  it('waits as long as an M/M/4 queue says (λ = 300/s, mean service 10 ms, ρ = 0.75)', () => {
    const result = simulateFargate(singleTask(4, 10), steady(300, 600), { seed: 7 });
    const expectedMs = mmcMeanWait(300, 100, 4) * 1000;
    expect(result.rejected).toBe(0);
    expect(Math.abs(result.meanWaitMs / expectedMs - 1)).toBeLessThan(TOLERANCE);
  });

  it('waits as long as an M/M/1 queue says (λ = 1,500/s, mean service 0.5 ms, ρ = 0.75)', () => {
    const result = simulateFargate(singleTask(1, 0.5), steady(1500, 120), { seed: 3 });
    const expectedMs = mmcMeanWait(1500, 2000, 1) * 1000;
    expect(Math.abs(result.meanWaitMs / expectedMs - 1)).toBeLessThan(TOLERANCE);
  });

  it('rejects requests once a task has its bound of requests waiting', () => {
    const home = { ...singleTask(1, 10), queueBound: 5 };
    const result = simulateFargate(home, steady(200, 30), { seed: 1 });
    expect(result.rejected).toBeGreaterThan(0);
    expect(result.served + result.rejected).toBe(result.arrivals);
  });
});

describe('the Lambda model', () => {
  const longRunning: LambdaHomeModel = {
    kind: 'lambda',
    name: 'slow function',
    serviceMs: 100_000,
    coldStartMs: 0,
    memoryMB: 128,
    provisioned: 0,
    accountLimit: 100_000,
    prices,
    httpApi: false,
  };

  it('grows by the documented 1,000 environments every 10 seconds once its first 1,000 are used', () => {
    const result = simulateLambda(longRunning, steady(2000, 60), { seed: 5, windowSeconds: 10, warmStart: false });
    const atWindowEnd = result.windows.map((w) => w.capacity);
    // First window: the full bucket (1,000) plus 10 s of refill at 100/s.
    expect(atWindowEnd[0]).toBeGreaterThan(1980);
    expect(atWindowEnd[0]).toBeLessThanOrEqual(2000);
    for (let i = 1; i < atWindowEnd.length; i += 1) {
      const grown = atWindowEnd[i]! - atWindowEnd[i - 1]!;
      expect(Math.abs(grown / 1000 - 1), `growth in window ${i}: ${grown}`).toBeLessThan(0.02);
    }
    expect(result.rejected).toBeGreaterThan(0);
  });

  it('throttles at the account limit and serves warm from provisioned environments', () => {
    const capped = simulateLambda({ ...longRunning, accountLimit: 300 }, steady(100, 10), { seed: 5, warmStart: false });
    expect(capped.maxCapacity).toBe(300);
    const warm = simulateLambda({ ...longRunning, serviceMs: 1, coldStartMs: 500, provisioned: 3 }, steady(5, 60), { seed: 5 });
    expect(warm.coldStarts).toBe(0);
    expect(warm.p99Ms).toBe(1);
  });

  it('costs nothing when nobody calls, unlike a Fargate task', () => {
    const quiet: TrafficProfile = { name: 'quiet', points: [[0, 0], [60, 0]] };
    expect(simulateLambda(longRunning, quiet).cost.totalUsd).toBe(0);
    expect(simulateFargate(singleTask(1, 1), quiet).cost.totalUsd).toBeGreaterThan(0);
  });
});

describe('a spike on the homes built from the committed measurements', () => {
  const measurements = loadMeasurements();

  it('gives the same result for the same seed and another for another seed', () => {
    const home = singleTask(1, 0.5);
    const a = simulateFargate(home, steady(1000, 20), { seed: 11 });
    expect(simulateFargate(home, steady(1000, 20), { seed: 11 })).toEqual(a);
    expect(simulateFargate(home, steady(1000, 20), { seed: 12 }).meanWaitMs).not.toBe(a.meanWaitMs);
  });

  it('accounts for every request, cold-starts Lambda and scales Fargate only after its alarm and start delay', () => {
    const result = runElasticity(measurements, 'spike', { seed: 1 });
    const arrivals = new Set(result.homes.map((h) => h.arrivals));
    expect(arrivals.size, 'every home sees the same arrivals').toBe(1);
    for (const home of result.homes) expect(home.served + home.rejected).toBe(home.arrivals);
    for (const home of result.homes.filter((h) => h.kind === 'lambda')) expect(home.coldStarts).toBeGreaterThan(0);
    const fargate = result.homes.find((h) => h.home === 'recommender on Fargate')!;
    const firstScaled = fargate.windows.find((w) => w.capacity > 2)!;
    // The spike starts at 60 s; three one-minute datapoints above target, then 30 s of provisioning.
    expect(firstScaled.startS).toBeGreaterThanOrEqual(60 + 180 + 30 - 5);
    expect(fargate.maxCapacity).toBe(6);
    // The spike's 2,000 requests/s keep Lambda's per-request fees above Fargate's prorated fixed costs.
    const lambda = result.homes.find((h) => h.home === 'recommender on Lambda (snapshot)')!;
    expect(lambda.cost.totalUsd).toBeGreaterThan(fargate.cost.totalUsd);
    expect(PROFILES.spike.points.at(-1)![0]).toBe(result.homes[0]!.durationS);
  });
});
