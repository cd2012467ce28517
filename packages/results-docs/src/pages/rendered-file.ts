/** What every renderer returns, and the two reads most of them share. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDirOf } from '../paths.js';

/** A file's full new content, written (or compared) by the caller. */
export interface RenderedFile {
  /** Absolute path of the file. */
  path: string;
  /** The file's complete new text (an SVG document or a Markdown page). */
  content: string;
}

/** `docs/results/<name>` under `root`, parsed as the caller's shape (the renderers name the fields they read). */
export function readResultsJson<T>(root: string, name: string): T {
  return JSON.parse(readFileSync(join(resultsDirOf(root), name), 'utf8')) as T;
}

/** The page at `relativePath` under `root`, passed through `render` (which fills its blocks). */
export function renderPage(root: string, relativePath: string, render: (page: string) => string): RenderedFile {
  const path = join(root, relativePath);
  return { path, content: render(readFileSync(path, 'utf8')) };
}
