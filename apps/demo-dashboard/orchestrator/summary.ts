/**
 * Step 4 of `npm start`: measure each running service (what it ships, how long it
 * took to start, how much memory it holds), write that for the page and print it.
 *
 * Edit this file to measure something else; the page reads the same `StackSummary`
 * (src/shared/types.ts) through `GET /api/summary`.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ServiceSummary, StackSummary } from '../src/shared/types.js';
import { directorySize, printPrefixed, readRssBytes, type RunningService, type ServiceSpec } from './processes.js';
import { APP_DIRS, packageDirOf } from './services.js';

/** Path of the footfall app's size report, relative to the app folder. */
export const FOOTFALL_SIZE_REPORT = 'dist/size-report.json';

/** Bundle size, start-up time and RSS of each running service, and the machine they ran on. */
export async function measure(repoRoot: string, running: readonly RunningService[]): Promise<StackSummary> {
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
      const hnsw = packageDirOf('hnswlib-node', join(repoRoot, APP_DIRS.recommender));
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
  const report = JSON.parse(await readFile(join(repoRoot, APP_DIRS.footfall, FOOTFALL_SIZE_REPORT), 'utf8')) as Record<string, unknown>;
  const zipped = findNumber(report, ['zippedBytes', 'zipBytes', 'compressedBytes']);
  const unzipped = findNumber(report, ['unzippedBytes', 'totalBytes', 'bytes']);
  if (zipped !== null) return { bytes: zipped, note: `Lambda zip (${unzipped === null ? 'size report' : `${formatBytes(unzipped)} unzipped`})` };
  return { bytes: unzipped, note: 'Lambda bundle, unzipped' };
}

function findNumber(record: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

/** Writes JSON to a temp file and renames it, so the page never reads half a summary. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}

/** Prints the summary table, the demo URL, the admin token with a curl example, and how to stop. */
export function printSummary(summary: StackSummary, info: { demoUrl: string; adminToken: string; dataDir: string; totalMs: number }): void {
  const rows = summary.services.map((s) => [s.name, s.url, formatBytes(s.bundleBytes), formatMs(s.startupMs), formatBytes(s.rssBytes), s.bundleNote]);
  const header = ['service', 'url', 'bundle', 'start-up', 'memory (RSS)', 'bundle counts'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const recommenderUrl = summary.services.find((s) => s.name === 'recommender')?.url ?? '';
  const out = [
    '',
    `Ready in ${formatMs(info.totalMs)}. Open the demo: ${info.demoUrl}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `Start-up = spawn to first ready answer, measured now; memory = VmRSS of each process once all were ready.`,
    `Admin token (local demo only, new each start): ${info.adminToken}`,
    `  The demo server adds it to the admin calls it forwards for the page; the browser never sees it. For curl:`,
    `  e.g. curl -X POST -H 'Authorization: Bearer ${info.adminToken}' -H 'content-type: application/json' \\`,
    `       -d '{"movieId":900001,"title":"My Movie","year":2025,"genres":["Comedy"]}' ${recommenderUrl}/movies`,
    `Recommender data (update log, snapshots): ${info.dataDir}/  (delete it to start from the committed catalog)`,
    'Stop everything with Ctrl-C.',
    '',
  ];
  for (const text of out) printPrefixed('start', text);
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
