/**
 * docs/cost-and-scaling.md is generated: the committed page must be what the committed
 * results render, and its figures must be the results' figures.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCostDocs } from '../scripts/docs-page.js';
import type { CostResults } from '../src/cli/cost-results.js';
import { DOCS_PAGE, readResultsFile } from '../src/cli/files.js';
import type { ElasticityResult } from '../src/elasticity.js';
import { PRICE_TABLE } from '../src/prices.js';

const cost = readResultsFile('cost-model.json') as CostResults;
const elasticity = readResultsFile('elasticity.json') as ElasticityResult;

describe('docs/cost-and-scaling.md', () => {
  it('is what the committed results render', () => {
    expect(readFileSync(DOCS_PAGE, 'utf8'), '🚨 docs/cost-and-scaling.md is stale: run `npm run docs -w @serverless-ai/cost-model`').toBe(renderCostDocs(cost, elasticity));
  });

  it('shows each break-even and each home\'s spike figures from the results, the charts and the price table\'s date', () => {
    const page = renderCostDocs(cost, elasticity);
    const footfall = cost.breakEven.find((b) => b.home === 'footfall')!;
    expect(page).toContain(Math.round(footfall.withoutProvisioned.requestsPerDay!).toLocaleString('en-US'));
    for (const home of elasticity.homes) {
      const row = page.split('\n').find((line) => line.startsWith(`| ${home.home} |`));
      expect(row, home.home).toBeDefined();
      expect(row).toContain(`| ${Math.round(home.rejected).toLocaleString('en-US')} |`);
    }
    expect(page).toContain('results/cost-vs-traffic.svg');
    expect(page).toContain('results/elasticity-latency.svg');
    expect(page).toContain(`read ${PRICE_TABLE.read}`);
    for (const entry of Object.values(PRICE_TABLE.prices)) expect(page).toContain(entry.source);
    for (const left of ['Data transfer', 'Free tiers', 'Savings plans']) expect(page).toContain(left);
  });
});
