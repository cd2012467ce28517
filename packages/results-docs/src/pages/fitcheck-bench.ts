/**
 * Writes the cold-start table of docs/fitcheck.md from docs/results/fitcheck.json, so
 * the page quotes only what the benchmark measured. `npm run bench` calls it after
 * writing the JSON; tests/docs.test.ts fails when the page and the JSON disagree.
 * Only the text between `<!-- fitcheck:bench:start -->` and `<!-- fitcheck:bench:end -->`
 * is replaced.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const RESULTS_JSON = join(repoRoot, 'docs', 'results', 'fitcheck.json');
export const DOC_PATH = join(repoRoot, 'docs', 'fitcheck.md');
const START = '<!-- fitcheck:bench:start -->';
const END = '<!-- fitcheck:bench:end -->';

interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The fields of fitcheck.json that the page quotes. */
export interface FitcheckBenchResults {
  createdAt: string;
  runs: number;
  machine: { cpuModel: string; cores: number; node: string; platform: string };
  bundles: {
    name: string;
    description: string;
    arch: string;
    verdict: string;
    initMs: Spread | null;
    firstResponseMs: Spread | null;
    peakRssMB: Spread | null;
    dataReadAtInitBytes: number | null;
  }[];
  ratios: { hnswlibInitOverSmallModelInit: number | null; footfallInitOverSmallModelInit: number | null };
}

const cell = (s: Spread | null, withRange = false): string => (s === null ? '–' : withRange ? `${s.median} (${s.min}–${s.max})` : `${s.median}`);

/** The generated block: provenance, one row per bundle, the side-by-side ratios. */
export function renderBlock(r: FitcheckBenchResults): string {
  const rows = r.bundles.map(
    (b) =>
      `| ${b.name} (${b.arch}) | ${b.verdict} | ${cell(b.initMs, true)} | ${cell(b.firstResponseMs)} | ${cell(b.peakRssMB)} | ${b.dataReadAtInitBytes === null ? '–' : `${b.dataReadAtInitBytes.toLocaleString('en-US')} B`} |`,
  );
  return [
    `_From [docs/results/fitcheck.json](results/fitcheck.json) (\`npm run bench -w @serverless-ai/fitcheck\`, ${r.createdAt.slice(0, 10)}): ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.platform}, Node ${r.machine.node}; ${r.runs} fresh processes per bundle, back to back._`,
    '',
    '| bundle (target) | verdict | init median (min–max), ms | first response median, ms | peak RSS, MB | data read at init |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Measured side by side, the hnswlib fixture's init took ${r.ratios.hnswlibInitOverSmallModelInit ?? '–'}× the small model's, and the footfall bundle's ${r.ratios.footfallInitOverSmallModelInit ?? '–'}×.`,
  ].join('\n');
}

/** Replaces the marked block of `doc`; throws if the markers are missing. */
export function renderDoc(doc: string, results: FitcheckBenchResults): string {
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC_PATH} lacks the ${START} … ${END} markers`);
  return `${doc.slice(0, from + START.length)}\n${renderBlock(results)}\n${doc.slice(to)}`;
}

/** Re-renders docs/fitcheck.md from the results JSON. */
export function writeDoc(): void {
  const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as FitcheckBenchResults;
  writeFileSync(DOC_PATH, renderDoc(readFileSync(DOC_PATH, 'utf8'), results));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeDoc();
  console.log(`updated ${DOC_PATH}`);
}
