/**
 * `npm run render` on the committed JSON changes nothing: every chart and every
 * generated block and page in the repository is exactly what the committed results
 * and artifacts render. A figure typed into a page by hand, or a benchmark re-run
 * whose docs were not re-rendered, fails here. Rendering runs on a temporary copy,
 * so the test never writes the repository.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../src/paths.js';
import { renderRepository, type RenderReport } from '../src/render-all.js';
import { copyRepository } from './support/repo-copy.js';

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
