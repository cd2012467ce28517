/**
 * `npm run doc:examples -w @serverless-ai/fitcheck`: runs fitcheck on the README's
 * example bundles (the built footfall Lambda bundle and the test fixtures), keeps the
 * full reports in docs/results/fitcheck-examples.json, and renders the README's
 * "Output" examples and its JSON excerpt from them (the `fitcheck:examples` and
 * `fitcheck:json-excerpt` blocks). The printed tables are `formatReport` of the stored
 * reports, so no figure in them is typed by hand. tests/doc-figures.test.ts checks that
 * the README matches the JSON. After changing how a report prints, `-- --render-only`
 * re-renders the README from the stored reports without running anything.
 *
 * These are single runs, for showing what the output looks like; the figures to compare
 * bundles by are the benchmark's, measured side by side (docs/fitcheck.md).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyse, type AnalyseOptions, machineInfo } from '../src/analyse.js';
import { exitCodeFor, formatReport, type FitReport, type MachineInfo } from '../src/report.js';
import { makeHnswBundle, makeOversizedBundle, makeSmallModelBundle } from '../tests/fixtures.js';
import { fillMarkedBlock } from './marked-block.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const EXAMPLES_JSON = join(repoRoot, 'docs', 'results', 'fitcheck-examples.json');
export const README = fileURLToPath(new URL('../README.md', import.meta.url));

/** One example: the command a reader would type, what it was about, and the report it produced. */
export interface Example {
  title: string;
  command: string;
  report: FitReport;
}

/** What docs/results/fitcheck-examples.json holds. */
export interface ExampleResults {
  name: 'fitcheck-examples';
  command: string;
  createdAt: string;
  machine: MachineInfo;
  notes: string[];
  /** Printed as tables in the README, in this order. */
  examples: Example[];
  /** Shown as the JSON excerpt. */
  jsonExample: Example;
}

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

async function run(title: string, command: string, target: string, options: AnalyseOptions): Promise<Example> {
  process.stdout.write(`${command}\n`);
  return { title, command, report: await analyse(target, options) };
}

async function main(): Promise<void> {
  const footfall = join(repoRoot, 'apps', 'footfall-lambda', 'dist', 'lambda');
  const footfallEvent = join(repoRoot, 'apps', 'footfall-lambda', 'tests', 'fixtures', 'http-api-v2-post-predict.json');
  if (!existsSync(join(footfall, 'index.mjs'))) throw new Error('Build the footfall bundle first: npm run build -w @serverless-ai/footfall-lambda');
  // The folder the README tells readers to create with `npm run fixtures -- /tmp/fitcheck-fixtures`.
  const fixtures = join(tmpdir(), 'fitcheck-fixtures');
  await mkdir(fixtures, { recursive: true });
  try {
    const small = await makeSmallModelBundle(fixtures);
    const hnsw = await makeHnswBundle(fixtures);
    const oversized = await makeOversizedBundle(fixtures);
    const examples = [
      await run('The footfall Lambda bundle, with one HTTP API event', 'fitcheck apps/footfall-lambda/dist/lambda --event apps/footfall-lambda/tests/fixtures/http-api-v2-post-predict.json', footfall, { event: footfallEvent }),
      await run('The hnswlib-node fixture (the real addon compiled on this machine, 80 MB of vectors read at init)', `fitcheck ${hnsw.dir} --event ${hnsw.eventFile}`, hnsw.dir, { event: hnsw.eventFile }),
      await run('The 300 MB folder, statically (a sparse file: it costs no disk, but its size counts)', `fitcheck ${oversized.dir} --static`, oversized.dir, { static: true }),
    ];
    const jsonExample = await run('The small-model fixture as JSON', `fitcheck ${small.dir} --json --runs 2 --event ${small.eventFile}`, small.dir, { runs: 2, event: small.eventFile });
    const results: ExampleResults = {
      name: 'fitcheck-examples',
      command: 'npm run doc:examples -w @serverless-ai/fitcheck',
      createdAt: new Date().toISOString(),
      machine: machineInfo(),
      notes: ['One run per example, one after another, to show the output; the benchmark (docs/results/fitcheck.json) is what compares bundles.'],
      examples,
      jsonExample,
    };
    writeFileSync(EXAMPLES_JSON, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(README, renderReadme(readFileSync(README, 'utf8'), results));
    process.stdout.write(`wrote ${EXAMPLES_JSON} and updated ${README}\n`);
  } finally {
    await rm(fixtures, { recursive: true, force: true });
  }
}

/** `--render-only`: re-render the README from the stored reports (after a change to `formatReport`), without running anything. */
function renderOnly(): void {
  const results = JSON.parse(readFileSync(EXAMPLES_JSON, 'utf8')) as ExampleResults;
  writeFileSync(README, renderReadme(readFileSync(README, 'utf8'), results));
  process.stdout.write(`updated ${README} from ${EXAMPLES_JSON}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--render-only')) renderOnly();
  else await main();
}
