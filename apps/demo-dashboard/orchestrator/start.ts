/**
 * What `npm start` does, in order:
 *   0. check the three ports are free;
 *   1. check the trained models are there (they are committed) and train the seeded
 *      defaults when a checkout lacks them;
 *   2. build what the demo needs (turbo, quiet; cached builds take a second);
 *   3. start the footfall Lambda's local server, then the recommender container's
 *      service (with a fresh admin token and DATA_DIR under .data/), then the demo
 *      page, each awaited until ready, one at a time so start-up times do not
 *      include each other's CPU use;
 *   4. measure bundle size, start-up time and memory, write them for the page
 *      (.data/demo/summary.json) and print them on one screen;
 *   5. on Ctrl-C or SIGTERM, stop the children (newest first) and exit 0.
 *
 * main.ts is the thin entry that calls `runStart`. Edit this file to change the
 * order; prepare.ts for steps 1-2, services.ts for how a service is started,
 * summary.ts for what is measured and printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildForDemo, missingModels, trainMissingModels, type StopHandle } from './prepare.js';
import { printPrefixed, startService, stopAll, type RunningService } from './processes.js';
import { demoSpec, footfallSpec, recommenderSpec, REPO_ROOT } from './services.js';
import { formatMs, measure, printSummary, writeJsonAtomically } from './summary.js';

/** Options for {@link runStart}, normally from the environment and command line. */
export interface StartConfig {
  repoRoot: string;
  footfallPort: number;
  recommenderPort: number;
  demoPort: number;
  /** Where the recommender's data and the summary go. Env `DEMO_DATA_DIR`. @default `<repo>/.data` */
  dataRoot: string;
  /** Skip step 2 (the build), e.g. right after one. */
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
  let currentStep: StopHandle | null = null;
  let resolveStopped: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });

  const stop = (why: string, code: number): void => {
    if (stopping) return;
    stopping = true;
    say(`${why}: stopping every service…`);
    currentStep?.kill();
    void stopAll().then(() => {
      say('All stopped.');
      resolveStopped(code);
    });
  };
  // A terminal's Ctrl-C reaches only this process: the children run in their own process groups.
  process.on('SIGINT', () => stop('Ctrl-C', 0));
  process.on('SIGTERM', () => stop('SIGTERM', 0));
  // `npm start` runs us under npm; if npm is killed without passing the signal on, we
  // are re-parented. Treat a lost parent like SIGTERM rather than leave servers behind.
  const parentAtStart = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid !== parentAtStart) stop('The parent process went away', 0);
  }, 1_000);
  parentWatch.unref();

  /** Runs a build or training step that Ctrl-C can interrupt; null once stopping. */
  const interruptible = async (step: StopHandle): Promise<number | null> => {
    currentStep = step;
    const code = await step.done;
    currentStep = null;
    return stopping ? null : code;
  };

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
      const code = await interruptible(trainMissingModels(config.repoRoot, missing));
      if (code !== 0) return code === null ? null : 1;
    }

    // 2. Build.
    if (!config.skipBuild) {
      const code = await interruptible(buildForDemo(config.repoRoot));
      if (code !== 0) return code === null ? null : 1;
    }

    // 3. Start, one at a time.
    const recommenderDataDir = join(config.dataRoot, 'recommender');
    const summaryPath = join(config.dataRoot, 'demo', 'summary.json');
    await mkdir(recommenderDataDir, { recursive: true });
    await mkdir(join(config.dataRoot, 'demo'), { recursive: true });
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
    if (code !== null) stop('Start-up failed', code);
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
    stop('Start-up failed', 1);
  }
  return stopped;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

