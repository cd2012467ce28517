/**
 * The demo server's settings, read once from the environment. The orchestrator
 * (orchestrator/services.ts, `demoSpec`) sets all of them; every one has a default for running the server
 * by hand with `npm run dev`.
 *
 * Edit this file to add a setting, and list it in the README's "Run locally" table.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Parsed settings of the demo server. */
export interface DemoServerConfig {
  /** Env `DEMO_PORT`. @default 3000 */
  port: number;
  /** Env `HOST`. @default '127.0.0.1' (a local demo: loopback only) */
  host: string;
  /** Env `FOOTFALL_URL`. @default 'http://127.0.0.1:3001' */
  footfallUrl: string;
  /** Env `RECOMMENDER_URL`. @default 'http://127.0.0.1:3002' */
  recommenderUrl: string;
  /** Env `ADMIN_TOKEN`: added by the proxy to the recommender's admin writes, never sent to the page. @default null */
  adminToken: string | null;
  /** Env `DEMO_SUMMARY_PATH`: the orchestrator's measurements. @default `<repo>/.data/demo/summary.json` */
  summaryPath: string;
  /** Env `RESULTS_DIR`: where `npm run bench` writes charts. @default `<repo>/docs/results` */
  resultsDir: string;
  /** Env `SAMPLE_DAYS_PATH`: footfall sample days. @default the footfall-model package's committed file */
  sampleDaysPath: string | undefined;
  /** Env `RECOMMENDER_ARTIFACTS_DIR`: the catalog sample users come from. @default the movie-recommender package's committed artifacts */
  recommenderArtifactsDir: string | undefined;
}

/** This package's folder (works from src/ under tsx and from dist/). */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_DIR = resolve(PACKAGE_DIR, '../..');

/**
 * Reads the settings.
 * @throws Error naming the variable when a value is invalid.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DemoServerConfig {
  return {
    port: port(env.DEMO_PORT, 3000),
    host: env.HOST || '127.0.0.1',
    footfallUrl: url(env, 'FOOTFALL_URL', 'http://127.0.0.1:3001'),
    recommenderUrl: url(env, 'RECOMMENDER_URL', 'http://127.0.0.1:3002'),
    adminToken: env.ADMIN_TOKEN || null,
    summaryPath: resolve(env.DEMO_SUMMARY_PATH || join(REPO_DIR, '.data/demo/summary.json')),
    resultsDir: resolve(env.RESULTS_DIR || join(REPO_DIR, 'docs/results')),
    sampleDaysPath: env.SAMPLE_DAYS_PATH || undefined,
    recommenderArtifactsDir: env.RECOMMENDER_ARTIFACTS_DIR || undefined,
  };
}

function port(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`DEMO_PORT must be a port number (0-65535), not "${raw}".`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new Error(`${name} must be an http(s) URL, not "${raw}".`);
  }
  return raw.replace(/\/+$/, '');
}
