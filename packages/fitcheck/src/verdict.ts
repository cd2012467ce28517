/**
 * Turning measurements into verdicts on the three limits of serverless:
 * dependencies, internal state and cold starts.
 *
 * Each rule below produces a finding with a stable code, a level, a sentence and the
 * deploy routes it applies to (a 50 MB zipped limit binds a direct upload only; an
 * architecture mismatch binds every route). A finding that does not apply to the route
 * being judged (`thresholds.route`) is kept, at level `info`, with its own level in
 * `routeLevel`, so one report can answer for every route (`verdictOnRoute`).
 * A criterion fails if any of its findings fails, warns if any warns, and passes
 * otherwise. Overall, the bundle "does not fit" when any criterion fails; it is
 * "inconclusive" when a criterion could not be measured (no handler found); it
 * "fits" otherwise, warnings included. Edit this file to add or re-level a rule,
 * and update the thresholds table in the README with it.
 */
import { type BundleFile, type BundleScan, CannotAnalyseError, type NativeBinary } from './bundle.js';
import { compareVersions, EM_AARCH64, EM_X86_64 } from './elf.js';
import { DEPLOY_ROUTES, type DeployRoute, isLambdaRuntime, LAMBDA_RUNTIMES, type LambdaArchitecture, MB, type Thresholds } from './limits.js';
import type { InitMeasurement } from './measure.js';

/** How serious a finding is. `info` never changes a verdict. */
export type FindingLevel = 'fail' | 'warn' | 'info';

/** One observation, with a code scripts can match on and a sentence people can read. */
export interface Finding {
  code: string;
  /** The level on the judged route (`thresholds.route`): `info` when the finding does not apply to it. */
  level: FindingLevel;
  message: string;
  /** The file the finding is about (a native binary's bundle path), when there is one. */
  subject?: string;
  /** The deploy routes the finding applies to. */
  routes: readonly DeployRoute[];
  /** The finding's level on those routes. */
  routeLevel: FindingLevel;
}

/** A finding before it is placed on the judged route. */
type RawFinding = Omit<Finding, 'routes' | 'routeLevel'> & { routes?: readonly DeployRoute[] };

/** Places a finding on the judged route: it keeps its level where it applies, and is `info` elsewhere. */
function onRoute(t: Thresholds, raw: RawFinding): Finding {
  const routes = raw.routes ?? DEPLOY_ROUTES;
  return { ...raw, routes, routeLevel: raw.level, level: routes.includes(t.route) ? raw.level : 'info' };
}

/** The routes a .zip package can take. */
const ZIP_ROUTES: readonly DeployRoute[] = ['zip-direct', 'zip-s3'];

/** `skipped`: not evaluated because the caller asked (`--static`). `unknown`: could not be evaluated. */
export type CriterionStatus = 'pass' | 'warn' | 'fail' | 'skipped' | 'unknown';

/** The verdict on one of the three limits. */
export interface Criterion {
  status: CriterionStatus;
  findings: Finding[];
}

/** The three limits of serverless, as the docs name them. */
export interface Criteria {
  dependencies: Criterion;
  internalState: Criterion;
  coldStarts: Criterion;
}

/** The overall answer. */
export type Verdict = 'fits' | 'does-not-fit' | 'inconclusive';

/** What the rules look at. */
export interface JudgeInput {
  scan: BundleScan;
  dataFiles: BundleFile[];
  measurement: InitMeasurement | null;
  /** Why there is no measurement: the caller asked for static checks, or no handler was found. */
  notMeasuredBecause: 'static' | 'no-handler' | null;
  thresholds: Thresholds;
}

/** Formats bytes in Lambda's units (MB = 2^20 bytes): `16 KB`, `4.2 MB`, `250 MB`. */
export function formatMB(bytes: number): string {
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / MB;
  return `${mb >= 100 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** Formats milliseconds: `412 ms`, `10 s`, `12.3 s`. */
export function formatMs(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The ELF `e_machine` a Lambda architecture needs. */
const EXPECTED_MACHINE: Record<LambdaArchitecture, { machine: number; name: string }> = {
  arm64: { machine: EM_AARCH64, name: 'aarch64' },
  x86_64: { machine: EM_X86_64, name: 'x86_64' },
};

function criterion(findings: Finding[], whenEmpty: CriterionStatus = 'pass'): Criterion {
  const levels = new Set(findings.map((f) => f.level));
  const status: CriterionStatus = levels.has('fail') ? 'fail' : levels.has('warn') ? 'warn' : whenEmpty;
  return { status, findings };
}

/** What each size limit is called in a sentence, and the routes it binds. */
const SIZE_KINDS = {
  unzipped: { code: 'UNZIPPED', what: 'unzipped size', routes: ZIP_ROUTES, hint: ' (a .zip package, direct or through S3; a container image allows 10 GB)' },
  zipped: { code: 'ZIPPED', what: 'zipped size', routes: ['zip-direct'], hint: ' (a direct upload; through S3 only the unzipped limit applies)' },
  image: { code: 'IMAGE', what: 'image contents', routes: ['container-image'], hint: ' (a container image, all layers, uncompressed)' },
} as const satisfies Record<string, { code: string; what: string; routes: readonly DeployRoute[]; hint: string }>;

function sizeFindings(kind: keyof typeof SIZE_KINDS, bytes: number, limit: number, warnFraction: number, detail = ''): RawFinding[] {
  const { code, what, routes, hint } = SIZE_KINDS[kind];
  if (bytes > limit) {
    return [{ code: `${code}_TOO_LARGE`, level: 'fail', routes, message: `${what} ${formatMB(bytes)}${detail} exceeds ${formatMB(limit)}${hint}` }];
  }
  if (bytes >= limit * warnFraction) {
    return [{ code: `${code}_NEAR_LIMIT`, level: 'warn', routes, message: `${what} ${formatMB(bytes)}${detail} is ${Math.round((bytes / limit) * 100)}% of the ${formatMB(limit)} limit${hint}` }];
  }
  return [];
}

/**
 * Checks the runtime and the route are ones fitcheck knows (the CLI checks its flags; a
 * library caller may pass anything).
 * @throws CannotAnalyseError for an unknown runtime or route
 */
function checkRuntimeAndRoute(t: Thresholds): void {
  if (!isLambdaRuntime(t.runtime)) throw new CannotAnalyseError(`--runtime must be one of ${Object.keys(LAMBDA_RUNTIMES).join(', ')}, not "${String(t.runtime)}"`);
  if (!DEPLOY_ROUTES.includes(t.route)) throw new CannotAnalyseError(`--route must be one of ${DEPLOY_ROUTES.join(', ')}, not "${String(t.route)}"`);
}

/** True for an ELF addon or shared library built for the function's architecture: a build Lambda can load. */
function loadsOn(native: NativeBinary, t: Thresholds): boolean {
  return (native.kind === 'addon' || native.kind === 'shared-library') && native.elf?.machine === EXPECTED_MACHINE[t.arch].machine;
}

/**
 * @param hasLinuxBuild the bundle also ships a Linux build for the function's architecture.
 *   Packages such as onnxruntime-node ship one prebuild per OS and load only the one for the
 *   OS they run on, so a macOS or Windows file beside a Linux build is dead weight, not a failure.
 */
function nativeFindings(native: NativeBinary, t: Thresholds, hasLinuxBuild: boolean): RawFinding[] {
  const findings: RawFinding[] = [];
  const expected = EXPECTED_MACHINE[t.arch];
  if (native.format === 'mach-o' || native.format === 'pe') {
    const os = native.format === 'mach-o' ? 'macOS' : 'Windows';
    findings.push(
      hasLinuxBuild
        ? { code: 'NATIVE_NOT_LINUX', level: 'warn', message: `${native.path} is a ${os} binary that Lambda never loads (the bundle has a Linux build for ${t.arch}): ${formatMB(native.bytes)} of dead weight to leave out`, subject: native.path }
        : { code: 'NATIVE_NOT_LINUX', level: 'fail', message: `${native.path} is a ${os} binary and the bundle has no Linux build for ${t.arch}; Lambda runs Linux`, subject: native.path },
    );
    return findings;
  }
  if (!native.elf) {
    findings.push({ code: 'NATIVE_UNREADABLE', level: 'warn', message: `${native.path} could not be read as ELF${native.parseError ? `: ${native.parseError}` : ''}`, subject: native.path });
    return findings;
  }
  const elf = native.elf;
  if (elf.machine !== expected.machine || elf.bits !== 64) {
    findings.push({
      code: 'NATIVE_WRONG_ARCH',
      level: 'fail',
      message: `${native.path} is built for ${elf.architecture}; an ${t.arch} function needs ${expected.name}, so it will not load`,
      subject: native.path,
    });
  }
  if (elf.requiredGlibc && compareVersions(elf.requiredGlibc, t.glibc) > 0) {
    const runtime = LAMBDA_RUNTIMES[t.runtime];
    const os = t.glibc === runtime.glibc ? ` (${runtime.os})` : '';
    findings.push({
      code: 'NATIVE_GLIBC_TOO_NEW',
      level: 'fail',
      message: `${native.path} needs glibc ${elf.requiredGlibc}; ${t.runtime}${os} has glibc ${t.glibc}, so it will not load: build it against glibc ≤ ${t.glibc}`,
      subject: native.path,
    });
  }
  if (elf.neededLibraries.some((lib) => /musl/.test(lib))) {
    findings.push({ code: 'NATIVE_MUSL', level: 'fail', message: `${native.path} is linked against musl; Lambda's runtime uses glibc`, subject: native.path });
  }
  return findings;
}

function judgeDependencies({ scan, thresholds: t }: JudgeInput): Criterion {
  const imageBytes = scan.unzippedBytes + t.baseImageBytes;
  const imageDetail = t.baseImageBytes > 0 ? ` (${formatMB(scan.unzippedBytes)} staged + ${formatMB(t.baseImageBytes)} base image)` : ' (the staged folder; the base image is not counted)';
  const findings: RawFinding[] = [
    ...sizeFindings('unzipped', scan.unzippedBytes, t.maxUnzippedBytes, t.sizeWarnFraction),
    ...sizeFindings('zipped', scan.zippedBytes, t.maxZippedBytes, t.sizeWarnFraction),
    ...sizeFindings('image', imageBytes, t.maxImageBytes, t.sizeWarnFraction, imageDetail),
  ];
  const hasLinuxBuild = scan.natives.some((n) => loadsOn(n, t));
  for (const native of scan.natives) findings.push(...nativeFindings(native, t, hasLinuxBuild));
  for (const object of scan.objectFiles ?? []) {
    findings.push({ code: 'NATIVE_OBJECT_FILE', level: 'info', message: `${object.path} is a relocatable object file (${object.architecture ?? 'unknown CPU'}); nothing loads it, so it is not judged`, subject: object.path });
  }
  const addons = scan.natives.filter((n) => n.kind === 'addon' || n.kind === 'shared-library');
  if (addons.length > 0) {
    findings.push({
      code: 'NATIVE_ADDON',
      level: 'warn',
      message: `${addons.length} native binar${addons.length === 1 ? 'y' : 'ies'} (${addons.map((n) => n.path).join(', ')}): the bundle must be built for ${t.arch} / glibc ≤ ${t.glibc}, on a matching machine or image`,
    });
  }
  return criterion(findings.map((f) => onRoute(t, f)));
}

function judgeInternalState({ measurement: m, dataFiles, notMeasuredBecause, thresholds: t }: JudgeInput): Criterion {
  const findings: RawFinding[] = [];
  const placed = (): Finding[] => findings.map((f) => onRoute(t, f));
  const shippedBytes = dataFiles.reduce((sum, f) => sum + f.bytes, 0);
  const memoryBytes = t.memoryMB * MB;

  if (!m || !m.init) {
    // Static only: the data files that ship are an upper bound on what init could load.
    if (shippedBytes > t.warnInitDataBytes) {
      findings.push({ code: 'DATA_FILES_LARGE', level: 'warn', message: `${formatMB(shippedBytes)} of data files ship in the bundle (> ${formatMB(t.warnInitDataBytes)}); not run, so not known how much init loads` });
    }
    return criterion(placed(), notMeasuredBecause === 'static' ? 'skipped' : 'unknown');
  }

  const loaded = m.init.dataBytes;
  if (loaded > memoryBytes) {
    findings.push({ code: 'INIT_DATA_OVER_MEMORY', level: 'fail', message: `init reads ${formatMB(loaded)} of data, more than the ${t.memoryMB} MB memory budget` });
  } else if (loaded > t.warnInitDataBytes) {
    findings.push({
      code: 'INIT_DATA_LARGE',
      level: 'warn',
      message: `init reads ${formatMB(loaded)} of data (> ${formatMB(t.warnInitDataBytes)}) in ${m.init.data.length} file(s); every cold start pays for it, and refreshing it means a redeploy`,
    });
  }
  const peakMB = m.peakRssMB?.max;
  if (peakMB !== undefined && peakMB > t.memoryMB) {
    findings.push({ code: 'MEMORY_OVER_BUDGET', level: 'fail', message: `peak RSS ${Math.round(peakMB)} MB exceeds the ${t.memoryMB} MB memory budget` });
  }
  if (m.initMs && loaded > 0 && m.initMs.median > t.maxInitMs) {
    findings.push({ code: 'STATE_LOAD_TOO_SLOW', level: 'fail', message: `loading state at init takes ${formatMs(m.initMs.median)}, past the ${formatMs(t.maxInitMs)} Init phase limit` });
  }
  const outside = m.init.outside.filter((f) => !/^\/(proc|sys|dev)\//.test(f.path));
  if (outside.length > 0) {
    findings.push({ code: 'INIT_READS_OUTSIDE_BUNDLE', level: 'warn', message: `init reads ${outside.length} file(s) from outside the bundle (${outside.slice(0, 3).map((f) => f.path).join(', ')}); they will not be there on Lambda` });
  }
  if (m.invoke && m.invoke.dataBytes > 0) {
    findings.push({ code: 'LAZY_LOAD_ON_FIRST_REQUEST', level: 'info', message: `the first invocation reads ${formatMB(m.invoke.dataBytes)} of data: the first request pays for it` });
  }
  if (shippedBytes > loaded && shippedBytes - loaded > t.warnInitDataBytes) {
    findings.push({ code: 'DATA_FILES_NOT_READ_AT_INIT', level: 'info', message: `${formatMB(shippedBytes)} of data files ship, ${formatMB(loaded)} were read through fs at init (native code and ESM JSON imports are not traced)` });
  }
  return criterion(placed());
}

function judgeColdStarts({ measurement: m, notMeasuredBecause, thresholds: t }: JudgeInput): Criterion {
  if (!m) {
    const finding: RawFinding =
      notMeasuredBecause === 'static'
        ? { code: 'NOT_RUN', level: 'info', message: 'static checks only (--static): cold start not measured' }
        : { code: 'NO_HANDLER', level: 'info', message: 'no handler found (index.mjs, index.js, handler.mjs, handler.js…): pass --handler <file>#<export> to measure' };
    return criterion([onRoute(t, finding)], notMeasuredBecause === 'static' ? 'skipped' : 'unknown');
  }
  const findings: RawFinding[] = [];
  if (m.error) {
    const what = m.error.phase === 'invoke' ? 'the handler threw on the event' : m.error.phase === 'timeout' ? 'the handler timed out' : 'the handler failed to initialise';
    findings.push({ code: m.error.phase === 'invoke' ? 'INVOKE_FAILED' : 'INIT_FAILED', level: 'fail', message: `${what}: ${m.error.name}: ${m.error.message}` });
  }
  if (m.initMs) {
    if (m.initMs.median > t.maxInitMs) {
      findings.push({ code: 'INIT_TOO_SLOW', level: 'fail', message: `median init ${formatMs(m.initMs.median)} exceeds Lambda's ${formatMs(t.maxInitMs)} Init phase limit` });
    }
    const coldStart = m.firstResponseMs ?? m.initMs;
    const what = m.firstResponseMs ? 'first response' : 'init';
    if (coldStart.median > t.warnInitMs && m.initMs.median <= t.maxInitMs) {
      findings.push({ code: 'COLD_START_SLOW', level: 'warn', message: `median cold start (spawn to ${what}) ${formatMs(coldStart.median)} > ${formatMs(t.warnInitMs)}: consider provisioned concurrency or a smaller init` });
    }
  }
  return criterion(findings.map((f) => onRoute(t, f)));
}

/**
 * Applies every rule and returns the three criteria.
 * @throws CannotAnalyseError for a runtime or route fitcheck does not know
 */
export function judge(input: JudgeInput): Criteria {
  checkRuntimeAndRoute(input.thresholds);
  return {
    dependencies: judgeDependencies(input),
    internalState: judgeInternalState(input),
    coldStarts: judgeColdStarts(input),
  };
}

/** The three criteria in their documented order. */
export function criteriaList(criteria: Criteria): Criterion[] {
  return [criteria.dependencies, criteria.internalState, criteria.coldStarts];
}

/** The overall verdict: any failure means it does not fit; a criterion that could not be measured makes it inconclusive. */
export function overallVerdict(criteria: Criteria): Verdict {
  const statuses = criteriaList(criteria).map((c) => c.status);
  if (statuses.includes('fail')) return 'does-not-fit';
  if (statuses.includes('unknown')) return 'inconclusive';
  return 'fits';
}

/** A criterion as it stands on `route`: its findings re-levelled for that route. */
function criterionOnRoute(c: Criterion, route: DeployRoute): Criterion {
  const findings = c.findings.map((f) => ({ ...f, level: f.routes.includes(route) ? f.routeLevel : ('info' as const) }));
  // skipped / unknown say the criterion was not evaluated: no route changes that.
  const whenEmpty: CriterionStatus = c.status === 'skipped' || c.status === 'unknown' ? c.status : 'pass';
  return criterion(findings, whenEmpty);
}

/** The criteria as they stand on another deploy route, from the same findings. */
export function criteriaOnRoute(criteria: Criteria, route: DeployRoute): Criteria {
  return {
    dependencies: criterionOnRoute(criteria.dependencies, route),
    internalState: criterionOnRoute(criteria.internalState, route),
    coldStarts: criterionOnRoute(criteria.coldStarts, route),
  };
}

/** The verdict a report's findings give on each deploy route. */
export function verdictsByRoute(criteria: Criteria): Record<DeployRoute, Verdict> {
  return Object.fromEntries(DEPLOY_ROUTES.map((route) => [route, overallVerdict(criteriaOnRoute(criteria, route))])) as Record<DeployRoute, Verdict>;
}
