/**
 * What the tests need to know about the site: its pages as VitePress resolves them (the real
 * config, srcExclude and rewrites included), the repository's tracked source files, and the
 * built output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from 'vitepress';

/** docs/, the site's source folder. */
export const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root. */
export const REPO_ROOT = path.dirname(DOCS_DIR);
/** Where `vitepress build` writes the site. */
export const DIST_DIR = path.join(DOCS_DIR, '.vitepress', 'dist');

/** A page of the site: its markdown file and the route it is served at. */
export interface SitePage {
  /** Path relative to docs/, e.g. 'README.md'. */
  file: string;
  /** Route with cleanUrls, e.g. '/' or '/glossary'. */
  route: string;
}

/** The pages VitePress builds, read through VitePress's own config resolution. */
export async function sitePages(): Promise<SitePage[]> {
  const config = await resolveConfig(DOCS_DIR, 'build', 'production');
  return config.pages.map((file) => {
    const rewritten = config.rewrites.map[file] ?? file;
    const route = '/' + rewritten.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '');
    return { file, route };
  });
}

/** Tracked source files (TypeScript, JavaScript, Dockerfiles) with their text, from `git ls-files`. */
export function trackedSourceFiles(isSource: (file: string) => boolean): Map<string, string> {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0');
  const files = new Map<string, string>();
  for (const file of listed) {
    if (!file || !isSource(file)) continue;
    const full = path.join(REPO_ROOT, file);
    if (existsSync(full)) files.set(file, readFileSync(full, 'utf8'));
  }
  return files;
}
