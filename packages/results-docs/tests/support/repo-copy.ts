/**
 * A temporary copy of everything `npm run render` reads and writes: every markdown page
 * of docs/ (sub-folders too), docs/results/ (JSON and SVG), the site's reading order,
 * every app and package README, and the committed artifacts and price table the pages
 * quote. Tests render into it and compare.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_DIR } from '../../src/paths.js';

/** Files outside docs/ and the READMEs that a renderer reads, from the repository root. */
export const ARTIFACT_INPUTS = [
  'packages/footfall-model/artifacts/footfall-model.json',
  'packages/movie-recommender/artifacts/model-card.json',
  'packages/movie-recommender/artifacts/model.json',
  'packages/movie-recommender/artifacts/catalog.json',
  'packages/cost-model/src/prices/us-east-1.json',
  'docs/.vitepress/reading-order.json',
] as const;

/** Folders of docs/ that hold no page of ours: installed packages and the site's build output. */
const NOT_PAGES = new Set(['node_modules', 'dist', 'cache', '.vitepress', 'results']);

/** Every markdown file under docs/, relative to the repository root. */
export function docsPages(dir = 'docs'): string[] {
  return readdirSync(join(REPO_DIR, dir), { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return NOT_PAGES.has(entry.name) ? [] : docsPages(`${dir}/${entry.name}`);
    return entry.name.endsWith('.md') ? [`${dir}/${entry.name}`] : [];
  });
}

function copy(relative: string, root: string): void {
  mkdirSync(dirname(join(root, relative)), { recursive: true });
  cpSync(join(REPO_DIR, relative), join(root, relative));
}

/** Copies the render inputs and outputs of this repository into a new temporary folder. @returns its path */
export function copyRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'results-docs-repo-'));
  for (const page of docsPages()) copy(page, root);
  for (const file of readdirSync(join(REPO_DIR, 'docs', 'results'))) copy(`docs/results/${file}`, root);
  for (const group of ['apps', 'packages']) {
    for (const folder of readdirSync(join(REPO_DIR, group))) {
      if (existsSync(join(REPO_DIR, group, folder, 'README.md'))) copy(`${group}/${folder}/README.md`, root);
    }
  }
  for (const file of ARTIFACT_INPUTS) copy(file, root);
  return root;
}
