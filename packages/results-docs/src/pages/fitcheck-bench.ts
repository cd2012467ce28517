/**
 * The cold-start table of docs/fitcheck.md, from docs/results/fitcheck.json (fitcheck's
 * `npm run bench`), so the page quotes only what the benchmark measured. Only the text
 * between `<!-- fitcheck:bench:start -->` and `<!-- fitcheck:bench:end -->` is replaced.
 */
import { fillMarkedBlock } from '../marked-blocks.js';
import { readResultsJson, renderPage, type RenderedFile } from './rendered-file.js';

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

/** `doc` (docs/fitcheck.md) with its `fitcheck:bench` block rendered. @throws if the markers are missing */
export function renderDoc(doc: string, results: FitcheckBenchResults): string {
  return fillMarkedBlock(doc, 'fitcheck:bench', renderBlock(results), 'docs/fitcheck.md');
}

/** docs/fitcheck.md under `root`, with its `fitcheck:bench` block rendered from that root's fitcheck.json. */
export function renderFitcheckBenchPage(root: string): RenderedFile {
  return renderPage(root, 'docs/fitcheck.md', (page) => renderDoc(page, readResultsJson<FitcheckBenchResults>(root, 'fitcheck.json')));
}
