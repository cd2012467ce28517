/**
 * Each page renderer quotes its results file: a changed figure in the JSON changes the
 * page (so a hand-edited page cannot stay in step), and the derived figures are the
 * arithmetic of the measured ones. Inputs are the repository's committed files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFootfallModel, loadSampleDays } from '@serverless-ai/footfall-model';
import { describe, expect, it, vi } from 'vitest';
import { REPO_DIR, RESULTS_DIR } from '../src/paths.js';
import { renderCostDocs, priceTablePath, type CostResults, type ElasticityResult, type PriceTable } from '../src/pages/cost-and-scaling.js';
import { renderDoc as renderFitcheckBench, type FitcheckBenchResults } from '../src/pages/fitcheck-bench.js';
import { renderFitcheckDoc, type ElfWalkthrough } from '../src/pages/fitcheck-elf.js';
import { renderReadme, type ExampleResults } from '../src/pages/fitcheck-examples.js';
import { renderDoc as renderFootfallLambda, type FootfallLambdaResults } from '../src/pages/footfall-lambda.js';
import { renderFootfallModelPage } from '../src/pages/footfall-model.js';
import { capacity, LARGEST_FARGATE_TASK_MIB, type ContainerResults } from '../src/pages/recommender-container.js';

const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const results = <T>(name: string): T => json<T>(join(RESULTS_DIR, name));
const doc = (relative: string): string => readFileSync(join(REPO_DIR, relative), 'utf8');

describe('docs/footfall-lambda.md', () => {
  it('changes when a figure in the JSON changes, so a hand-edited page cannot pass', () => {
    const committed = results<FootfallLambdaResults>('footfall-lambda.json');
    const edited = { ...committed, coldStart: { ...committed.coldStart, ratioOfMedians: committed.coldStart.ratioOfMedians + 1 } };
    const rendered = renderFootfallLambda(doc('docs/footfall-lambda.md'), edited);
    expect(rendered).toContain(`a ratio of ${edited.coldStart.ratioOfMedians} to hello-world`);
  });
});

describe('docs/fitcheck.md', () => {
  it('shows an edited verdict from fitcheck.json in the benchmark table', () => {
    const committed = results<FitcheckBenchResults>('fitcheck.json');
    const edited = { ...committed, bundles: committed.bundles.map((b, i) => (i === 0 ? { ...b, verdict: 'edited-verdict' } : b)) };
    expect(renderFitcheckBench(doc('docs/fitcheck.md'), edited)).toContain('| edited-verdict |');
  });

  it('walks through the section header offset recorded in fitcheck-elf.json', () => {
    const committed = results<ElfWalkthrough>('fitcheck-elf.json');
    const edited = { ...committed, sectionHeaderOffset: committed.sectionHeaderOffset + 1 };
    expect(renderFitcheckDoc(doc('docs/fitcheck.md'), edited)).toContain(`starts at byte ${edited.sectionHeaderOffset.toLocaleString('en-US')}`);
  });
});

describe('packages/fitcheck/README.md', () => {
  it('prints a stored report with fitcheck\'s own formatter, so an edited timing shows', () => {
    const committed = results<ExampleResults>('fitcheck-examples.json');
    const [first, ...rest] = committed.examples;
    const init = first!.report.init!;
    const slower = { ...init, initMs: { ...init.initMs!, median: 98_765 } };
    const edited: ExampleResults = { ...committed, examples: [{ ...first!, report: { ...first!.report, init: slower } }, ...rest] };
    expect(renderReadme(doc('packages/fitcheck/README.md'), edited)).toContain('98.8 s');
  });
});

describe('apps/recommender-container/README.md', () => {
  it('derives the capacity threshold from memory measured at two catalog sizes', () => {
    const committed = results<ContainerResults>('recommender-container.json');
    const c = capacity(committed);
    const [small, large] = [...committed.startup].sort((a, b) => a.movies - b.movies).filter((_, i, all) => i === 0 || i === all.length - 1);
    expect(c.from).toEqual([small!.movies, large!.movies]);
    expect(c.bytesPerMovie).toBeCloseTo(((large!.rssAfterReadyMiB - small!.rssAfterReadyMiB) * 2 ** 20) / (large!.movies - small!.movies));
    expect(c.largestTaskMiB).toBe(LARGEST_FARGATE_TASK_MIB);
  });
});

describe('docs/cost-and-scaling.md', () => {
  it("shows each break-even and each home's spike figures from the results, the charts and the price table's date", () => {
    const cost = results<CostResults>('cost-model.json');
    const elasticity = results<ElasticityResult>('elasticity.json');
    const prices = json<PriceTable>(priceTablePath(REPO_DIR));
    const page = renderCostDocs(cost, elasticity, prices);
    const footfall = cost.breakEven.find((b) => b.home === 'footfall')!;
    expect(page).toContain(Math.round(footfall.withoutProvisioned.requestsPerDay!).toLocaleString('en-US'));
    for (const home of elasticity.homes) {
      const row = page.split('\n').find((line) => line.startsWith(`| ${home.home} |`));
      expect(row, home.home).toBeDefined();
      expect(row).toContain(`| ${Math.round(home.rejected).toLocaleString('en-US')} |`);
    }
    expect(page).toContain('results/cost-vs-traffic.svg');
    expect(page).toContain('results/elasticity-latency.svg');
    expect(page).toContain(`read ${prices.read}`);
    for (const entry of Object.values(prices.prices)) expect(page).toContain(entry.source);
    for (const left of ['Data transfer', 'Free tiers', 'Savings plans']) expect(page).toContain(left);
  });
});

describe('docs/footfall-model.md', () => {
  it('states as many logarithms per prediction as a prediction actually computes', () => {
    // Arrange: count the logarithms one real prediction takes.
    const model = loadFootfallModel();
    const row = loadSampleDays()[0]!.features;
    const log1p = vi.spyOn(Math, 'log1p');
    const log = vi.spyOn(Math, 'log');
    let logarithms: number;
    try {
      model.predictOne(row);
      logarithms = log1p.mock.calls.length + log.mock.calls.length;
    } finally {
      log1p.mockRestore();
      log.mockRestore();
    }

    // Assert
    expect(logarithms).toBeGreaterThan(0);
    expect(renderFootfallModelPage(REPO_DIR).content).toContain(`One prediction is 100 multiply-adds and ${logarithms} logarithms`);
  });
});
