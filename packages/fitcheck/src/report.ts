/**
 * The `FitReport` (fitcheck's one output, schema `fitcheck.report/v1`), its
 * human-readable rendering, and the exit code it maps to.
 *
 * The JSON schema is a contract: other packages (bench, demo) and CI read it. Add
 * fields freely; renaming or removing one means bumping `REPORT_SCHEMA` and saying
 * so in the README. The text rendering is for people and may change at will.
 */
import type { BundleFile, NativeBinary } from './bundle.js';
import type { GlibcMethod } from './elf.js';
import { DEPLOY_ROUTES, LAMBDA_RUNTIMES, type Thresholds } from './limits.js';
import type { InitMeasurement, RunStats } from './measure.js';
import { type Criteria, criteriaList, type CriterionStatus, type Finding, formatMB, formatMs, type Verdict, verdictsByRoute } from './verdict.js';

/** Version tag of the report's shape. */
export const REPORT_SCHEMA = 'fitcheck.report/v1';

/** The machine a report was measured on: timings only compare within one machine. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** The glibc of the machine that ran the measurement, when it has one. */
  glibc: string | null;
}

/** A native binary as reported: its ELF facts, flattened. */
export interface NativeBinaryReport {
  path: string;
  bytes: number;
  kind: NativeBinary['kind'];
  format: NativeBinary['format'];
  architecture: string | null;
  requiredGlibc: string | null;
  requiredGlibcxx: string | null;
  glibcMethod: GlibcMethod | null;
  neededLibraries: string[];
  parseError: string | null;
}

/** Everything fitcheck found about one bundle. */
export interface FitReport {
  schema: typeof REPORT_SCHEMA;
  tool: { name: string; version: string };
  createdAt: string;
  target: {
    /** Absolute path of the folder or zip analysed. */
    path: string;
    kind: 'folder' | 'zip';
    /** `file#export` that was run, or null. */
    handler: string | null;
  };
  thresholds: Thresholds;
  machine: MachineInfo;
  size: {
    files: number;
    unzippedBytes: number;
    zippedBytes: number;
    zippedMethod: 'zip-file-size' | 'fflate-deflate-level-6';
    /** The five largest files. */
    largestFiles: BundleFile[];
  };
  nativeBinaries: NativeBinaryReport[];
  /** Data files that ship in the bundle (static listing), largest first, at most 20. */
  dataFiles: { files: BundleFile[]; count: number; totalBytes: number };
  /** Null with `--static` or when no handler was found. */
  init: InitMeasurement | null;
  criteria: Criteria;
  verdict: Verdict;
  /** The fail findings (or, when it fits, the warnings), as sentences. */
  reasons: string[];
}

/** Documented exit codes: 0 fits, 1 does not fit, 2 usage error or cannot analyse (including inconclusive). */
export const EXIT_CODES = { fits: 0, 'does-not-fit': 1, inconclusive: 2, usage: 2 } as const;

/** The process exit code for a report. */
export function exitCodeFor(report: Pick<FitReport, 'verdict'>): number {
  return EXIT_CODES[report.verdict];
}

const STATUS_LABEL: Record<CriterionStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP', unknown: '????' };
const VERDICT_LABEL: Record<Verdict, string> = { fits: 'FITS', 'does-not-fit': 'DOES NOT FIT', inconclusive: 'INCONCLUSIVE' };

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  return rows.map((r) => `  ${r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')}`.trimEnd());
}

function statsCell(s: RunStats | null, format: (n: number) => string): string {
  if (!s) return '-';
  return s.values.length > 1 ? `${format(s.median)} (${format(s.min)}–${format(s.max)})` : format(s.median);
}

/**
 * A table row's status, read from the findings so the table and the verdicts cannot disagree.
 * `onOwnRoute` reads a finding's level on the routes it applies to (the size rows: each limit
 * belongs to one route), not on the judged route.
 */
function rowStatus(findings: Finding[], codes: string[], subject?: string, onOwnRoute = false): string {
  const relevant = findings.filter((f) => codes.includes(f.code) && (subject === undefined || f.subject === subject));
  const level = (f: Finding): string => (onOwnRoute ? f.routeLevel : f.level);
  if (relevant.some((f) => level(f) === 'fail')) return 'FAIL';
  if (relevant.some((f) => level(f) === 'warn')) return 'WARN';
  return 'ok';
}

/** Renders a report as a compact table plus one verdict line per criterion. */
export function formatReport(report: FitReport): string {
  const t = report.thresholds;
  const findings = criteriaList(report.criteria).flatMap((c) => c.findings);
  const lines: string[] = [];
  const runtime = LAMBDA_RUNTIMES[t.runtime];
  const glibcNote = t.glibc === runtime.glibc ? `glibc ${t.glibc}` : `glibc ${t.glibc} as set; the runtime has ${runtime.glibc}`;
  lines.push(`fitcheck ${report.target.path} (${report.target.kind}) → Lambda ${t.runtime} ${t.arch} (${runtime.os}, ${glibcNote}), route ${t.route}`);
  lines.push('');

  const imageBytes = report.size.unzippedBytes + t.baseImageBytes;
  const rows: string[][] = [
    ['check', 'measured', 'limit', 'status', 'note'],
    ['unzipped size', formatMB(report.size.unzippedBytes), formatMB(t.maxUnzippedBytes), rowStatus(findings, ['UNZIPPED_TOO_LARGE', 'UNZIPPED_NEAR_LIMIT'], undefined, true), `zip-direct, zip-s3; ${report.size.files} files`],
    ['zipped size', formatMB(report.size.zippedBytes), formatMB(t.maxZippedBytes), rowStatus(findings, ['ZIPPED_TOO_LARGE', 'ZIPPED_NEAR_LIMIT'], undefined, true), `zip-direct; ${report.size.zippedMethod === 'zip-file-size' ? 'the .zip itself' : 'deflate level 6, in memory'}`],
    ['image contents', formatMB(imageBytes), formatMB(t.maxImageBytes), rowStatus(findings, ['IMAGE_TOO_LARGE', 'IMAGE_NEAR_LIMIT'], undefined, true), `container-image; ${t.baseImageBytes > 0 ? `+ ${formatMB(t.baseImageBytes)} base image` : 'base image not counted'}`],
  ];
  const nativeCodes = ['NATIVE_WRONG_ARCH', 'NATIVE_GLIBC_TOO_NEW', 'NATIVE_MUSL', 'NATIVE_NOT_LINUX', 'NATIVE_UNREADABLE'];
  for (const n of report.nativeBinaries) {
    const arch = n.architecture ?? n.format;
    if (n.kind === 'object-file') rows.push([`native ${n.kind}`, arch, 'not loaded', '-', n.path]);
    else rows.push([`native ${n.kind}`, `${arch}, glibc ${n.requiredGlibc ?? '-'}`, `${t.arch === 'arm64' ? 'aarch64' : 'x86_64'}, glibc ≤ ${t.glibc}`, rowStatus(findings, nativeCodes, n.path), n.path]);
  }
  const m = report.init;
  if (m) {
    const runs = `median of ${m.runsCompleted}/${m.runsRequested} fresh processes`;
    rows.push(['init (spawn→ready)', statsCell(m.initMs, formatMs), `${formatMs(t.maxInitMs)}`, m.initMs ? rowStatus(findings, ['INIT_TOO_SLOW', ...(m.firstResponseMs ? [] : ['COLD_START_SLOW'])]) : 'FAIL', runs]);
    if (m.firstResponseMs) rows.push(['first response', statsCell(m.firstResponseMs, formatMs), `warn ${formatMs(t.warnInitMs)}`, rowStatus(findings, ['COLD_START_SLOW', 'INVOKE_FAILED']), m.response?.statusCode ? `status ${m.response.statusCode}` : '']);
    rows.push(['peak RSS', statsCell(m.peakRssMB, (v) => `${Math.round(v)} MB`), `${t.memoryMB} MB`, rowStatus(findings, ['MEMORY_OVER_BUDGET']), 'VmHWM of the fresh process']);
    if (m.init) {
      const top = m.init.data.slice(0, 3).map((f) => `${f.path} ${formatMB(f.bytes)}`).join(', ');
      rows.push(['data read at init', `${formatMB(m.init.dataBytes)} in ${m.init.data.length} file(s)`, `warn ${formatMB(t.warnInitDataBytes)}`, rowStatus(findings, ['INIT_DATA_LARGE', 'INIT_DATA_OVER_MEMORY']), top]);
    }
    if (m.initProcessReadBytes !== null) rows.push(['all reads at init', formatMB(m.initProcessReadBytes), '', '', 'rchar in /proc/self/io: code, addons and data']);
  }
  rows.push(['data files shipped', `${formatMB(report.dataFiles.totalBytes)} in ${report.dataFiles.count} file(s)`, '', '', report.dataFiles.files.slice(0, 3).map((f) => f.path).join(', ')]);
  lines.push(...table(rows));
  if (m?.isolation) lines.push('', `  ran a copy in ${m.isolation.copiedTo}: ${m.isolation.reason}`);
  if (m?.error?.output) lines.push('', '  handler output (tail):', ...m.error.output.split('\n').slice(-8).map((l) => `    ${l}`));

  lines.push('');
  const names: [keyof Criteria, string][] = [
    ['dependencies', 'dependencies'],
    ['internalState', 'internal state'],
    ['coldStarts', 'cold starts'],
  ];
  for (const [key, label] of names) {
    const c = report.criteria[key];
    const shown = c.findings.filter((f) => f.level !== 'info' || c.findings.every((g) => g.level === 'info'));
    lines.push(`${label.padEnd(15)} ${STATUS_LABEL[c.status]}${shown.length === 0 ? '' : `  ${shown[0]!.message}`}`);
    for (const f of shown.slice(1)) lines.push(`${''.padEnd(22)}${f.message}`);
  }
  lines.push('');
  const byRoute = verdictsByRoute(report.criteria);
  lines.push(`by route        ${DEPLOY_ROUTES.map((route) => `${route} ${VERDICT_LABEL[byRoute[route]]}`).join(' · ')}`);
  lines.push(`verdict (${t.route}): ${VERDICT_LABEL[report.verdict]}${report.reasons.length > 0 && report.verdict !== 'fits' ? ` (${report.reasons.length} reason${report.reasons.length === 1 ? '' : 's'} above)` : ''}`);
  return `${lines.join('\n')}\n`;
}
