/**
 * What the root `npm start` does, in order:
 *   1. check the trained models are there (they are committed) and train the defaults
 *      when a checkout lacks them;
 *   2. build what the demo needs (turbo, quiet; cached builds take a second);
 *   3. start the footfall Lambda's local server, then the recommender container's
 *      service (with a fresh admin token and DATA_DIR under .data/), then the demo
 *      page, each awaited until ready, one at a time so start-up times do not
 *      include each other's CPU use;
 *   4. measure bundle size, start-up time and memory, write them for the page
 *      (.data/demo/summary.json) and print them on one screen;
 *   5. on Ctrl-C or SIGTERM, stop the children (newest first) and exit 0.
 *
 * scripts/start.ts is the thin entry that calls `runStart`. Edit this file to change
 * the steps or the summary; edit services.ts to change how a service is started.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ServiceSummary, StackSummary } from '../shared/types.js';
import { directorySize, printPrefixed, readRssBytes, startService, stopAll, type RunningService, type ServiceSpec } from './processes.js';
import { APP_DIRS, demoSpec, footfallSpec, packageDirOf, recommenderSpec, REPO_ROOT } from './services.js';

/** Options for {@link runStart}, normally from the environment and command line. */
export interface StartConfig {
  repoRoot: string;
  footfallPort: number;
  recommenderPort: number;
  demoPort: number;
  /** Where the recommender's data and the summary go. Env `DEMO_DATA_DIR`. @default `<repo>/.data` */
  dataRoot: string;
  /** Skip step 1, e.g. right after a build. */
  skipBuild: boolean;
}

/** Reads ports from FOOTFALL_PORT / RECOMMENDER_PORT / DEMO_PORT (defaults 3001 / 3002 / 3000) and DEMO_DATA_DIR. */
export function configFromEnv(env: NodeJS.ProcessEnv, skipBuild: boolean): StartConfig {
  return {
    repoRoot: REPO_ROOT,
    footfallPort: portFrom(env, 'FOOTFALL_PORT', 3001),
    recommenderPort: portFrom(env, 'RECOMMENDER_PORT', 3002),
    demoPort: portFrom(env, 'DEMO_PORT', 3000),
    dataRoot: resolve(env.DEMO_DATA_DIR || join(REPO_ROOT, '.data')),
    skipBuild,
  };
}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name} must be a port number (1-65535), not "${raw}".`);
  return port;
}

const say = (line = ''): void => printPrefixed('start', line);

/**
 * Runs the demo until a signal arrives. Resolves with the exit code: 0 after a clean
 * stop, 1 when a step failed or a service died.
 */
export async function runStart(config: StartConfig): Promise<number> {
  const t0 = performance.now();
  let stopping = false;
  let stopCurrentBuild: (() => void) | null = null;
  let resolveStopped: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });

  const stop = (why: string, code: number): void => {
    if (stopping) return;
    stopping = true;
    say(`${why}: stopping every service…`);
    stopCurrentBuild?.();
    void stopAll().then(() => {
      say('All stopped.');
      resolveStopped(code);
    });
  };
  // A terminal's Ctrl-C reaches only this process: the children run in their own process groups.
  process.on('SIGINT', () => stop('Ctrl-C', 0));
  process.on('SIGTERM', () => stop('SIGTERM', 0));
  // `npm start` runs us under `sh -c`; if npm's SIGTERM kills that shell instead of us,
  // we are re-parented. Treat a lost parent like SIGTERM rather than leave servers behind.
  const parentAtStart = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid !== parentAtStart) stop('The parent process went away', 0);
  }, 1_000);
  parentWatch.unref();

  const steps = async (): Promise<number | null> => {
    // 0. Ports first: a clear message beats a child's EADDRINUSE stack trace.
    for (const [name, port] of [['FOOTFALL_PORT', config.footfallPort], ['RECOMMENDER_PORT', config.recommenderPort], ['DEMO_PORT', config.demoPort]] as const) {
      if (!(await isPortFree(port))) {
        say(`Port ${port} is in use. Stop what uses it, or choose another port with ${name}=… npm start.`);
        return 1;
      }
    }

    // 1. Models: the committed defaults, or train them when a clone lacks them.
    const missing = missingModels(config.repoRoot);
    if (missing.length > 0) {
      const code = await trainMissingModels(config.repoRoot, missing, (kill) => (stopCurrentBuild = kill));
      stopCurrentBuild = null;
      if (stopping) return null;
      if (code !== 0) return 1;
    }

    // 2. Build.
    if (!config.skipBuild) {
      const build = runBuild(config.repoRoot);
      stopCurrentBuild = build.kill;
      const code = await build.done;
      stopCurrentBuild = null;
      if (stopping) return null;
      if (code !== 0) return 1;
    }

    // 3. Start, one at a time.
    const dataRoot = config.dataRoot;
    const recommenderDataDir = join(dataRoot, 'recommender');
    const summaryPath = join(dataRoot, 'demo', 'summary.json');
    await mkdir(recommenderDataDir, { recursive: true });
    await mkdir(join(dataRoot, 'demo'), { recursive: true });
    // A summary from an earlier run must not pass for this one while we start.
    await rm(summaryPath, { force: true });
    const adminToken = randomBytes(18).toString('base64url');

    const footfall = footfallSpec({ repoRoot: config.repoRoot, port: config.footfallPort });
    const recommender = recommenderSpec({ repoRoot: config.repoRoot, port: config.recommenderPort, dataDir: recommenderDataDir, adminToken });
    const demo = demoSpec({
      repoRoot: config.repoRoot,
      port: config.demoPort,
      footfallUrl: footfall.url,
      recommenderUrl: recommender.url,
      adminToken,
      summaryPath,
    });
    const running: RunningService[] = [];
    for (const spec of [footfall, recommender, demo]) {
      if (stopping) return null;
      say(`Starting ${spec.name}…`);
      const service = await startService(spec);
      running.push(service);
      say(`${spec.name} ready in ${formatMs(service.startupMs)} (${spec.readyUrl}).`);
    }
    if (stopping) return null;

    // 4. Measure, write for the page, print.
    const summary = await measure(config.repoRoot, running);
    await writeJsonAtomically(summaryPath, summary);
    printSummary(summary, {
      demoUrl: demo.url,
      adminToken,
      dataDir: recommenderDataDir.startsWith(`${config.repoRoot}/`) ? relative(config.repoRoot, recommenderDataDir) : recommenderDataDir,
      totalMs: performance.now() - t0,
    });

    // 5. Run until a signal, or until a service dies on its own.
    for (const service of running) {
      void service.exited.then((code) => {
        if (!stopping) stop(`${service.spec.name} exited on its own (${code})`, 1);
      });
    }
    return null;
  };

  try {
    const code = await steps();
    if (code !== null) {
      stop('Start-up failed', code);
    }
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
    stop('Start-up failed', 1);
  }
  return stopped;
}

/** A trained model the demo needs: the file that proves it exists, and how to make it. */
export interface ModelArtifact {
  name: string;
  /** Path from the repo root to the file that the model's loader reads first. */
  file: string;
  workspace: string;
  /** Arguments after `npm run train -w <workspace> --`. */
  trainArgs: string[];
}

/** The two models `npm start` serves, each with its committed artifact. */
export const MODEL_ARTIFACTS: readonly ModelArtifact[] = [
  { name: 'footfall model', file: 'packages/footfall-model/artifacts/footfall-model.json', workspace: '@serverless-ai/footfall-model', trainArgs: [] },
  {
    name: 'movie recommender',
    file: 'packages/movie-recommender/artifacts/model-card.json',
    workspace: '@serverless-ai/movie-recommender',
    // The evaluation adds about a minute and only fills the card's metrics: skip it here.
    trainArgs: ['--skip-evaluation'],
  },
];

/** The models whose artifact is missing under `repoRoot`. */
export function missingModels(repoRoot: string, models: readonly ModelArtifact[] = MODEL_ARTIFACTS): ModelArtifact[] {
  return models.filter((model) => !existsSync(join(repoRoot, model.file)));
}

/**
 * Trains the missing default models with their own seeded `npm run train` (identical
 * to the committed files). The packages they import must be built first.
 */
async function trainMissingModels(repoRoot: string, missing: readonly ModelArtifact[], onChild: (kill: () => void) => void): Promise<number> {
  say(`Missing trained models: ${missing.map((m) => m.name).join(', ')}. Training the seeded defaults…`);
  const workspaces = missing.map((m) => `--filter=${m.workspace}^...`);
  const steps: string[][] = [
    [join(repoRoot, 'node_modules', '.bin', 'turbo'), 'run', 'build', '--output-logs=errors-only', '--no-update-notifier', ...workspaces],
    ...missing.map((m) => ['npm', 'run', 'train', `--workspace=${m.workspace}`, '--', ...m.trainArgs]),
  ];
  for (const [command, ...args] of steps) {
    const started = performance.now();
    const child = spawn(command!, args, {
      cwd: repoRoot,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    onChild(() => child.kill('SIGTERM'));
    const code = await new Promise<number>((resolve) => {
      child.once('error', () => resolve(1));
      child.once('exit', (exitCode) => resolve(exitCode ?? 1));
    });
    if (code !== 0) {
      say(`\`${[command, ...args].join(' ')}\` failed (exit ${code}).`);
      return code;
    }
    say(`\`${args.join(' ')}\` done in ${formatMs(performance.now() - started)}.`);
  }
  return 0;
}

function runBuild(repoRoot: string): { done: Promise<number>; kill: () => void } {
  say('Building with turbo (only errors are shown; cached packages take no time)…');
  const started = performance.now();
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const filters = Object.values(APP_DIRS).map((dir) => `--filter=./${dir}...`);
  const child = spawn(turbo, ['run', 'build', '--output-logs=errors-only', '--no-update-notifier', ...filters], {
    cwd: repoRoot,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const done = new Promise<number>((resolve) => {
    child.once('error', (err) => {
      output.push(err.message);
      resolve(1);
    });
    child.once('exit', (code) => {
      // eslint-disable-next-line no-control-regex -- strip terminal colour codes before matching turbo's summary
      const text = output.join('').replace(/\x1b\[[0-9;]*m/g, '');
      if (code === 0) {
        const tasks = /Tasks:\s+(.*)/.exec(text)?.[1]?.trim();
        const cached = /Cached:\s+(.*)/.exec(text)?.[1]?.trim();
        say(`Built in ${formatMs(performance.now() - started)}${tasks ? ` (tasks: ${tasks}${cached ? `; cached: ${cached}` : ''})` : ''}.`);
      } else {
        for (const line of text.split('\n')) if (line.trim()) printPrefixed('build', line);
        say(`The build failed (exit ${code ?? 'signal'}). Fix the error above, then run npm start again.`);
      }
      resolve(code ?? 1);
    });
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

/** Bundle size, start-up time and RSS of each running service. */
async function measure(repoRoot: string, running: readonly RunningService[]): Promise<StackSummary> {
  const services: ServiceSummary[] = [];
  for (const service of running) {
    const bundle = await bundleSizeOf(repoRoot, service.spec);
    services.push({
      name: service.spec.name,
      pid: service.pid,
      url: service.spec.url,
      bundleBytes: bundle.bytes,
      bundleNote: bundle.note,
      startupMs: Math.round(service.startupMs),
      rssBytes: await readRssBytes(service.pid),
    });
  }
  return {
    measuredAt: new Date().toISOString(),
    machine: {
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    services,
  };
}

/**
 * What each service ships: the footfall Lambda's own size report (written by its
 * build), the recommender's native addon plus model artifacts, the demo's built files.
 */
async function bundleSizeOf(repoRoot: string, spec: ServiceSpec): Promise<{ bytes: number | null; note: string }> {
  try {
    if (spec.name === 'footfall') return await footfallBundleSize(repoRoot);
    if (spec.name === 'recommender') {
      const appDir = join(repoRoot, APP_DIRS.recommender);
      const hnsw = packageDirOf('hnswlib-node', appDir);
      const artifacts = join(repoRoot, 'packages/movie-recommender/artifacts');
      if (!hnsw || !existsSync(artifacts)) return { bytes: null, note: 'hnswlib-node or artifacts/ not found' };
      return { bytes: (await directorySize(hnsw)) + (await directorySize(artifacts)), note: 'node_modules/hnswlib-node + model artifacts/' };
    }
    const appDir = join(repoRoot, APP_DIRS.demo);
    return { bytes: (await directorySize(join(appDir, 'dist'))) + (await directorySize(join(appDir, 'public'))), note: 'dist/ + public/ (page and server)' };
  } catch (err) {
    return { bytes: null, note: `not measured: ${(err as Error).message}` };
  }
}

/** Reads the size report the footfall app's build writes (see its package.json `build`). */
async function footfallBundleSize(repoRoot: string): Promise<{ bytes: number | null; note: string }> {
  const reportPath = join(repoRoot, APP_DIRS.footfall, FOOTFALL_SIZE_REPORT);
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as Record<string, unknown>;
  const zipped = findNumber(report, ['zippedBytes', 'zipBytes', 'compressedBytes']);
  const unzipped = findNumber(report, ['unzippedBytes', 'totalBytes', 'bytes']);
  if (zipped !== null) return { bytes: zipped, note: `Lambda zip (${unzipped === null ? 'size report' : `${formatBytes(unzipped)} unzipped`})` };
  return { bytes: unzipped, note: 'Lambda bundle, unzipped' };
}

/** Path of the footfall app's size report, relative to the app folder. */
export const FOOTFALL_SIZE_REPORT = 'dist/size-report.json';

function findNumber(record: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}

function printSummary(summary: StackSummary, info: { demoUrl: string; adminToken: string; dataDir: string; totalMs: number }): void {
  const rows = summary.services.map((s) => [s.name, s.url, formatBytes(s.bundleBytes), formatMs(s.startupMs), formatBytes(s.rssBytes), s.bundleNote]);
  const header = ['service', 'url', 'bundle', 'start-up', 'memory (RSS)', 'bundle counts'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [
    '',
    `Ready in ${formatMs(info.totalMs)}. Open the demo: ${info.demoUrl}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `Start-up = spawn to first ready answer, measured now; memory = VmRSS of each process once all were ready.`,
    `Admin token (local demo only, new each start): ${info.adminToken}`,
    `  e.g. curl -X POST -H 'Authorization: Bearer ${info.adminToken}' -H 'content-type: application/json' \\`,
    `       -d '{"movieId":900001,"title":"My Movie","year":2025,"genres":["Comedy"]}' ${summary.services.find((s) => s.name === 'recommender')?.url ?? ''}/movies`,
    `Recommender data (update log, snapshots): ${info.dataDir}/  (delete it to start from the committed catalog)`,
    'Stop everything with Ctrl-C.',
    '',
  ];
  for (const text of out) say(text);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `850 ms` or `2.4 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `512 kB` or `14.2 MB`; `n/a` for null. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'n/a';
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
