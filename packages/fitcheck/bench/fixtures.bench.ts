/**
 * `npm run bench -w @serverless-ai/fitcheck`: runs fitcheck on the footfall Lambda
 * bundle (when it has been built) and on the test fixtures, five fresh processes
 * each, and writes docs/results/fitcheck.json with the machine it ran on.
 *
 * The bundles are measured one after another in one run, so their ratios compare
 * like with like; absolute times depend on this machine and its load. Edit this file
 * to add a bundle to the comparison.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse, type AnalyseOptions, machineInfo } from '../src/analyse.js';
import type { FitReport } from '../src/report.js';
import { makeHnswBundle, makeOversizedBundle, makeSmallModelBundle } from '../tests/fixtures.js';

const RUNS = 5;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const resultFile = join(repoRoot, 'docs', 'results', 'fitcheck.json');

interface BenchCase {
  name: string;
  description: string;
  target: string;
  options: AnalyseOptions;
}

/** The figures the docs quote, from one report. */
function summarise(c: BenchCase, report: FitReport) {
  const m = report.init;
  const pick = (s: { median: number; min: number; max: number } | null | undefined) => (s ? { median: s.median, min: s.min, max: s.max } : null);
  return {
    name: c.name,
    description: c.description,
    arch: report.thresholds.arch,
    handler: report.target.handler,
    verdict: report.verdict,
    criteria: { dependencies: report.criteria.dependencies.status, internalState: report.criteria.internalState.status, coldStarts: report.criteria.coldStarts.status },
    findings: [report.criteria.dependencies, report.criteria.internalState, report.criteria.coldStarts].flatMap((x) => x.findings.map((f) => `${f.level}:${f.code}`)),
    unzippedBytes: report.size.unzippedBytes,
    zippedBytes: report.size.zippedBytes,
    nativeBinaries: report.nativeBinaries.map((n) => ({ path: n.path, architecture: n.architecture, requiredGlibc: n.requiredGlibc })),
    runs: m?.runsCompleted ?? 0,
    initMs: pick(m?.initMs),
    firstResponseMs: pick(m?.firstResponseMs),
    peakRssMB: pick(m?.peakRssMB),
    dataReadAtInitBytes: m?.init?.dataBytes ?? null,
    reasons: report.reasons,
  };
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'fitcheck-bench-'));
  try {
    const cases: BenchCase[] = [];
    const footfall = join(repoRoot, 'apps', 'footfall-lambda', 'dist', 'lambda');
    const footfallEvent = join(repoRoot, 'apps', 'footfall-lambda', 'tests', 'fixtures', 'http-api-v2-post-predict.json');
    const footfallBuilt = existsSync(join(footfall, 'index.mjs'));
    if (footfallBuilt) {
      cases.push({ name: 'footfall-lambda', description: 'apps/footfall-lambda/dist/lambda: the real footfall bundle, one HTTP API event', target: footfall, options: { runs: RUNS, event: existsSync(footfallEvent) ? footfallEvent : undefined } });
    }
    const small = await makeSmallModelBundle(scratch);
    const hnsw = await makeHnswBundle(scratch);
    const oversized = await makeOversizedBundle(scratch);
    cases.push(
      { name: 'fixture-small-model', description: 'esbuild bundle reading a 100-weight JSON model at init', target: small.dir, options: { runs: RUNS, event: small.eventFile } },
      { name: 'fixture-hnswlib-arm64', description: 'hnswlib-node addon (built here) + 80 MB of vectors read at init, HNSW index over 2,000 of them; target arm64', target: hnsw.dir, options: { runs: RUNS, event: hnsw.eventFile, arch: 'arm64' } },
      { name: 'fixture-hnswlib-x86_64', description: 'the same bundle, target x86_64', target: hnsw.dir, options: { runs: RUNS, event: hnsw.eventFile, arch: 'x86_64' } },
      { name: 'fixture-oversized', description: 'trivial handler + sparse 300 MB file', target: oversized.dir, options: { runs: RUNS } },
    );

    const results = [];
    for (const c of cases) {
      process.stdout.write(`fitcheck ${c.name}… `);
      const report = await analyse(c.target, c.options);
      const summary = summarise(c, report);
      results.push(summary);
      process.stdout.write(`${summary.verdict}, init median ${summary.initMs?.median ?? '-'} ms\n`);
    }

    const byName = new Map(results.map((r) => [r.name, r]));
    const ratio = (a: string, b: string): number | null => {
      const x = byName.get(a)?.initMs?.median;
      const y = byName.get(b)?.initMs?.median;
      return x && y ? Math.round((x / y) * 100) / 100 : null;
    };
    const output = {
      name: 'fitcheck',
      description: 'fitcheck verdicts and fresh-process cold-start proxies for the footfall bundle and the test fixtures',
      command: 'npm run bench -w @serverless-ai/fitcheck',
      createdAt: new Date().toISOString(),
      machine: machineInfo(),
      runs: RUNS,
      notes: [
        'initMs: spawn of a fresh node process to "handler module imported"; firstResponseMs: to "first event answered". Median of runs, measured one bundle after another.',
        footfallBuilt ? 'footfall-lambda measured from apps/footfall-lambda/dist/lambda as built at bench time.' : 'footfall-lambda skipped: build it first (npm run build -w @serverless-ai/footfall-lambda).',
      ],
      bundles: results,
      ratios: {
        hnswlibInitOverSmallModelInit: ratio('fixture-hnswlib-arm64', 'fixture-small-model'),
        footfallInitOverSmallModelInit: ratio('footfall-lambda', 'fixture-small-model'),
      },
    };
    await mkdir(join(repoRoot, 'docs', 'results'), { recursive: true });
    await writeFile(resultFile, `${JSON.stringify(output, null, 2)}\n`);
    process.stdout.write(`wrote ${resultFile}\n`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
