/**
 * `npm run bench:contrast`: each model on the other platform, measured in one run, into
 * docs/results/contrast.json (`npm run render` then writes docs/contrast.md's table from it).
 *
 * The question: what does a Lambda cold start cost when the model carries state? The
 * footfall package (apps/footfall-lambda/dist/lambda, a 12 KB model) is the baseline;
 * the recommender packaged the same way (dist/recommender-lambda) is measured at
 * catalogs of 1k, 10k and 100k movies (1M with `--million`), in both index modes:
 * `build` (the HNSW graph is built at init) and `snapshot` (a graph saved at build time
 * is loaded at init).
 *
 * 1. Prepare: generate each catalog and its snapshot under .data/contrast/ (reused on
 *    later runs), and assemble one Lambda package per catalog size and mode there.
 * 2. Sizes: bytes and zipped bytes of every package (fitcheck's folder scan: deflate
 *    level 6, as `zip` and CDK produce).
 * 3. Cold starts: a fresh `node` per run (bench/cold-start.ts), spawn → first successful
 *    response to one real-shaped HTTP API 2.0 event; one untimed warm-up per package
 *    (file cache), then `--runs` rounds, each running every package once in a rotated
 *    order, so all packages share the machine's noise. Medians, and ratios to the
 *    footfall median of the same run. Peak memory: the child's VmHWM (see packages/lambda-kit/invoke-bundle.mjs).
 *    A 1M-movie package is measured last, in rounds of its own (why: see step 3 below).
 * 4. fitcheck, on packages built correctly for the arm64 function the project deploys
 *    (nodejs22.x: Amazon Linux 2023, glibc 2.34; route zip-s3, as CDK uploads; Lambda's
 *    250 MB and 10 s Init limits). Each recommender package has an arm64 twin carrying
 *    hnswlib-node cross-compiled for linux-arm64-gnu (scripts/build-arm64-addon.sh):
 *    `dependencies` is judged on that twin (statically: it cannot run on this x86_64
 *    machine, see tests/arm64-package.test.ts for it running under qemu); `internal state`
 *    and `cold starts` are measured on this machine's package (same files, this machine's
 *    addon). One more row judges the largest snapshot package as a container image
 *    (dist/recommender-image's layout, route container-image).
 *
 * Options: --runs N (default 5, at least 5 outside --quick), --million, --build-up-to N
 * (largest catalog whose build mode is measured; default 100000: a 1M build at init takes
 * many minutes per run), --fitcheck-runs N (default 5), --no-fitcheck, --quick (1k only,
 * 2 runs, output to the temp folder), --out PATH.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { analyse, type Criteria, DEFAULT_THRESHOLDS, type DeployRoute, machineInfo, overallVerdict, scanFolder, verdictsByRoute, type FitReport } from '@serverless-ai/fitcheck';
import { MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import { ARTIFACT_FILES, headerPathFor, parseCatalogJson } from '@serverless-ai/movie-recommender';
import { median, round } from '@serverless-ai/results-docs';
import { HANDLER_FILE } from '@serverless-ai/lambda-kit/bundle';
import { prepareCatalog, type PreparedCatalog } from '../scripts/catalogs.js';
import { ARM64_ADDON, CONTRAST_JSON, DATA_DIR, FOOTFALL_LAMBDA_DIR, RECOMMENDER_LAMBDA_DIR, REPO_DIR } from '../scripts/paths.js';
import { assembleRecommenderBundle } from '../scripts/recommender-bundle.js';
import { stageRecommenderImage } from '../scripts/recommender-image.js';
import { CONTRAST_SIZES, MILLION } from '../src/catalogs/synthetic-catalog.js';
import { footfallPredictEvent, recommendationsEvent } from '../src/events.js';
import type { IndexMode } from '../src/recommender-lambda/config.js';
import { coldStart, type ColdStartSample } from './cold-start.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string' },
    million: { type: 'boolean', default: false },
    'build-up-to': { type: 'string', default: '100000' },
    'fitcheck-runs': { type: 'string', default: '5' },
    'no-fitcheck': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const RUNS = Number(args.runs ?? (args.quick ? 2 : 5));
if (!Number.isInteger(RUNS) || RUNS < (args.quick ? 1 : 5)) throw new Error('--runs must be an integer ≥ 5 (medians of fewer are not quoted)');
const SIZES: number[] = args.quick ? [1_000] : [...CONTRAST_SIZES, ...(args.million ? [MILLION] : [])];
const BUILD_UP_TO = Number(args['build-up-to']);
const FITCHECK_RUNS = Number(args['fitcheck-runs']);
const OUT = args.out ?? (args.quick ? join(tmpdir(), 'contrast.quick.json') : CONTRAST_JSON);
const BUNDLES_DIR = join(DATA_DIR, 'bundles');
const EVENTS_DIR = join(DATA_DIR, 'events');
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const rel = (path: string): string => relative(REPO_DIR, path);

/** One package the experiment starts cold. */
interface Variant {
  id: string;
  kind: 'footfall' | 'recommender';
  movies: number | null;
  mode: IndexMode | null;
  packageDir: string;
  eventsFile: string;
  env: Record<string, string>;
  /** Bytes of the state the init phase reads: the model file, or artifacts (+ snapshot). */
  stateBytes: number;
  /** The same package built for an arm64 function (the arm64 addon), judged for `dependencies`; null for footfall (no native code). */
  arm64PackageDir: string | null;
}

const fileBytes = (path: string): number => statSync(path).size;

// 0. Inputs that must exist.
for (const [dir, how] of [
  [RECOMMENDER_LAMBDA_DIR, 'npm run build (apps/cross-pairing)'],
  [FOOTFALL_LAMBDA_DIR, 'npm run build -w @serverless-ai/footfall-lambda'],
] as const) {
  try {
    statSync(join(dir, HANDLER_FILE));
  } catch {
    throw new Error(`${rel(dir)} has no ${HANDLER_FILE}: run \`${how}\` first (turbo does it before bench).`);
  }
}

try {
  statSync(ARM64_ADDON);
} catch {
  throw new Error(`${rel(ARM64_ADDON)} is missing: run \`npm run build:arm64-addon\` (needs Debian's g++-aarch64-linux-gnu) first.`);
}

const started = performance.now();
const loadAverageAtStart = round(loadavg()[0] ?? 0, 2);
log(`contrast bench: catalogs ${SIZES.join(', ')}, ${RUNS} runs, build mode up to ${BUILD_UP_TO} movies, load average ${loadAverageAtStart}`);

// 1. Prepare catalogs, packages and events.
mkdirSync(EVENTS_DIR, { recursive: true });
const catalogs: PreparedCatalog[] = [];
for (const movies of SIZES) {
  log(`catalog of ${movies.toLocaleString('en-US')} movies`);
  catalogs.push(prepareCatalog(movies, log));
}

const footfallDir = join(BUNDLES_DIR, 'footfall');
rmSync(footfallDir, { recursive: true, force: true });
cpSync(FOOTFALL_LAMBDA_DIR, footfallDir, { recursive: true });
const footfallEvents = join(EVENTS_DIR, 'footfall-predict.json');
writeFileSync(footfallEvents, JSON.stringify([footfallPredictEvent()]));
const variants: Variant[] = [
  {
    id: 'footfall',
    kind: 'footfall',
    movies: null,
    mode: null,
    packageDir: footfallDir,
    eventsFile: footfallEvents,
    env: {},
    stateBytes: fileBytes(join(footfallDir, MODEL_FILE_NAME)),
    arm64PackageDir: null,
  },
];
const skipped: { movies: number; mode: IndexMode; reason: string }[] = [];
for (const catalog of catalogs) {
  const movies = parseCatalogJson(readFileSync(join(catalog.artifactsDir, ARTIFACT_FILES.catalog)));
  const eventsFile = join(EVENTS_DIR, `recommendations-${catalog.movies}.json`);
  writeFileSync(eventsFile, JSON.stringify([recommendationsEvent(movies, 10)]));
  const artifactsBytes = Object.values(ARTIFACT_FILES).reduce((sum, file) => sum + fileBytes(join(catalog.artifactsDir, file)), 0);
  const snapshotBytes = fileBytes(catalog.snapshotPath) + fileBytes(headerPathFor(catalog.snapshotPath));
  for (const mode of ['build', 'snapshot'] as const) {
    if (mode === 'build' && catalog.movies > BUILD_UP_TO) {
      skipped.push({ movies: catalog.movies, mode, reason: `building the index at init is not measured above ${BUILD_UP_TO} movies (--build-up-to): minutes per run` });
      continue;
    }
    const packageDir = join(BUNDLES_DIR, `recommender-${catalog.movies}-${mode}`);
    const parts = { codeDir: RECOMMENDER_LAMBDA_DIR, artifactsDir: catalog.artifactsDir, snapshotPath: mode === 'snapshot' ? catalog.snapshotPath : null };
    assembleRecommenderBundle(parts, packageDir);
    const arm64PackageDir = `${packageDir}-arm64`;
    assembleRecommenderBundle({ ...parts, addon: ARM64_ADDON }, arm64PackageDir);
    variants.push({
      id: `recommender-${catalog.movies}-${mode}`,
      kind: 'recommender',
      movies: catalog.movies,
      mode,
      packageDir,
      eventsFile,
      env: { INDEX_MODE: mode },
      stateBytes: artifactsBytes + (mode === 'snapshot' ? snapshotBytes : 0),
      arm64PackageDir,
    });
  }
}

// 2. Sizes.
const packageSizes = new Map<string, { bytes: number; zippedBytes: number; files: number }>();
for (const variant of variants) {
  const scan = await scanFolder(variant.packageDir);
  packageSizes.set(variant.id, { bytes: scan.unzippedBytes, zippedBytes: scan.zippedBytes, files: scan.files.length });
}

// 3. Cold starts, interleaved. A 1M-movie package (near 2 GB peak RSS) is measured after
// everything else: on this VM, the process starts that follow a process that large can
// come out slower (a trial run that interleaved it did), which would skew every other figure.
const isHeavy = (variant: Variant): boolean => variant.movies !== null && variant.movies >= MILLION;
const interleaved = variants.filter((variant) => !isHeavy(variant));
const measuredLast = variants.filter(isHeavy);
const samples = new Map<string, ColdStartSample[]>(variants.map((v) => [v.id, []]));
const runs: ({ round: number; variant: string } & ColdStartSample)[] = [];
async function coldStartRounds(group: Variant[]): Promise<void> {
  if (group.length === 0) return;
  log(`cold starts: ${group.length} packages × ${RUNS} runs (+1 untimed warm-up each)`);
  for (const variant of group) await coldStart(variant);
  for (let r = 0; r < RUNS; r++) {
    const order = group.map((_, i) => group[(i + r) % group.length]!);
    for (const variant of order) {
      const sample = await coldStart(variant);
      samples.get(variant.id)!.push(sample);
      runs.push({ round: r + 1, variant: variant.id, ...sample });
    }
    const line = group.map((v) => `${v.id} ${Math.round(samples.get(v.id)!.at(-1)!.spawnToResponseMs)} ms`).join(', ');
    log(`  round ${r + 1}/${RUNS}: ${line}`);
  }
}

// 4. fitcheck's verdicts, on packages built for the arm64 function.
const fitcheck: ReturnType<typeof verdictOf>[] = [];
/** What a row is judged as: a .zip through S3 (as CDK deploys it), or a container image. */
type Packaging = { kind: 'zip' | 'image'; route: DeployRoute };
function verdictOf(variant: Variant, packaging: Packaging, dependencies: FitReport, measured: FitReport | null) {
  // dependencies from the package an arm64 function would get; state and cold starts measured on this machine.
  const criteria: Criteria = {
    dependencies: dependencies.criteria.dependencies,
    internalState: (measured ?? dependencies).criteria.internalState,
    coldStarts: (measured ?? dependencies).criteria.coldStarts,
  };
  const findings = [criteria.dependencies, criteria.internalState, criteria.coldStarts].flatMap((c) => c.findings);
  const timing = measured ?? dependencies;
  return {
    variant: packaging.kind === 'image' ? `${variant.id}-image` : variant.id,
    movies: variant.movies,
    mode: variant.mode,
    packaging: packaging.kind,
    architecture: dependencies.thresholds.arch,
    runtime: dependencies.thresholds.runtime,
    route: packaging.route,
    verdict: overallVerdict(criteria),
    verdictsByRoute: verdictsByRoute(criteria),
    criteria: {
      dependencies: criteria.dependencies.status,
      internalState: criteria.internalState.status,
      coldStarts: criteria.coldStarts.status,
    },
    findings: findings.map((f) => ({ code: f.code, level: f.level, routeLevel: f.routeLevel, routes: f.routes, message: f.message })),
    nativeBinaries: dependencies.nativeBinaries.map((n) => ({ path: n.path, architecture: n.architecture, requiredGlibc: n.requiredGlibc })),
    unzippedBytes: dependencies.size.unzippedBytes,
    zippedBytes: dependencies.size.zippedBytes,
    firstResponseMedianMs: timing.init?.firstResponseMs?.median ?? null,
    runs: timing.init?.runsCompleted ?? 0,
    judgedOn:
      measured === null
        ? 'the package itself, measured on this machine'
        : `dependencies: ${rel(dependencies.target.path)} (${dependencies.thresholds.arch}, static); internal state and cold starts: ${rel(measured.target.path)} (this machine's addon, measured)`,
  };
}
async function fitcheckEach(group: Variant[]): Promise<void> {
  if (args['no-fitcheck'] || group.length === 0) return;
  const t = DEFAULT_THRESHOLDS;
  log(`fitcheck: analyse on ${group.length} packages (${FITCHECK_RUNS} runs each; ${t.runtime}, ${t.arch}, glibc ${t.glibc}, route ${t.route})`);
  const measuredArch = process.arch === 'arm64' ? 'arm64' : 'x86_64';
  for (const variant of group) {
    const rows: ReturnType<typeof verdictOf>[] = [];
    if (variant.arm64PackageDir === null) {
      const report = await analyse(variant.packageDir, { event: variant.eventsFile, runs: FITCHECK_RUNS, env: variant.env });
      rows.push(verdictOf(variant, { kind: 'zip', route: t.route }, report, null));
    } else {
      const measured = await analyse(variant.packageDir, { arch: measuredArch, event: variant.eventsFile, runs: FITCHECK_RUNS, env: variant.env });
      const arm64 = await analyse(variant.arm64PackageDir, { static: true, arch: 'arm64' });
      rows.push(verdictOf(variant, { kind: 'zip', route: t.route }, arm64, measured));
      if (variant === imageVariant) {
        const imageDir = join(BUNDLES_DIR, `${variant.id}-image`);
        stageRecommenderImage(variant.arm64PackageDir, imageDir);
        const image = await analyse(imageDir, { static: true, arch: 'arm64', route: 'container-image' });
        // Measured findings apply to every route: the twin's are the image's too.
        rows.push(verdictOf(variant, { kind: 'image', route: 'container-image' }, image, measured));
      }
    }
    for (const row of rows) {
      const failing = row.findings.filter((f) => f.level === 'fail').map((f) => f.message);
      log(`  ${row.variant} (${row.route}): ${row.verdict}${failing.length > 0 ? ` (${failing.join('; ')})` : ''}`);
    }
    fitcheck.push(...rows);
  }
}
/** The package also judged as a container image: the largest catalog in snapshot mode. */
const imageVariant = variants.filter((v) => v.mode === 'snapshot').sort((a, b) => (b.movies ?? 0) - (a.movies ?? 0))[0];
// Every light package's figures first (cold starts, then fitcheck's own runs), then the heavy ones.
await coldStartRounds(interleaved);
await fitcheckEach(interleaved);
await coldStartRounds(measuredLast);
await fitcheckEach(measuredLast);

function summarise(variant: Variant) {
  const s = samples.get(variant.id)!;
  const cold = s.map((x) => x.spawnToResponseMs);
  const init = s.map((x) => x.initReport).filter((x) => x !== null);
  return {
    package: rel(variant.packageDir),
    stateBytes: variant.stateBytes,
    bundle: packageSizes.get(variant.id)!,
    coldStart: { medianMs: round(median(cold), 1), minMs: round(Math.min(...cold), 1), maxMs: round(Math.max(...cold), 1) },
    importMedianMs: round(median(s.map((x) => x.importMs)), 1),
    invokeMedianMs: round(median(s.map((x) => x.invokeMs)), 2),
    peakRss: { medianBytes: median(s.map((x) => x.peakRssBytes)), maxBytes: Math.max(...s.map((x) => x.peakRssBytes)) },
    init:
      init.length > 0
        ? { loadArtifactsMedianMs: round(median(init.map((x) => x.loadArtifactsMs)), 1), indexMedianMs: round(median(init.map((x) => x.indexMs)), 1) }
        : null,
  };
}

const footfall = summarise(variants[0]!);
const ratio = (a: number, b: number): number => round(a / b, 2);
const sizes = catalogs.map((catalog) => {
  const artifactsBytes = Object.values(ARTIFACT_FILES).reduce((sum, file) => sum + fileBytes(join(catalog.artifactsDir, file)), 0);
  return {
    movies: catalog.movies,
    catalog: {
      artifactsBytes,
      embeddingsBytes: fileBytes(join(catalog.artifactsDir, ARTIFACT_FILES.embeddings)),
      snapshotBytes: fileBytes(catalog.snapshotPath),
    },
    preparation: { generatedInMs: catalog.generatedInMs, snapshotBuiltInMs: catalog.snapshotBuiltInMs },
    modes: (['build', 'snapshot'] as const).map((mode) => {
      const variant = variants.find((v) => v.movies === catalog.movies && v.mode === mode);
      if (!variant) return { mode, skipped: skipped.find((s) => s.movies === catalog.movies && s.mode === mode)?.reason ?? 'not measured' };
      const summary = summarise(variant);
      return {
        mode,
        ...summary,
        ratiosToFootfall: {
          coldStart: ratio(summary.coldStart.medianMs, footfall.coldStart.medianMs),
          peakRss: ratio(summary.peakRss.medianBytes, footfall.peakRss.medianBytes),
          bytes: ratio(summary.bundle.bytes, footfall.bundle.bytes),
          zippedBytes: ratio(summary.bundle.zippedBytes, footfall.bundle.zippedBytes),
        },
      };
    }),
  };
});


const result = {
  benchmark: 'contrast',
  description: 'The cross-pairing experiment: the movie recommender packaged as a Lambda function (build or load its HNSW index at init) against the footfall Lambda, at several catalog sizes.',
  command: `npm run bench:contrast${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  generatedAt: new Date().toISOString(),
  durationSeconds: 0,
  machine: { ...machineInfo(), loadAverageAtStart, loadAverageAtEnd: 0 },
  method: [
    'Cold start proxy (as apps/footfall-lambda\'s bench): a fresh node process imports the package\'s index.mjs and answers one real-shaped HTTP API 2.0 event (@serverless-ai/lambda-kit/invoke-bundle); spawn → first response line, timed by the parent. The Lambda runtime emulator cannot run here.',
    `Every package gets one untimed warm-up run (file cache), then ${RUNS} rounds; each round starts every package once, in an order rotated by one each round. Medians per package; ratios are recommender median / footfall median of this run.`,
    'Packages of 1M movies (peak RSS near 2 GB) are measured after all the others, cold starts and fitcheck alike, in rounds of their own: on this VM the process starts that follow a process that large can come out slower, which would skew every other figure if they were interleaved. Their ratios still use the footfall median of this run.',
    'Peak memory: the child\'s VmHWM (/proc/self/status) after answering, its own high-water mark. process.resourceUsage().maxRSS is not used (the harness reports only VmHWM): on Linux it carries the pre-exec maximum across execve, so a spawned child never reads below its parent\'s RSS at spawn, and every small child would read about the size of this benchmark\'s own process.',
    'Package sizes: fitcheck\'s folder scan (unzipped bytes; zipped at deflate level 6, in memory).',
    'Catalogs are synthetic (src/catalogs/synthetic-catalog.ts): generated movies, d = 64 embeddings clustered by genre and decade; the index stores d + 1 = 65 floats per movie (m 16, efConstruction 200). Each request: 10 rated movies, k = 10.',
    `fitcheck: analyse() with its default thresholds (${DEFAULT_THRESHOLDS.runtime}, ${DEFAULT_THRESHOLDS.arch}, glibc ${DEFAULT_THRESHOLDS.glibc}, route ${DEFAULT_THRESHOLDS.route}: the footfall function's runtime and architecture, deployed through S3 as CDK does; Lambda's size and 10 s init limits). Each recommender package is judged as built for that arm64 function: dependencies on its twin carrying hnswlib-node cross-compiled for linux-arm64-gnu (static: an aarch64 binary cannot run here), internal state and cold starts measured on this machine's package (same files, this machine's addon) in fresh processes; an init 5 s past the limit is killed. verdictsByRoute re-reads the same findings for a direct zip upload, a zip through S3 and a container image.`,
    'Container image row: the largest snapshot package staged as dist/recommender-image is (the arm64 package plus src/recommender-image/Dockerfile), judged with route container-image (10 GB, the base image not counted: there is no Docker here to measure it); its internal state and cold starts are its zip twin\'s, measured on this machine, since the image runs the same files.',
  ],
  parameters: {
    runs: RUNS,
    sizes: SIZES,
    modes: ['build', 'snapshot'],
    buildModeUpToMovies: BUILD_UP_TO,
    fitcheckRuns: args['no-fitcheck'] ? 0 : FITCHECK_RUNS,
    request: { recentActivity: 10, k: 10 },
    catalog: { seed: 42, embeddingDimensions: 64, indexDimensions: 65, space: 'ip', m: 16, efConstruction: 200 },
  },
  footfall: { ...footfall, modelFile: MODEL_FILE_NAME },
  sizes,
  skipped,
  fitcheck,
  runs: runs.map((r) => ({
    round: r.round,
    variant: r.variant,
    spawnToResponseMs: round(r.spawnToResponseMs, 1),
    importMs: round(r.importMs, 1),
    invokeMs: round(r.invokeMs, 2),
    peakRssBytes: r.peakRssBytes,
    loadArtifactsMs: r.initReport?.loadArtifactsMs ?? null,
    indexMs: r.initReport?.indexMs ?? null,
  })),
};
result.machine.loadAverageAtEnd = round(loadavg()[0] ?? 0, 2);
result.durationSeconds = round((performance.now() - started) / 1000, 1);
mkdirSync(join(OUT, '..'), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${rel(OUT)} in ${result.durationSeconds} s`);

// Summary, and the docs table regenerated from the file just written.
log(`footfall: cold start ${footfall.coldStart.medianMs} ms, peak RSS ${round(footfall.peakRss.medianBytes / 2 ** 20, 1)} MiB, zipped ${footfall.bundle.zippedBytes} B`);
for (const size of sizes) {
  for (const m of size.modes) {
    if ('skipped' in m) log(`${size.movies} ${m.mode}: skipped (${m.skipped})`);
    else log(`${size.movies} ${m.mode}: cold start ${m.coldStart.medianMs} ms (${m.ratiosToFootfall.coldStart}× footfall), peak RSS ${round(m.peakRss.medianBytes / 2 ** 20, 1)} MiB, zipped ${round(m.bundle.zippedBytes / 2 ** 20, 2)} MiB`);
  }
}
