/**
 * A seeded, deterministic discrete-event simulation of one traffic profile hitting a home.
 *
 * Arrivals are Poisson with a rate that follows the profile. Events are processed in time
 * order; departures are kept as "free at" times in min-heaps, so a request's fate (served
 * warm, cold-started, queued, throttled or rejected) is decided when it arrives.
 *
 * Both homes start warm: Fargate with its minimum tasks running, Lambda with the environments
 * the profile's first rate keeps busy (at least one).
 *
 * - Lambda: a warm idle environment serves at once; otherwise a new one is created if the
 *   scaling rate allows (a token bucket of 1,000 environments refilled at 1,000 per 10 s, the
 *   documented rule) and the account limit is not reached, paying the measured cold start;
 *   otherwise the request is throttled (429). Provisioned environments start warm.
 * - Fargate: tasks behind a round-robin load balancer, each a FIFO queue in front of its
 *   workers with exponential service times (mean = the measured time); a request finding
 *   `queueBound` requests waiting is rejected. Every metric period the CPU utilisation and
 *   the requests per task are computed; when `evaluationPeriods` datapoints in a row are
 *   above target and the scale-out cooldown has passed, target tracking raises the task
 *   count to ceil(current × metric / target), and the new tasks serve after the start delay.
 *   Scale-in is not modelled (its alarm needs 15 minutes of low load, longer than an episode).
 */
import { billedMilliseconds, type CostBreakdown, DIURNAL_SHARES, fargateMonthlyCost, type FargateServiceInput, HOURS_PER_MONTH, lambdaMonthlyCost, SECONDS_PER_MONTH } from './cost.js';
import { factOf, type Prices } from './prices.js';
import { exponential, seededRandom } from './random.js';

/** A request rate over time: straight lines between (time s, requests/s) points. */
export interface TrafficProfile {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
}

/** The profile's rate at time t (s). */
export function rateAt(profile: TrafficProfile, t: number): number {
  const { points } = profile;
  if (t <= points[0]![0]) return points[0]![1];
  for (let i = 1; i < points.length; i += 1) {
    const [t1, r1] = points[i]!;
    const [t0, r0] = points[i - 1]!;
    if (t <= t1) return t1 === t0 ? r1 : r0 + ((r1 - r0) * (t - t0)) / (t1 - t0);
  }
  return points.at(-1)![1];
}

/** The profile's length in seconds. */
export const durationOf = (profile: TrafficProfile): number => profile.points.at(-1)![0];

/** The three profiles of the issue. */
export const PROFILES = {
  /** 100 requests/s for five minutes. */
  steady: { name: 'steady', points: [[0, 100], [300, 100]] },
  /** A shop's day compressed into 24 minutes (one minute per hour), averaging 50 requests/s. */
  diurnal: { name: 'diurnal', points: Array.from({ length: 25 }, (_, h) => [h * 60, 50 * 24 * DIURNAL_SHARES[h % 24]!] as const) },
  /** 10 requests/s for a minute, 2,000 requests/s one second later, held five minutes, then back to 10. */
  spike: { name: 'spike', points: [[0, 10], [60, 10], [61, 2000], [361, 2000], [362, 10], [420, 10]] },
} satisfies Record<string, TrafficProfile>;

/** A Lambda function as the simulation sees it. */
export interface LambdaHomeModel {
  kind: 'lambda';
  name: string;
  /** Handler time of a warm request. */
  serviceMs: number;
  /** Measured cold start added to the first request of each new environment. */
  coldStartMs: number;
  memoryMB: number;
  provisioned: number;
  /** Account concurrency limit. @default the documented default quota (1,000) */
  accountLimit?: number;
  /** New environments allowed per 10 seconds. @default the documented rate (1,000) */
  scalingPer10Seconds?: number;
  prices: Prices;
  httpApi: boolean;
}

/** A Fargate service as the simulation sees it. */
export interface FargateHomeModel {
  kind: 'fargate';
  name: string;
  service: FargateServiceInput;
  /** Parallel workers per task (1: a Node process on at most one vCPU). */
  workersPerTask: number;
  /** Requests allowed to wait per task before new ones are rejected. */
  queueBound: number;
  /** Provisioning, image pull and container start of a new task. */
  startDelayMs: number;
  metricPeriodSeconds: number;
  evaluationPeriods: number;
  scaleOutCooldownSeconds: number;
  /** Start with this many tasks. @default service.minTasks */
  initialTasks?: number;
  /** Turn autoscaling off (the M/M/c validation). @default true */
  autoscaling?: boolean;
  prices: Prices;
}

/** One window of the timeline. */
export interface Window {
  startS: number;
  arrivals: number;
  served: number;
  rejected: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Environments (Lambda) or serving tasks (Fargate) at the window's end. */
  capacity: number;
}

/** What one home did with one profile. */
export interface EpisodeResult {
  home: string;
  kind: 'lambda' | 'fargate';
  profile: string;
  seed: number;
  durationS: number;
  arrivals: number;
  served: number;
  /** Throttled (Lambda 429) or rejected at a full queue (Fargate). */
  rejected: number;
  /** Requests that waited in a queue before service (Fargate). */
  queued: number;
  /** Requests that paid a cold start (Lambda). */
  coldStarts: number;
  meanWaitMs: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** The highest p99 of any window: what the worst few seconds felt like. */
  worstWindowP99Ms: number | null;
  maxCapacity: number;
  windows: Window[];
  cost: CostBreakdown;
}

/** Options of a run. */
export interface RunOptions {
  seed?: number;
  /** Timeline window. @default 5 s */
  windowSeconds?: number;
  /** Stop after this many seconds. @default the profile's length */
  untilS?: number;
  /** Lambda: start with the environments the profile's first rate keeps warm, as after running at it for a while. @default true */
  warmStart?: boolean;
}

class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): number {
    return this.items[0] ?? Infinity;
  }
  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= value) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = value;
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= a.length) break;
        const right = left + 1;
        const child = right < a.length && a[right]! < a[left]! ? right : left;
        if (a[child]! >= last) break;
        a[i] = a[child]!;
        i = child;
      }
      a[i] = last;
    }
    return top;
  }
}

/** Arrival times (s) of a Poisson process following the profile, rate held constant per 100 ms slice. */
export function* arrivals(profile: TrafficProfile, random: () => number, untilS = durationOf(profile)): Generator<number> {
  const slice = 0.1;
  for (let start = 0; start < untilS - 1e-12; start += slice) {
    const end = Math.min(untilS, start + slice);
    const rate = rateAt(profile, start + slice / 2);
    if (rate <= 0) continue;
    let t = start + exponential(random, 1 / rate);
    while (t < end) {
      yield t;
      t += exponential(random, 1 / rate);
    }
  }
}

function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function worstP99(windows: readonly Window[]): number | null {
  const values = windows.map((w) => w.p99Ms).filter((v): v is number => v !== null);
  return values.length === 0 ? null : Math.max(...values);
}

class Timeline {
  readonly latencies: number[][] = [];
  readonly counts: { arrivals: number; served: number; rejected: number; capacity: number }[] = [];
  constructor(private readonly windowSeconds: number) {}
  private at(t: number): number {
    const i = Math.floor(t / this.windowSeconds);
    while (this.counts.length <= i) {
      this.counts.push({ arrivals: 0, served: 0, rejected: 0, capacity: 0 });
      this.latencies.push([]);
    }
    return i;
  }
  served(t: number, latencyMs: number, capacity: number): void {
    const i = this.at(t);
    this.counts[i]!.arrivals += 1;
    this.counts[i]!.served += 1;
    this.counts[i]!.capacity = capacity;
    this.latencies[i]!.push(latencyMs);
  }
  rejected(t: number, capacity: number): void {
    const i = this.at(t);
    this.counts[i]!.arrivals += 1;
    this.counts[i]!.rejected += 1;
    this.counts[i]!.capacity = capacity;
  }
  finish(durationS: number): { windows: Window[]; all: Float64Array } {
    this.at(Math.max(0, durationS - 1e-9));
    let capacity = 0;
    const windows = this.counts.map((c, i) => {
      const sorted = Float64Array.from(this.latencies[i]!).sort();
      if (c.arrivals > 0) capacity = c.capacity;
      return { startS: i * this.windowSeconds, arrivals: c.arrivals, served: c.served, rejected: c.rejected, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), capacity };
    });
    const all = Float64Array.from(this.latencies.flat()).sort();
    return { windows, all };
  }
}

/** What both homes count during an episode, in the order an `EpisodeResult` lists it. */
type EpisodeCounts = Pick<EpisodeResult, 'home' | 'kind' | 'profile' | 'seed' | 'durationS' | 'arrivals' | 'served' | 'rejected' | 'queued' | 'coldStarts' | 'meanWaitMs'>;

/** One result shape for both homes: the counts, the latency figures of the timeline, then capacity, windows and cost. */
function episodeResult(
  counts: EpisodeCounts,
  { maxCapacity, cost }: Pick<EpisodeResult, 'maxCapacity' | 'cost'>,
  { windows, all }: { windows: Window[]; all: Float64Array },
): EpisodeResult {
  return { ...counts, p50Ms: percentile(all, 0.5), p99Ms: percentile(all, 0.99), worstWindowP99Ms: worstP99(windows), maxCapacity, windows, cost };
}

/** Runs a Lambda home through a profile. */
export function simulateLambda(home: LambdaHomeModel, profile: TrafficProfile, options: RunOptions = {}): EpisodeResult {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const durationS = options.untilS ?? durationOf(profile);
  const limit = home.accountLimit ?? factOf('lambdaAccountConcurrency', 'concurrentExecutions');
  const bucketSize = home.scalingPer10Seconds ?? factOf('lambdaScalingRate', 'environmentsPer10Seconds');
  const refillPerSecond = bucketSize / 10;
  const timeline = new Timeline(options.windowSeconds ?? 5);
  // An environment stays busy for at least the billed millisecond; the latency reported is the measured time.
  const serviceS = Math.max(home.serviceMs, billedMilliseconds(home.serviceMs)) / 1000;
  // A warm start: the environments the profile's first rate keeps busy already exist (at least one, when it has traffic).
  const initialRate = rateAt(profile, 0);
  const warm = (options.warmStart ?? true) && initialRate > 0 ? Math.max(1, Math.ceil(initialRate * serviceS)) : 0;
  const freeAt = new MinHeap();
  for (let i = 0; i < Math.min(Math.max(home.provisioned, warm), limit); i += 1) freeAt.push(0);
  let environments = freeAt.size;
  let tokens = bucketSize;
  let lastRefill = 0;
  let arrived = 0;
  let served = 0;
  let rejected = 0;
  let coldStarts = 0;
  const coldS = home.coldStartMs / 1000;
  for (const t of arrivals(profile, random, durationS)) {
    arrived += 1;
    tokens = Math.min(bucketSize, tokens + (t - lastRefill) * refillPerSecond);
    lastRefill = t;
    if (freeAt.peek() <= t) {
      freeAt.pop();
      freeAt.push(t + serviceS);
      served += 1;
      timeline.served(t, home.serviceMs, environments);
    } else if (environments < limit && tokens >= 1) {
      tokens -= 1;
      environments += 1;
      coldStarts += 1;
      freeAt.push(t + coldS + serviceS);
      served += 1;
      timeline.served(t, home.coldStartMs + home.serviceMs, environments);
    } else {
      rejected += 1;
      timeline.rejected(t, environments);
    }
  }
  const cost = lambdaMonthlyCost(
    {
      requestsPerMonth: served,
      memoryMB: home.memoryMB,
      durationMs: home.serviceMs,
      coldStartsPerMonth: coldStarts,
      initMs: home.coldStartMs,
      provisioned: { count: home.provisioned, hoursPerMonth: durationS / 3600 },
      httpApi: home.httpApi,
    },
    home.prices,
  );
  return episodeResult(
    { home: home.name, kind: 'lambda', profile: profile.name, seed, durationS, arrivals: arrived, served, rejected, queued: 0, coldStarts, meanWaitMs: 0 },
    { maxCapacity: environments, cost },
    timeline.finish(durationS),
  );
}

interface Task {
  launchedAt: number;
  readyAt: number;
  workers: MinHeap;
  /** Start times of requests assigned to this task, oldest first (FIFO, so non-decreasing). */
  starts: number[];
  head: number;
}

/** Runs a Fargate service through a profile. */
export function simulateFargate(home: FargateHomeModel, profile: TrafficProfile, options: RunOptions = {}): EpisodeResult {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  // Service times draw from their own stream, so every home sees the same arrivals for a seed.
  const serviceRandom = seededRandom(seed ^ 0x9e3779b9);
  const durationS = options.untilS ?? durationOf(profile);
  const timeline = new Timeline(options.windowSeconds ?? 5);
  const { service } = home;
  const meanServiceS = service.serviceMsPerRequest / 1000;
  const newTask = (launchedAt: number, readyAt: number): Task => {
    const workers = new MinHeap();
    for (let w = 0; w < home.workersPerTask; w += 1) workers.push(readyAt);
    return { launchedAt, readyAt, workers, starts: [], head: 0 };
  };
  const tasks: Task[] = Array.from({ length: home.initialTasks ?? service.minTasks }, () => newTask(0, 0));
  let roundRobin = 0;
  let arrived = 0;
  let served = 0;
  let rejected = 0;
  let queued = 0;
  let totalWaitS = 0;
  let taskSeconds = 0;
  // Metric period bookkeeping.
  let periodEnd = home.metricPeriodSeconds;
  let busyS = 0;
  let periodArrivals = 0;
  let breaches = 0;
  let lastScaleOut = -Infinity;
  const autoscaling = home.autoscaling ?? true;
  const readyCount = (t: number): number => tasks.reduce((n, task) => n + (task.readyAt <= t ? 1 : 0), 0);

  const closePeriod = (end: number): void => {
    const ready = Math.max(1, readyCount(end));
    const cpu = busyS / (ready * home.workersPerTask * home.metricPeriodSeconds);
    const perTaskPerMinute = ((periodArrivals / ready) * 60) / home.metricPeriodSeconds;
    const cpuRatio = cpu / service.cpuTarget;
    const requestRatio = service.requestsPerTargetPerMinute ? perTaskPerMinute / service.requestsPerTargetPerMinute : 0;
    const ratio = Math.max(cpuRatio, requestRatio);
    breaches = ratio > 1 ? breaches + 1 : 0;
    if (autoscaling && breaches >= home.evaluationPeriods && end - lastScaleOut >= home.scaleOutCooldownSeconds && tasks.length < service.maxTasks) {
      const desired = Math.min(service.maxTasks, Math.ceil(tasks.length * ratio));
      for (let n = tasks.length; n < desired; n += 1) tasks.push(newTask(end, end + home.startDelayMs / 1000));
      lastScaleOut = end;
    }
    busyS = 0;
    periodArrivals = 0;
  };

  for (const t of arrivals(profile, random, durationS)) {
    while (t >= periodEnd) {
      closePeriod(periodEnd);
      periodEnd += home.metricPeriodSeconds;
    }
    arrived += 1;
    periodArrivals += 1;
    const ready = tasks.filter((task) => task.readyAt <= t);
    const task = ready[roundRobin % ready.length]!;
    roundRobin += 1;
    while (task.head < task.starts.length && task.starts[task.head]! <= t) task.head += 1;
    if (task.head > 4096) {
      task.starts.splice(0, task.head);
      task.head = 0;
    }
    const waiting = task.starts.length - task.head;
    if (waiting >= home.queueBound) {
      rejected += 1;
      timeline.rejected(t, ready.length);
      continue;
    }
    const start = Math.max(t, task.workers.pop());
    const serviceS = exponential(serviceRandom, meanServiceS);
    task.workers.push(start + serviceS);
    task.starts.push(start);
    const waitS = start - t;
    if (waitS > 0) queued += 1;
    totalWaitS += waitS;
    busyS += serviceS;
    served += 1;
    timeline.served(t, (waitS + serviceS) * 1000, ready.length);
  }
  for (const task of tasks) taskSeconds += Math.max(0, durationS - task.launchedAt);
  const meanWaitMs = served > 0 ? (totalWaitS / served) * 1000 : 0;
  return episodeResult(
    { home: home.name, kind: 'fargate', profile: profile.name, seed, durationS, arrivals: arrived, served, rejected, queued, coldStarts: 0, meanWaitMs },
    { maxCapacity: tasks.length, cost: fargateEpisodeCost(taskSeconds, arrived, durationS, service, home.prices) },
    timeline.finish(durationS),
  );
}

/**
 * The episode's Fargate bill: task-seconds (billed from the launch decision) at the task
 * price, the fixed hourly items for the episode's length, and LCUs for its requests.
 */
export function fargateEpisodeCost(taskSeconds: number, requests: number, durationS: number, service: FargateServiceInput, prices: Prices): CostBreakdown {
  const share = durationS / SECONDS_PER_MONTH;
  const month = fargateMonthlyCost(Array.from({ length: 24 }, () => 0), { ...service, minTasks: 0 }, prices);
  const vcpu = service.task.cpu / 1024;
  const gb = service.task.memoryMiB / 1024;
  const hours = taskSeconds / 3600;
  const lcuHours = Math.max((requests * service.newConnectionsPerRequest) / 25, (requests * service.bytesPerRequest) / 1e9) / 3600;
  const items = [
    { item: 'Fargate tasks', usd: hours * (vcpu * prices.fargatePerVcpuHour + gb * prices.fargatePerGbHour), basis: `${(taskSeconds / 3600).toFixed(3)} task-hours` },
    { item: 'Load balancer LCUs', usd: lcuHours * prices.albPerLcuHour, basis: `${lcuHours.toFixed(4)} LCU-hours` },
    ...month.items
      .filter((i) => i.item !== 'Fargate tasks' && i.item !== 'Load balancer LCUs')
      .map((i) => ({ item: i.item, usd: i.usd * share, basis: `${(durationS / 3600).toFixed(3)} h of ${HOURS_PER_MONTH}` })),
  ];
  return { totalUsd: items.reduce((s, i) => s + i.usd, 0), items };
}
