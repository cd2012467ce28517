/**
 * The site's shape: the sidebar's reading order names only pages that exist, every page of the
 * docs is reachable from it, the start page is docs/README.md (GitHub's front page for the folder),
 * and the figures the deploy page shows are computed from the cost model's price table.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { READING_ORDER, sourceFileFor } from '../.vitepress/reading-order.js';
import { repositoryPathOutsideDocs } from '../.vitepress/repo-links.js';
import { stackCosts } from '../data/stack-costs.data.js';
import { PRICE_TABLE } from '../../packages/cost-model/src/prices.js';
import { DOCS_DIR, sitePages } from './support/site.js';

const sidebarLinks = READING_ORDER.flatMap((group) => group.items.map((item) => item.link));

describe('the reading order', () => {
  it('names a page that exists for every sidebar entry', () => {
    const missing = sidebarLinks.filter((link) => !existsSync(path.join(DOCS_DIR, sourceFileFor(link))));
    expect(missing).toEqual([]);
  });

  it('starts at docs/README.md, served at the site root', async () => {
    expect(sidebarLinks[0]).toBe('/');
    expect((await sitePages()).find((page) => page.file === 'README.md')?.route).toBe('/');
  });

  it('reaches every page of the docs except the workshop, which has its own order', async () => {
    const pages = (await sitePages()).filter((page) => !page.file.startsWith('workshop/'));
    const unlisted = pages.filter((page) => !sidebarLinks.includes(page.route)).map((page) => page.file);
    expect(unlisted).toEqual([]);
  });

  it('lists the glossary second and the architecture decisions last', () => {
    expect(sidebarLinks[1]).toBe('/glossary');
    expect(sidebarLinks.at(-1)).toBe('/architecture');
  });
});

describe('links that leave docs/', () => {
  const page = path.join(DOCS_DIR, 'contrast.md');

  it('are recognised as repository paths, because the built site does not hold those files', () => {
    expect(repositoryPathOutsideDocs('../apps/cross-pairing/README.md', page, DOCS_DIR)).toBe('apps/cross-pairing/README.md');
    expect(repositoryPathOutsideDocs('results/', page, DOCS_DIR)).toBe('docs/results/');
  });

  it('leave pages, anchors, images, results files and absolute URLs alone', () => {
    for (const href of ['glossary.md', 'glossary.md#alias', '#top', 'results/contrast.json', 'results/cost-vs-traffic.svg', 'https://docs.aws.amazon.com/', '/glossary']) {
      expect(repositoryPathOutsideDocs(href, page, DOCS_DIR)).toBeNull();
    }
  });
});

describe('the standing-cost data loader', () => {
  const costs = stackCosts();

  it('prices a warm footfall environment from the table: 0.5 GB × the arm64 provisioned rate × 3,600 s', () => {
    const rate = PRICE_TABLE.prices.lambdaProvisionedConcurrency.values.arm64!;
    expect(costs.footfallPerProvisionedEnvironmentUsdPerHour).toBeCloseTo(0.5 * rate * 3600, 12);
  });

  it('adds up the recommender lines, and includes the NAT gateway and load balancer hours from the table', () => {
    for (const size of costs.recommender) {
      expect(size.cost.totalUsdPerHour).toBeCloseTo(size.cost.lines.reduce((sum, line) => sum + line.usdPerHour, 0), 12);
      expect(size.cost.lines.map((line) => line.usdPerHour)).toContain(PRICE_TABLE.prices.natGatewayHour.values.any);
      expect(size.cost.lines.map((line) => line.usdPerHour)).toContain(PRICE_TABLE.prices.albHour.values.any);
    }
    expect(costs.pricesRead).toBe(PRICE_TABLE.read);
  });
});
