/**
 * The cost formulas, each against a case computed by hand in the test, and the model's
 * properties: zero traffic costs nothing on Lambda without provisioned concurrency but
 * does on Fargate, and no bill falls when traffic rises.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  billedMilliseconds,
  breakEven,
  diurnalDay,
  DIURNAL_SHARES,
  expectedColdStartsPerMonth,
  type FargateServiceInput,
  fargateMonthlyCost,
  flatDay,
  httpApiCost,
  lambdaMonthlyCost,
  PRICE_TABLE,
  priceOf,
  resolvePrices,
  tasksFor,
} from '../src/index.js';

const arm = resolvePrices({ lambda: 'arm64', fargate: 'x86_64' });
const x86 = resolvePrices({ lambda: 'x86_64', fargate: 'x86_64' });

const service: FargateServiceInput = {
  task: { cpu: 512, memoryMiB: 1024 },
  serviceMsPerRequest: 0.5,
  minTasks: 2,
  maxTasks: 6,
  cpuTarget: 0.6,
  requestsPerTargetPerMinute: 3000,
  natGateways: 1,
  efsGb: 0.5,
  memorydb: true,
  newConnectionsPerRequest: 1,
  bytesPerRequest: 4096,
};

const noProvisioning = { count: 0, hoursPerMonth: 730 };

describe('the price table', () => {
  it('dates every price, names its AWS page and says where the figure was seen', () => {
    expect(PRICE_TABLE.read).toBe('2026-12-03');
    expect(PRICE_TABLE.region).toBe('us-east-1');
    for (const [key, entry] of Object.entries(PRICE_TABLE.prices)) {
      expect(entry.read, key).toBe(PRICE_TABLE.read);
      expect(entry.source, key).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(entry.figureSeen.length, key).toBeGreaterThan(20);
    }
  });

  it('prices both architectures where AWS does', () => {
    expect(priceOf('lambdaDuration', 'x86_64')).toBe(0.0000166667);
    expect(priceOf('lambdaDuration', 'arm64')).toBe(0.0000133334);
    expect(priceOf('fargateVcpuHour', 'arm64')).toBeLessThan(priceOf('fargateVcpuHour', 'x86_64'));
    expect(priceOf('albHour', 'arm64')).toBe(priceOf('albHour', 'x86_64'));
  });
});

describe('Lambda formulas', () => {
  it('rounds a duration up to the next billed millisecond, with nothing billed for nothing', () => {
    expect(billedMilliseconds(0.016)).toBe(1);
    expect(billedMilliseconds(1)).toBe(1);
    expect(billedMilliseconds(1.0001)).toBe(2);
    expect(billedMilliseconds(0)).toBe(0);
  });

  it('bills requests, on-demand duration, inits and the HTTP API as worked out by hand (arm64)', () => {
    // 3 million requests of 2.4 ms at 512 MB, 100 cold starts of 40 ms:
    //   requests 3e6 × $0.20/1e6 = $0.60
    //   duration 3e6 × 0.003 s × 0.5 GB × $0.0000133334 = $0.0600003
    //   inits 100 × 0.040 s × 0.5 GB × $0.0000133334 = $0.0000266668
    //   HTTP API 3e6 × $1.00/1e6 = $3.00
    const bill = lambdaMonthlyCost({ requestsPerMonth: 3e6, memoryMB: 512, durationMs: 2.4, coldStartsPerMonth: 100, initMs: 40, provisioned: noProvisioning, httpApi: true }, arm);
    const usd = Object.fromEntries(bill.items.map((i) => [i.item, i.usd]));
    expect(usd['Lambda requests']).toBeCloseTo(0.6, 10);
    expect(usd['Lambda duration (on demand)']).toBeCloseTo(0.0600003, 10);
    expect(usd['Lambda init (cold starts)']).toBeCloseTo(0.0000266668, 12);
    expect(usd['API Gateway HTTP API']).toBeCloseTo(3, 10);
    expect(bill.totalUsd).toBeCloseTo(0.6 + 0.0600003 + 0.0000266668 + 3, 9);
  });

  it('bills provisioned concurrency for every configured second and its requests at the lower rate (x86_64)', () => {
    // 2 environments × 1 GB × 730 h × 3600 s × $0.0000041667 = $21.900175...
    // 1e6 requests × 0.010 s × 1 GB × $0.0000097222 = $0.097222 (average concurrency 0.0038 < 2: all covered)
    const bill = lambdaMonthlyCost({ requestsPerMonth: 1e6, memoryMB: 1024, durationMs: 10, coldStartsPerMonth: 0, initMs: 0, provisioned: { count: 2, hoursPerMonth: 730 }, httpApi: false }, x86);
    const usd = Object.fromEntries(bill.items.map((i) => [i.item, i.usd]));
    expect(usd['Provisioned concurrency']).toBeCloseTo(2 * 1 * 730 * 3600 * 0.0000041667, 8);
    expect(usd['Lambda duration (provisioned)']).toBeCloseTo(0.097222, 8);
    expect(usd['Lambda duration (on demand)']).toBe(0);
    expect(usd['API Gateway HTTP API']).toBeUndefined();
  });

  it('charges HTTP API requests past 300 million at the second tier', () => {
    // 300e6 × $1.00/1e6 + 100e6 × $0.90/1e6 = $300 + $90
    expect(httpApiCost(400e6, arm)).toBeCloseTo(390, 8);
    expect(httpApiCost(0, arm)).toBe(0);
  });

  it('expects cold starts from idle gaps at low traffic and from replacements at high traffic', () => {
    // 0.001 req/s: 2,628 requests a month, each finding no warm environment with probability e^(−0.6);
    // plus 365 replacements of its one environment: 2628 × 0.548812 + 365 = 1807.28
    expect(expectedColdStartsPerMonth(0.001, 1, 0)).toBeCloseTo(2628 * Math.exp(-0.6) + 365, 2);
    // 100 req/s of 15 ms → 2 environments, idle gaps never happen: 365 × 2 = 730
    expect(expectedColdStartsPerMonth(100, 15, 0)).toBeCloseTo(730, 6);
    expect(expectedColdStartsPerMonth(100, 15, 2)).toBe(0);
    expect(expectedColdStartsPerMonth(0, 15, 0)).toBe(0);
  });
});

describe('Fargate formulas', () => {
  it('keeps the minimum tasks until a target-tracking policy asks for more, and never more than the maximum', () => {
    expect(tasksFor(0, service)).toEqual({ tasks: 2, saturated: false });
    // 150 req/s: CPU 150 × 0.5 ms / 0.6 = 0.125 tasks; requests 150 × 60 / 3000 = 3 tasks
    expect(tasksFor(150, service).tasks).toBe(3);
    // 5,000 req/s: both policies want more than 6; 6 tasks serve at most 6 / 0.5 ms = 12,000 req/s
    expect(tasksFor(5000, service)).toEqual({ tasks: 6, saturated: false });
    expect(tasksFor(12_000, service)).toEqual({ tasks: 6, saturated: true });
  });

  it('bills an idle month as worked out by hand (x86_64)', () => {
    // tasks 2 × 730 h × (0.5 × $0.04048 + 1 × $0.004445) = 1460 × $0.024685 = $36.0401
    // ALB 730 × $0.0225 = $16.425; LCUs 0; NAT 730 × $0.045 = $32.85; EFS 0.5 × $0.30 = $0.15; MemoryDB $75
    const bill = fargateMonthlyCost(flatDay(0), service, x86);
    const usd = Object.fromEntries(bill.items.map((i) => [i.item, i.usd]));
    expect(usd['Fargate tasks']).toBeCloseTo(36.0401, 6);
    expect(usd['Load balancer hours']).toBeCloseTo(16.425, 9);
    expect(usd['Load balancer LCUs']).toBe(0);
    expect(usd['NAT gateway hours']).toBeCloseTo(32.85, 9);
    expect(usd['EFS storage']).toBeCloseTo(0.15, 9);
    expect(usd['MemoryDB (shared catalog, approximate)']).toBe(75);
    expect(bill.totalUsd).toBeCloseTo(36.0401 + 16.425 + 32.85 + 0.15 + 75, 6);
  });

  it('bills LCUs by new connections at 25 a second, as worked out by hand', () => {
    // 10 req/s all day: 10 / 25 = 0.4 LCU every hour → 0.4 × 730 × $0.008 = $2.336
    // (bytes: 10 × 3600 × 4096 / 1e9 = 0.147 GB an hour, under the connections' 0.4)
    const bill = fargateMonthlyCost(flatDay(864_000), service, x86);
    expect(bill.items.find((i) => i.item === 'Load balancer LCUs')!.usd).toBeCloseTo(2.336, 9);
  });

  it('follows the day hour by hour: a diurnal day needs more task-hours than a flat one of the same volume', () => {
    expect(DIURNAL_SHARES.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const requests = 8_000_000; // 93 req/s on average: 2 tasks all day when flat; the afternoon peak (164 req/s) needs 4
    const flat = fargateMonthlyCost(flatDay(requests), service, x86);
    const diurnal = fargateMonthlyCost(diurnalDay(requests), service, x86);
    expect(diurnal.peakTasks).toBeGreaterThan(flat.peakTasks);
    expect(diurnal.items[0]!.usd).toBeGreaterThan(flat.items[0]!.usd);
  });
});

describe('break-even', () => {
  it('finds where a straight line meets a constant, as solved by hand', () => {
    // 0.5 $ per req/s against $100: 200 req/s
    const found = breakEven((rps) => 0.5 * rps, () => 100);
    expect(Math.abs(found.rps! / 200 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(found.requestsPerDay! / (200 * 86_400) - 1)).toBeLessThan(1e-3);
  });

  it('says so when Lambda stays cheaper up to the limit', () => {
    expect(breakEven(() => 1, () => 100, 1000)).toEqual({ rps: null, requestsPerDay: null, lambdaUsd: null, fargateUsd: null });
  });
});

describe('properties', () => {
  const lambdaBill = (requestsPerMonth: number, provisioned: number): number =>
    lambdaMonthlyCost(
      {
        requestsPerMonth,
        memoryMB: 512,
        durationMs: 3,
        coldStartsPerMonth: expectedColdStartsPerMonth(requestsPerMonth / (730 * 3600), 3, provisioned),
        initMs: 500,
        provisioned: { count: provisioned, hoursPerMonth: 730 },
        httpApi: true,
      },
      arm,
    ).totalUsd;

  it('costs nothing on Lambda without provisioned concurrency when nobody calls, and does on Fargate', () => {
    expect(lambdaBill(0, 0)).toBe(0);
    expect(lambdaBill(0, 1)).toBeGreaterThan(0);
    expect(fargateMonthlyCost(flatDay(0), service, x86).totalUsd).toBeGreaterThan(0);
  });

  it('never costs less on either home when traffic rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 5 }), (a, b, provisioned) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(lambdaBill(high, provisioned)).toBeGreaterThanOrEqual(lambdaBill(low, provisioned) - 1e-9);
        const fargateLow = fargateMonthlyCost(flatDay(low / 30.4166), service, x86).totalUsd;
        const fargateHigh = fargateMonthlyCost(flatDay(high / 30.4166), service, x86).totalUsd;
        expect(fargateHigh).toBeGreaterThanOrEqual(fargateLow - 1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
