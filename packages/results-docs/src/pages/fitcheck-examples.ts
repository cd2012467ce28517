/**
 * The "Output" examples and the JSON excerpt of packages/fitcheck/README.md (the
 * `fitcheck:examples` and `fitcheck:json-excerpt` blocks), from the full reports in
 * docs/results/fitcheck-examples.json, which `npm run doc:examples -w @serverless-ai/fitcheck`
 * writes by running fitcheck on the example bundles. The printed tables are fitcheck's own
 * `formatReport` of the stored reports, so no figure in them is typed by hand, and a change
 * to how a report prints shows up here after `npm run render`.
 */
import { exitCodeFor, type ExampleResults, type FitReport, formatReport } from '@serverless-ai/fitcheck';

export type { ExampleResults } from '@serverless-ai/fitcheck';
import { fillMarkedBlock } from '../marked-blocks.js';
import { readResultsJson, renderPage, type RenderedFile } from './rendered-file.js';

/** The printed examples: the command line, `formatReport`'s table and the exit code, as a terminal shows them. */
export function renderExamples(results: ExampleResults): string {
  const m = results.machine;
  const blocks = results.examples.flatMap((example) => [
    `${example.title}:`,
    '',
    '```',
    `$ ${example.command}`,
    formatReport(example.report).trimEnd(),
    '$ echo $?',
    String(exitCodeFor(example.report)),
    '```',
    '',
  ]);
  return [
    `Produced by \`${results.command}\` on ${results.createdAt.slice(0, 10)} (${m.cores}-core ${m.cpuModel}, Node ${m.node}, ${m.platform}, glibc ${m.glibc ?? 'unknown'}); the full reports are in [docs/results/fitcheck-examples.json](../../docs/results/fitcheck-examples.json).`,
    "Each is one run, to show the output; compare bundles by the benchmark's side-by-side medians in [docs/fitcheck.md](../../docs/fitcheck.md).",
    '',
    ...blocks,
  ]
    .join('\n')
    .trimEnd();
}

/** The fields of a report the README's excerpt shows; the rest is elided. */
function excerpt(report: FitReport): Record<string, unknown> {
  const init = report.init;
  return {
    schema: report.schema,
    target: report.target,
    size: { ...report.size, largestFiles: ['…'] },
    init: init && {
      runsRequested: init.runsRequested,
      runsCompleted: init.runsCompleted,
      initMs: init.initMs,
      importMs: init.importMs,
      peakRssMB: init.peakRssMB,
      init: init.init,
      initProcessReadBytes: init.initProcessReadBytes,
      response: init.response,
      error: init.error,
    },
    criteria: report.criteria,
    verdict: report.verdict,
    reasons: report.reasons,
  };
}

/** JSON with one line per field down to `levels` deep, and anything short or deeper on one line. */
function compactJson(value: unknown, levels = 2, indent = ''): string {
  const inline = JSON.stringify(value);
  if (levels === 0 || value === null || typeof value !== 'object' || Array.isArray(value) || inline.length <= 100) return inline;
  const inner = `${indent}  `;
  const fields = Object.entries(value).map(([key, field]) => `${inner}${JSON.stringify(key)}: ${compactJson(field, levels - 1, inner)}`);
  return `{\n${fields.join(',\n')}\n${indent}}`;
}

/** The JSON excerpt and the sentence that reads it, from the stored report. */
export function renderJsonExcerpt(results: ExampleResults): string {
  const { report, command } = results.jsonExample;
  const init = report.init;
  const lines = [`Excerpt (\`${command}\`, from the same file):`, '', '```json', compactJson(excerpt(report)), '```'];
  if (init?.initMs && init.importMs) {
    lines.push(
      '',
      `Note \`initMs\` ${Math.round(init.initMs.median)} ms against \`importMs\` ${Math.round(init.importMs.median)} ms: for a small bundle almost all of a cold start is`,
      'starting Node itself.',
    );
  }
  return lines.join('\n');
}

/** The README with both generated blocks rendered from `results`. */
export function renderReadme(readme: string, results: ExampleResults): string {
  const withExamples = fillMarkedBlock(readme, 'fitcheck:examples', renderExamples(results), 'packages/fitcheck/README.md');
  return fillMarkedBlock(withExamples, 'fitcheck:json-excerpt', renderJsonExcerpt(results), 'packages/fitcheck/README.md');
}

/** packages/fitcheck/README.md under `root`, rendered from that root's fitcheck-examples.json. */
export function renderFitcheckReadme(root: string): RenderedFile {
  return renderPage(root, 'packages/fitcheck/README.md', (page) => renderReadme(page, readResultsJson<ExampleResults>(root, 'fitcheck-examples.json')));
}
