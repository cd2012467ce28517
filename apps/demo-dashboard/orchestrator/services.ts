/**
 * The three processes of the local demo and how to start each: the footfall Lambda's
 * local server, the recommender container's service and the demo page. Shared by
 * `npm start` (start.ts) and the end-to-end test, so the test starts exactly what a
 * user starts.
 *
 * Each app's own `start` script in its package.json says which file to run; this
 * module reads it instead of repeating paths. Edit it when an app's environment
 * variables change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceSpec } from './processes.js';

/** The repository root, found from this file (apps/demo-dashboard/orchestrator). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where each app lives, relative to the repository root. */
export const APP_DIRS = {
  footfall: 'apps/footfall-lambda',
  recommender: 'apps/recommender-container',
  demo: 'apps/demo-dashboard',
} as const;

/** Loopback only: the demo is for this machine, not the network. */
const HOST = '127.0.0.1';

/**
 * Turns an app's `start` script into a command. `node [flags] file.js` runs directly
 * under this Node (no npm or shell in between, so signals and the measured pid are the
 * server's own); anything else runs through `npm run start`.
 */
export function startCommandOf(appDir: string): { command: string; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.start?.trim();
  if (!script) throw new Error(`${appDir}/package.json has no "start" script.`);
  const words = script.split(/\s+/);
  if (words[0] === 'node' && words.every((word) => !/[|&;<>$`'"]/.test(word))) {
    return { command: process.execPath, args: words.slice(1) };
  }
  return { command: 'npm', args: ['run', 'start', '--silent'] };
}

/** One app served on loopback: its `start` command, its env, and the path that says it is ready. */
function appService(app: keyof typeof APP_DIRS, repoRoot: string | undefined, port: number, readyPath: string, env: Record<string, string>): ServiceSpec {
  const cwd = join(repoRoot ?? REPO_ROOT, APP_DIRS[app]);
  const url = `http://${HOST}:${port}`;
  return { name: app, ...startCommandOf(cwd), cwd, env, url, readyUrl: `${url}${readyPath}` };
}

/** Settings for the footfall Lambda's local server. */
export interface FootfallOptions {
  repoRoot?: string;
  port: number;
}

/** The footfall Lambda's local server; ready when `GET /model` answers. */
export function footfallSpec(options: FootfallOptions): ServiceSpec {
  return appService('footfall', options.repoRoot, options.port, '/model', { FOOTFALL_PORT: String(options.port), FOOTFALL_HOST: HOST });
}

/** Settings for the recommender container's service. */
export interface RecommenderOptions {
  repoRoot?: string;
  port: number;
  /** Writable folder for the update log and index snapshots. */
  dataDir: string;
  /** Bearer token for `POST /movies` and `DELETE /movies/:id`. */
  adminToken: string;
  /** Model artifacts to serve (`ARTIFACTS_DIR`). @default the movie-recommender package's committed artifacts */
  artifactsDir?: string;
}

/** The recommender service; ready when `GET /readyz` answers 200 (503 while the index loads). */
export function recommenderSpec(options: RecommenderOptions): ServiceSpec {
  return appService('recommender', options.repoRoot, options.port, '/readyz', {
    RECOMMENDER_PORT: String(options.port),
    HOST,
    DATA_DIR: options.dataDir,
    ADMIN_TOKEN: options.adminToken,
    ...(options.artifactsDir ? { ARTIFACTS_DIR: options.artifactsDir } : {}),
  });
}

/** Settings for the demo page's server. */
export interface DemoOptions {
  repoRoot?: string;
  port: number;
  footfallUrl: string;
  recommenderUrl: string;
  /** Added by the demo server to the admin calls it forwards (never sent to the browser). */
  adminToken?: string;
  /** JSON file the orchestrator writes its measurements to. */
  summaryPath?: string;
}

/** The demo page's server; ready when `GET /healthz` answers. */
export function demoSpec(options: DemoOptions): ServiceSpec {
  return appService('demo', options.repoRoot, options.port, '/healthz', {
    DEMO_PORT: String(options.port),
    HOST,
    FOOTFALL_URL: options.footfallUrl,
    RECOMMENDER_URL: options.recommenderUrl,
    ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
    ...(options.summaryPath ? { DEMO_SUMMARY_PATH: options.summaryPath } : {}),
    RESULTS_DIR: join(options.repoRoot ?? REPO_ROOT, 'docs/results'),
  });
}

/**
 * The folder of an installed package as the app at `fromDir` would find it: the
 * nearest `node_modules/<name>` walking up, as Node resolves bare imports (npm
 * workspaces hoist most packages to the root node_modules). Null when absent.
 */
export function packageDirOf(name: string, fromDir: string): string | null {
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
