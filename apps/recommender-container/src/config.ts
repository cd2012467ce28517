/**
 * Service configuration, read once from the environment and validated with zod so a
 * typo fails at start-up with a clear message instead of misbehaving later.
 *
 * Edit this file to add a setting: add it to `envSchema`, document it in the README's
 * "Run locally" table, and (if it matters on AWS) set it in lib/recommender-stack.ts.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

/** Parsed, typed settings. Every field has a default except the admin token. */
export interface ServiceConfig {
  /** TCP port. Env `RECOMMENDER_PORT`. @default 3002 */
  port: number;
  /** Interface to bind. Env `HOST`. @default '0.0.0.0' (all interfaces, as a container needs) */
  host: string;
  /** Writable folder for the embedded update log and the index snapshots. Env `DATA_DIR`. @default `<cwd>/.data/recommender` */
  dataDir: string;
  /** Folder of the committed model artifacts. Env `ARTIFACTS_DIR`. @default the package's `DEFAULT_ARTIFACTS_DIR` (undefined here) */
  artifactsDir: string | undefined;
  /** Bearer token for admin writes. Env `ADMIN_TOKEN`. Unset: the service is read-only. */
  adminToken: string | undefined;
  /** This process's name in logs, records and snapshot names. Env `REPLICA_ID`. @default a unique id per process (host-pid-random) */
  replicaId: string | undefined;
  /** Largest accepted JSON body in bytes. Env `BODY_LIMIT_BYTES`. @default 65536 */
  bodyLimitBytes: number;
  /** Snapshot after this many applied updates. Env `SNAPSHOT_EVERY_UPDATES`. @default 1000 */
  snapshotEveryUpdates: number;
  /** Snapshot at least this often while there are unsnapshotted updates. Env `SNAPSHOT_INTERVAL_MS`. @default 60000 */
  snapshotIntervalMs: number;
  /**
   * The shared catalog stream: Redis URL (`redis://…`, `rediss://user@…` for TLS). Env
   * `CATALOG_STREAM_URL`. Unset: the embedded file log, for a single replica.
   */
  catalogStreamUrl: string | undefined;
  /** Its password. Env `CATALOG_STREAM_PASSWORD` (on AWS, from Secrets Manager). */
  catalogStreamPassword: string | undefined;
  /** Connect as a cluster client (MemoryDB). Env `CATALOG_STREAM_CLUSTER`. @default false */
  catalogStreamCluster: boolean;
  /** Longest wait for Redis to confirm a write, then for it to be applied here; past it, 503. Env `CATALOG_WRITE_TIMEOUT_MS`. @default 2000 */
  catalogWriteTimeoutMs: number;
  /** HNSW search breadth (`ef`): higher is better recall, slower. Env `SEARCH_EF`. @default the snapshot's, else 64 */
  searchEf: number | undefined;
  /** Longest wait for in-flight requests on SIGTERM. Env `SHUTDOWN_TIMEOUT_MS`. @default 10000 */
  shutdownTimeoutMs: number;
  /** pino level. Env `LOG_LEVEL`. @default 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  RECOMMENDER_PORT: int(0, 65_535).default(3002),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).optional(),
  ARTIFACTS_DIR: z.string().min(1).optional(),
  // An empty ADMIN_TOKEN counts as unset, so `ADMIN_TOKEN= npm start` is read-only rather than guessable.
  ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((token) => (token ? token : undefined))
    .refine((token) => token === undefined || token.length >= 8, 'ADMIN_TOKEN must be at least 8 characters'),
  REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "REPLICA_ID may hold letters, digits, '.', '_' and '-'")
    .optional(),
  BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024).default(64 * 1024),
  SNAPSHOT_EVERY_UPDATES: int(1, 10_000_000).default(1000),
  SNAPSHOT_INTERVAL_MS: int(100, 86_400_000).default(60_000),
  CATALOG_STREAM_URL: z
    .string()
    .optional()
    .transform((url) => (url ? url : undefined))
    .refine((url) => url === undefined || /^rediss?:\/\/[^\s]+$/.test(url), 'CATALOG_STREAM_URL must be a redis:// or rediss:// URL'),
  CATALOG_STREAM_PASSWORD: z.string().optional(),
  CATALOG_STREAM_CLUSTER: z.enum(['true', 'false']).default('false'),
  CATALOG_WRITE_TIMEOUT_MS: int(50, 60_000).default(2000),
  SEARCH_EF: int(1, 10_000).optional(),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * Reads the settings from an environment (normally `process.env`).
 * @throws Error listing every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ServiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.RECOMMENDER_PORT,
    host: e.HOST,
    dataDir: resolve(cwd, e.DATA_DIR ?? '.data/recommender'),
    artifactsDir: e.ARTIFACTS_DIR === undefined ? undefined : resolve(cwd, e.ARTIFACTS_DIR),
    adminToken: e.ADMIN_TOKEN,
    replicaId: e.REPLICA_ID,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    snapshotEveryUpdates: e.SNAPSHOT_EVERY_UPDATES,
    snapshotIntervalMs: e.SNAPSHOT_INTERVAL_MS,
    catalogStreamUrl: e.CATALOG_STREAM_URL,
    catalogStreamPassword: e.CATALOG_STREAM_PASSWORD ? e.CATALOG_STREAM_PASSWORD : undefined,
    catalogStreamCluster: e.CATALOG_STREAM_CLUSTER === 'true',
    catalogWriteTimeoutMs: e.CATALOG_WRITE_TIMEOUT_MS,
    searchEf: e.SEARCH_EF,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
  };
}
