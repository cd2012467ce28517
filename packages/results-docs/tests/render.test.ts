/**
 * `npm run render` on the committed JSON changes nothing: every chart and every
 * generated block and page in the repository is exactly what the committed results
 * and artifacts render. A figure typed into a page by hand, or a benchmark re-run
 * whose docs were not re-rendered, fails here. Rendering runs on a temporary copy,
 * so the test never writes the repository.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../src/paths.js';
import { renderRepository, type RenderReport } from '../src/render-all.js';
import { copyRepository, docsPages } from './support/repo-copy.js';

/** A generated block as it sits on a page: its markers on lines of their own (not quoted in backticks as an example). */
const BLOCK = /^<!-- ([\w:-]+):start -->\n([\s\S]*?)^<!-- \1:end -->$/gm;

/** Every markdown page a reader can open: every page of docs/ (sub-folders too) and every README. */
function allPages(): string[] {
  const readmes = ['apps', 'packages'].flatMap((group) =>
    readdirSync(join(REPO_DIR, group))
      .map((folder) => `${group}/${folder}/README.md`)
      .filter((path) => existsSync(join(REPO_DIR, path))),
  );
  return [...docsPages(), 'README.md', ...readmes];
}

/** The pages holding at least one generated block, with the blocks' names. */
function pagesWithBlocks(): { page: string; blocks: string[] }[] {
  return allPages()
    .map((page) => ({ page, blocks: [...readFileSync(join(REPO_DIR, page), 'utf8').matchAll(BLOCK)].map((m) => m[1]!) }))
    .filter(({ blocks }) => blocks.length > 0);
}

let root: string;
let report: RenderReport;

beforeAll(async () => {
  root = copyRepository();
  report = await renderRepository(root);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run render on the committed results', () => {
  it('renders every chart and every generated page, and skips none', () => {
    const rendered = report.rendered.map((path) => relative(root, path)).sort();
    expect(report.skipped).toEqual([]);
    expect(rendered).toEqual(
      expect.arrayContaining([
        'docs/README.md',
        'docs/contrast.md',
        'docs/cost-and-scaling.md',
        'docs/fitcheck.md',
        'docs/footfall-lambda.md',
        'docs/footfall-model.md',
        'docs/recommender-index.md',
        'docs/verdict.md',
        'docs/results/cold-start-vs-state.svg',
        'docs/results/cost-vs-traffic.svg',
        'docs/results/elasticity-latency.svg',
        'docs/results/latency-side-by-side.svg',
        'docs/results/recall-vs-qps.svg',
        'docs/results/snapshot-vs-rebuild.svg',
        'apps/recommender-container/README.md',
        'packages/fitcheck/README.md',
        'packages/movie-recommender/README.md',
      ]),
    );
  });

  it('writes nothing: every committed generated file is what the committed JSON renders', () => {
    const changed = report.written.map((path) => relative(root, path));
    expect(changed, '🚨 run `npm run render` and commit what it changes').toEqual([]);
    for (const path of report.rendered) expect(readFileSync(path, 'utf8'), relative(root, path)).toBe(readFileSync(join(REPO_DIR, relative(root, path)), 'utf8'));
  });

  it('rewrites a hand-edited figure back to the JSON, keeping the prose', async () => {
    // Arrange: type a different cold start into the footfall page's generated table.
    const page = join(root, 'docs', 'footfall-lambda.md');
    const committed = readFileSync(page, 'utf8');
    const edited = committed.replace(/\| footfall \| [\d.]+ ms \|/, '| footfall | 1.0 ms |');
    expect(edited).not.toBe(committed);
    writeFileSync(page, edited);

    // Act
    const again = await renderRepository(root);

    // Assert
    expect(again.written.map((path) => relative(root, path))).toEqual(['docs/footfall-lambda.md']);
    expect(readFileSync(page, 'utf8')).toBe(committed);
  });
});

describe('the drift check covers every page', () => {
  it('finds the generated blocks of the pages the issue names, so the check itself is alive', () => {
    const pages = pagesWithBlocks().map((p) => p.page);
    expect(pages).toEqual(expect.arrayContaining(['docs/contrast.md', 'docs/recommender-index.md', 'docs/verdict.md', 'docs/README.md', 'docs/footfall-lambda.md']));
  });

  it('renders every page that holds a generated block: docs/ with its sub-folders, and every README', () => {
    const rendered = new Set(report.rendered.map((path) => relative(root, path)));
    const unrendered = pagesWithBlocks().filter(({ page }) => !rendered.has(page));
    expect(unrendered, 'a page holds a generated block no renderer writes: add its renderer to src/render-all.ts').toEqual([]);
  });

  it('renders every chart in docs/results/, so no chart a page shows is drawn by hand', () => {
    const rendered = new Set(report.rendered.map((path) => relative(root, path)));
    const charts = readdirSync(join(REPO_DIR, 'docs/results')).filter((file) => file.endsWith('.svg'));
    expect(charts.length).toBeGreaterThanOrEqual(6);
    expect(charts.filter((file) => !rendered.has(`docs/results/${file}`))).toEqual([]);
  });

  it('writes back every generated block of every page after each was edited by hand', async () => {
    // Arrange: a fresh copy with the text of every block, on every page, replaced by hand.
    const copy = copyRepository();
    try {
      const pages = pagesWithBlocks();
      for (const { page } of pages) {
        const path = join(copy, page);
        writeFileSync(path, readFileSync(path, 'utf8').replace(BLOCK, (_, name: string) => `<!-- ${name}:start -->\n9,999 ms typed by hand\n<!-- ${name}:end -->`));
      }

      // Act
      await renderRepository(copy);

      // Assert: every page is back to what is committed, block for block.
      for (const { page, blocks } of pages) {
        const text = readFileSync(join(copy, page), 'utf8');
        expect(text, `${page} (${blocks.join(', ')})`).not.toContain('typed by hand');
        expect(text, page).toBe(readFileSync(join(REPO_DIR, page), 'utf8'));
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);
});
