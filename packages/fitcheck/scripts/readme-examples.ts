/**
 * `npm run doc:examples -w @serverless-ai/fitcheck`: runs fitcheck on the README's
 * example bundles (the built footfall Lambda bundle and the test fixtures), keeps the
 * full reports in docs/results/fitcheck-examples.json. `npm run render`
 * (packages/results-docs) prints the README's "Output" examples and its JSON excerpt from
 * them with `formatReport`, so no figure in them is typed by hand; after changing how a
 * report prints, `npm run render` alone updates the README.
 *
 * These are single runs, for showing what the output looks like; the figures to compare
 * bundles by are the benchmark's, measured side by side (docs/fitcheck.md).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyse, type AnalyseOptions, machineInfo } from '../src/analyse.js';
import type { Example, ExampleResults } from '../src/doc-results.js';
import { makeHnswBundle, makeOversizedBundle, makeSmallModelBundle } from '../tests/fixtures.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const EXAMPLES_JSON = join(repoRoot, 'docs', 'results', 'fitcheck-examples.json');

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
    process.stdout.write(`wrote ${EXAMPLES_JSON}; \`npm run render\` turns it into the README's examples\n`);
  } finally {
    await rm(fixtures, { recursive: true, force: true });
  }
}


if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
