/**
 * The deployed shapes the cost model prices: what the two CDK stacks configure.
 *
 * Why a copy: the Fargate task size comes from apps/recommender-container/lib/task-sizing.ts
 * (`sizeTaskForCatalog`), but a package must not depend on an app (the dependency would
 * point the wrong way, and turbo would not rebuild or re-test this package when the app's
 * lib/ changes, since lib/ is not in the app's build output). So the sized values for the
 * catalogs the contrast bench measured are written here, and a test in apps/demo-dashboard
 * (which already depends on the recommender app) checks them against `sizeTaskForCatalog`
 * and fails when they drift. Edit both together.
 */
import type { Architecture } from './prices.js';

/** A Fargate task size in ECS units. */
export interface TaskSize {
  /** CPU units; 1024 = 1 vCPU. */
  cpu: number;
  memoryMiB: number;
}

/** apps/footfall-lambda/lib/footfall-function.ts: arm64, 512 MB by default, behind an HTTP API. */
export const FOOTFALL_FUNCTION = { architecture: 'arm64' as Architecture, memoryMB: 512 };

/** apps/recommender-container/lib/recommender-stack.ts: service shape and autoscaling. */
export const RECOMMENDER_SERVICE = {
  architecture: 'x86_64' as Architecture,
  minTasks: 2,
  maxTasks: 6,
  cpuTargetPercent: 60,
  scaleOutCooldownSeconds: 60,
  /** The stack's second target-tracking policy: ALB requests per task per minute. */
  requestsPerTargetPerMinute: 3000,
  natGateways: 1,
  /** Embedding dimensions the contrast catalogs (and the sizing below) use. */
  dimensions: 64,
};

/** `sizeTaskForCatalog(movies, 64)` for the catalog sizes the contrast bench measured. */
export const RECOMMENDER_TASK_SIZES: ReadonlyArray<{ movies: number; task: TaskSize }> = [
  { movies: 1000, task: { cpu: 512, memoryMiB: 1024 } },
  { movies: 10_000, task: { cpu: 512, memoryMiB: 1024 } },
  { movies: 100_000, task: { cpu: 512, memoryMiB: 1024 } },
  { movies: 1_000_000, task: { cpu: 512, memoryMiB: 3072 } },
];

/**
 * The footfall model in a container (apps/cross-pairing's footfall-container), priced on the
 * same service shape as the recommender but on the smallest Fargate task: an assumption,
 * since no stack deploys it.
 */
export const FOOTFALL_SERVICE = { ...RECOMMENDER_SERVICE, task: { cpu: 256, memoryMiB: 512 } };

/** The task size for a catalog. @throws RangeError for a size not listed above */
export function recommenderTaskFor(movies: number): TaskSize {
  const row = RECOMMENDER_TASK_SIZES.find((r) => r.movies === movies);
  if (!row) throw new RangeError(`No task size recorded for ${movies} movies; add it to RECOMMENDER_TASK_SIZES (see sizeTaskForCatalog).`);
  return row.task;
}
