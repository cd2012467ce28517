/**
 * The docs cite source files by path (`tests/bundle.test.ts`, `apps/footfall-lambda/src/handler.ts`).
 * A rename leaves such a citation pointing at nothing, and a reader following it is lost.
 * This test reads every page (docs/*.md, the root README, each workspace README) and
 * checks that every cited source file exists: from the repo root, from a workspace, or
 * next to the page. Generated outputs (JSON, images) are not checked here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../src/paths.js';

const workspaces = ['apps', 'packages'].flatMap((group) => readdirSync(join(REPO_DIR, group)).map((name) => `${group}/${name}`));
const pages = [
  ...readdirSync(join(REPO_DIR, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  'README.md',
  ...workspaces.map((workspace) => `${workspace}/README.md`),
].filter((page) => existsSync(join(REPO_DIR, page)));

/** A backticked path to a source file: at least one folder, a source extension, no wildcards. */
const CITED_SOURCE = /`([\w.@-]+(?:\/[\w.@-]+)+\.(?:ts|mts|cts|mjs|cjs|js|sh))`/g;

/** Every source path cited in `text`. */
function citedSourcePaths(text: string): string[] {
  return [...text.matchAll(CITED_SOURCE)].map((match) => match[1]!);
}

function exists(page: string, path: string): boolean {
  return existsSync(join(REPO_DIR, path)) || existsSync(join(REPO_DIR, page, '..', path)) || workspaces.some((workspace) => existsSync(join(REPO_DIR, workspace, path)));
}

describe('source files cited in the docs', () => {
  it('finds citations to check, so the check itself is alive', () => {
    expect(citedSourcePaths('see `tests/bundle.test.ts` and `src/handler.ts`, not `*.ts` or `docs/x.json`')).toEqual(['tests/bundle.test.ts', 'src/handler.ts']);
    expect(pages).toContain('docs/architecture.md');
  });

  it.each(pages)('%s cites only source files that exist', (page) => {
    const missing = citedSourcePaths(readFileSync(join(REPO_DIR, page), 'utf8')).filter((path) => !exists(page, path));
    expect(missing, `${page} cites files that do not exist`).toEqual([]);
  });
});

describe('the deploy and destroy scripts the root README promises', () => {
  /** The row of the root README's command table that promises the scripts, and the apps it names. */
  const row = readFileSync(join(REPO_DIR, 'README.md'), 'utf8')
    .split('\n')
    .find((line) => line.includes('`deploy` and `destroy` scripts are there'));
  const cdkApps = [...(row ?? '').matchAll(/-w @serverless-ai\/([\w-]+)/g)].map((match) => `apps/${match[1]!}`);

  it('finds the README row and the two CDK apps it names, so the check itself is alive', () => {
    expect(cdkApps).toEqual(['apps/footfall-lambda', 'apps/recommender-container']);
    for (const app of cdkApps) expect(existsSync(join(REPO_DIR, app, 'cdk.json')), app).toBe(true);
  });

  it.each(cdkApps)('%s has deploy and destroy scripts that call no one but AWS (no version check, no telemetry, no notices)', (app) => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_DIR, app, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['synth', 'deploy', 'destroy']) {
      expect(scripts[name], `${app}: npm run ${name}`).toMatch(new RegExp(`^CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true cdk ${name} --no-notices`));
    }
  });
});
