/**
 * `npm run render` in one function: every generated file of a repository, rendered
 * from the results JSON and the committed artifacts under one root. The chart SVGs
 * come first, because the verdict page lists the charts present; then every page.
 * A file is written only when its text changes. The drift test runs this on a
 * temporary copy of the repository and compares the copy with the committed files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { renderChartFiles } from './charts/render-charts.js';
import { renderContrastPage } from './pages/contrast.js';
import { renderCostPage } from './pages/cost-and-scaling.js';
import { renderFitcheckBenchPage } from './pages/fitcheck-bench.js';
import { renderFitcheckElfPage } from './pages/fitcheck-elf.js';
import { renderFitcheckReadme } from './pages/fitcheck-examples.js';
import { renderFootfallLambdaPage } from './pages/footfall-lambda.js';
import { renderFootfallModelPage } from './pages/footfall-model.js';
import { renderPersonalizationPages } from './pages/personalization.js';
import { renderRecommenderContainerPage } from './pages/recommender-container.js';
import { renderRecommenderIndexPage } from './pages/recommender-index.js';
import type { RenderedFile } from './pages/rendered-file.js';
import { renderStartPage } from './pages/start-page.js';
import { renderVerdictPage } from './pages/verdict.js';
import { resultsDirOf } from './paths.js';

export type { RenderedFile } from './pages/rendered-file.js';

/** What a render did. */
export interface RenderReport {
  /** Every generated file, whether or not its text changed. */
  rendered: string[];
  /** The files whose text changed and were written. */
  written: string[];
  /** Charts left out because an input file is missing, with the command that writes it. */
  skipped: { chart: string; reason: string }[];
}

/**
 * Every page renderer, in order. Each reads its inputs under the root and returns
 * the new text of its file(s); two renderers may fill different blocks of one page
 * (docs/fitcheck.md), so each runs on what the one before wrote.
 */
export const PAGE_RENDERERS: readonly ((root: string) => RenderedFile | RenderedFile[])[] = [
  renderContrastPage,
  renderFootfallLambdaPage,
  renderFootfallModelPage,
  renderRecommenderContainerPage,
  renderRecommenderIndexPage,
  renderPersonalizationPages,
  renderFitcheckBenchPage,
  renderFitcheckElfPage,
  renderFitcheckReadme,
  renderCostPage,
  renderVerdictPage,
  renderStartPage,
];

/** Writes `file` when its text differs from the disk. @returns whether it wrote */
function writeIfChanged(file: RenderedFile): boolean {
  if (existsSync(file.path) && readFileSync(file.path, 'utf8') === file.content) return false;
  writeFileSync(file.path, file.content);
  return true;
}

/**
 * Renders and writes every chart and generated page under `root`.
 * @throws Error naming the file and the marker or field when an input is missing or changed shape
 */
export async function renderRepository(root: string): Promise<RenderReport> {
  const report: RenderReport = { rendered: [], written: [], skipped: [] };
  const record = (file: RenderedFile): void => {
    report.rendered.push(file.path);
    if (writeIfChanged(file)) report.written.push(file.path);
  };
  const charts = await renderChartFiles(resultsDirOf(root));
  charts.files.forEach(record);
  report.skipped.push(...charts.skipped);
  for (const render of PAGE_RENDERERS) [render(root)].flat().forEach(record);
  return report;
}
