/**
 * The tables of docs/contrast.md, from docs/results/contrast.json (written by
 * `npm run bench:contrast`); `npm run render` writes them, so the page never shows a
 * number that is not in the file.
 *
 * Only the text between `<!-- contrast:start -->` and `<!-- contrast:end -->` is
 * replaced; the prose around it is written by hand. Edit `renderContrastTables` to
 * change the columns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes, formatMs } from '../format.js';
import { fillMarkedBlock } from '../marked-blocks.js';
import { resultsDirOf } from '../paths.js';
import { type ContrastResult, type ContrastVerdict, describeMachine, readResults, REQUIRED_FIELDS } from '../results.js';
import type { RenderedFile } from './rendered-file.js';

/** The name of the generated block (`<!-- contrast:start -->` … `<!-- contrast:end -->`). */
export const BLOCK = 'contrast';

const times = (ratio: number): string => `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}×`;

/** The generated Markdown: a provenance line, the measurements table and fitcheck's verdicts. */
export function renderContrastTables(result: ContrastResult): string {
  const f = result.footfall;
  const lines: string[] = [];
  lines.push(
    `_Generated from [docs/results/contrast.json](results/contrast.json) by \`npm run render\`. ` +
      `Measured by \`${result.command}\` on ${result.generatedAt.slice(0, 10)}: ${describeMachine(result.machine)}` +
      `${result.machine.loadAverageAtStart === undefined ? '' : ` (load average ${result.machine.loadAverageAtStart} at start)`}; ` +
      `medians of ${result.parameters.runs} interleaved fresh-process runs per row._`,
  );
  lines.push('');
  lines.push('| Package | Index at init | State read at init | Package (zipped) | Cold start, median (min–max) | × footfall | Peak RSS | × footfall | Init: artifacts + index |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  lines.push(
    `| footfall on Lambda | – | ${formatBytes(f.stateBytes)} | ${formatBytes(f.bundle.bytes)} (${formatBytes(f.bundle.zippedBytes)}) | ` +
      `${formatMs(f.coldStart.medianMs)} (${formatMs(f.coldStart.minMs)}–${formatMs(f.coldStart.maxMs)}) | 1× | ${formatBytes(f.peakRss.medianBytes)} | 1× | – |`,
  );
  for (const size of result.sizes) {
    for (const m of size.modes) {
      const name = `recommender on Lambda, ${size.movies.toLocaleString('en-US')} movies`;
      if ('skipped' in m) {
        lines.push(`| ${name} | ${m.mode} | – | – | not measured: ${m.skipped} | – | – | – | – |`);
        continue;
      }
      const init = m.init ? `${formatMs(m.init.loadArtifactsMedianMs)} + ${formatMs(m.init.indexMedianMs)}` : '–';
      lines.push(
        `| ${name} | ${m.mode} | ${formatBytes(m.stateBytes)} | ${formatBytes(m.bundle.bytes)} (${formatBytes(m.bundle.zippedBytes)}) | ` +
          `${formatMs(m.coldStart.medianMs)} (${formatMs(m.coldStart.minMs)}–${formatMs(m.coldStart.maxMs)}) | ${times(m.ratiosToFootfall.coldStart)} | ` +
          `${formatBytes(m.peakRss.medianBytes)} | ${times(m.ratiosToFootfall.peakRss)} | ${init} |`,
      );
    }
  }
  if (result.fitcheck.length > 0) lines.push('', ...renderVerdictTable(result.fitcheck));
  return lines.join('\n');
}

/** A fitcheck row's name: the package, and how it is deployed. */
function verdictRowName(v: ContrastVerdict): string {
  if (v.movies === null) return 'footfall on Lambda';
  const what = `recommender, ${v.movies.toLocaleString('en-US')} movies, ${v.mode}`;
  return v.packaging === 'image' ? `${what}, **container image**` : what;
}

/** Finding codes at one level, with a count when a code repeats: `` `A`, `B` ×2 ``. */
function codesAt(v: ContrastVerdict, level: string): string {
  const counts = new Map<string, number>();
  for (const f of v.findings) if (f.level === level) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `\`${code}\`${n > 1 ? ` ×${n}` : ''}`).join(', ') || '–';
}

/** fitcheck's table: one row per package (and one for the container image), judged on its route, with the other routes beside it. */
export function renderVerdictTable(verdicts: readonly ContrastVerdict[]): string[] {
  const judged = verdicts.find((v) => v.architecture !== undefined);
  const lines: string[] = [];
  lines.push(
    judged
      ? `fitcheck's verdicts on packages built for the function (${judged.architecture}; \`analyse()\`'s default runtime and route). ` +
          'Dependencies are judged on the package with the arm64 addon; internal state and cold starts are measured on its twin with this machine\'s addon. ' +
          'The route columns re-read the same findings for each way of deploying:'
      : "fitcheck's verdicts (`analyse()` with its default thresholds):",
  );
  lines.push('');
  lines.push('| Package | Judged on | Verdict | zip-direct · zip-s3 · container-image | Dependencies | Internal state | Cold starts | Failing findings | Warnings |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const v of verdicts) {
    const routes = v.verdictsByRoute ? Object.values(v.verdictsByRoute).join(' · ') : '–';
    lines.push(
      `| ${verdictRowName(v)} | ${v.route ?? '–'} | **${v.verdict}** | ${routes} | ${v.criteria.dependencies} | ${v.criteria.internalState} | ${v.criteria.coldStarts} | ${codesAt(v, 'fail')} | ${codesAt(v, 'warn')} |`,
    );
  }
  const natives = new Map<string, string>();
  for (const v of verdicts) {
    for (const n of v.nativeBinaries ?? []) natives.set(`${n.path} ${n.architecture}`, `\`${n.path}\` (${n.architecture ?? 'unknown'}${n.requiredGlibc ? `, needs glibc ${n.requiredGlibc}` : ''})`);
  }
  if (natives.size > 0) lines.push('', `Native binaries in the packages judged: ${[...natives.values()].join(', ')}.`);
  return lines;
}

/**
 * docs/contrast.md under `root` with its block rendered from that root's contrast.json.
 * @throws Error when contrast.json is missing or the page has no markers
 */
export function renderContrastPage(root: string): RenderedFile {
  const result = readResults<ContrastResult>('contrast.json', REQUIRED_FIELDS.contrast, resultsDirOf(root));
  if (!result) throw new Error('docs/results/contrast.json is missing: run `npm run bench:contrast` first.');
  const path = join(root, 'docs', 'contrast.md');
  return { path, content: fillMarkedBlock(readFileSync(path, 'utf8'), BLOCK, renderContrastTables(result), 'docs/contrast.md') };
}
