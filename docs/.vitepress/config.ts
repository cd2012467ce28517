/**
 * The docs site: VitePress over the markdown in docs/, which stays readable on GitHub.
 *
 * - docs/README.md is the start page (GitHub shows it as the folder's front page; the
 *   rewrite serves it at '/').
 * - The sidebar is the reading order in reading-order.ts; tests check every entry has a page.
 * - Mermaid diagrams render in the browser (vitepress-plugin-mermaid); search is local, built
 *   into the site, so nothing is fetched from another host (the browser test checks it).
 * - Links that leave docs/ become repository links or plain text (repo-links.ts).
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withMermaid } from 'vitepress-plugin-mermaid';
import { READING_ORDER } from './reading-order.js';
import { repoLinksPlugin } from './repo-links.js';

const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default withMermaid({
  title: 'Serverless AI: when does Lambda fit?',
  description: 'When is AWS Lambda the right home for an AI model? Two paired implementations, measured.',
  lang: 'en',
  cleanUrls: true,
  // A folder's README is its index page, as GitHub shows it: the start page and the workshop's pages.
  rewrites: {
    'README.md': 'index.md',
    'workshop/README.md': 'workshop/index.md',
    'workshop/:topic/:step/README.md': 'workshop/:topic/:step/index.md',
  },
  // Only pages: not the bench output, the tests, nor the workshop's playground and tooling.
  srcExclude: [
    'results/**',
    'tests/**',
    '.screenshots/**',
    '**/node_modules/**',
    'workshop/**/playground/**',
    'workshop/tools/**',
    'workshop/tests/**',
    'workshop/.both-ways/**',
  ],
  lastUpdated: false,
  markdown: {
    config: (md) => repoLinksPlugin(md, { docsDir, repoUrl: process.env.DOCS_REPO_URL }),
  },
  themeConfig: {
    // Short enough that the nav bar fits a 390 px phone beside the search and menu buttons.
    siteTitle: 'Serverless AI fit',
    nav: [
      { text: 'Start here', link: '/' },
      { text: 'Decision guide', link: '/decision-guide' },
      { text: 'Glossary', link: '/glossary' },
      { text: 'Workshop', link: '/workshop/' },
    ],
    sidebar: READING_ORDER,
    outline: { level: [2, 3] },
    search: { provider: 'local' },
    docFooter: { prev: 'Previous', next: 'Next' },
  },
  mermaid: {
    securityLevel: 'strict',
  },
  vite: {
    // The site's own vite (5, nested under vitepress); nothing here may reach the network.
    server: { host: '127.0.0.1' },
  },
  buildEnd(siteConfig) {
    // Pages link to the JSON their figures come from; ship those files beside the site.
    const out = path.join(siteConfig.outDir, 'results');
    mkdirSync(out, { recursive: true });
    for (const file of readdirSync(path.join(docsDir, 'results'))) {
      if (file.endsWith('.json')) copyFileSync(path.join(docsDir, 'results', file), path.join(out, file));
    }
  },
});
