/**
 * Issue 13's honesty rules for code in the docs: excerpts are imports of marked regions of real
 * files, and no code block is a hand copy of repository source. First the checker itself is
 * proven on small fixtures (each rule fails where it should), then it runs on every page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHandCopies, checkSnippetImports, findRegion, findSnippetImports, isPageGenerator, isSourceFile, SourceIndex } from './support/honesty.js';
import { DOCS_DIR, sitePages, trackedSourceFiles } from './support/site.js';

const FIXTURES = path.join(DOCS_DIR, 'tests', 'fixtures');
const fixturePage = path.join(FIXTURES, 'page.md');

describe('the excerpt checker', () => {
  it('reads the file, region and language of a <<< import the way VitePress does', () => {
    const [snippet] = findSnippetImports('<<< @/tests/fixtures/source.ts.txt#model-load{2 ts} [handler.ts]', fixturePage, DOCS_DIR);
    expect(snippet).toMatchObject({ file: path.join(FIXTURES, 'source.ts.txt'), region: 'model-load', line: 1 });
  });

  it('fails an import written in a form VitePress cannot parse, as VitePress would not find its file either', () => {
    const [finding] = checkSnippetImports('<<< @/tests/fixtures/source.ts.txt#model-load{2} ts', fixturePage, DOCS_DIR);
    expect(finding?.message).toMatch(/no file at .*source\.ts\.txt#model-load\{2\} ts/);
  });

  it('ignores a <<< line shown inside a fenced block', () => {
    expect(findSnippetImports('```md\n<<< @/missing.ts#nowhere\n```', fixturePage, DOCS_DIR)).toEqual([]);
  });

  it('accepts an import of an existing region', () => {
    expect(checkSnippetImports('<<< @/tests/fixtures/source.ts.txt#model-load', fixturePage, DOCS_DIR)).toEqual([]);
    expect(findRegion(readFileSync(path.join(FIXTURES, 'source.ts.txt'), 'utf8'), 'model-load')).toHaveLength(2);
  });

  it('fails an import whose file does not exist', () => {
    const [finding] = checkSnippetImports('text\n\n<<< @/../apps/no-such-app/src/handler.ts#model-load', fixturePage, DOCS_DIR);
    expect(finding?.line).toBe(3);
    expect(finding?.message).toMatch(/no file at .*no-such-app/);
  });

  it('fails an import whose region does not exist, which VitePress would silently replace by the whole file', () => {
    const [finding] = checkSnippetImports('<<< @/tests/fixtures/source.ts.txt#durable-write', fixturePage, DOCS_DIR);
    expect(finding?.message).toMatch(/no '#region durable-write'/);
  });

  it('fails a region that is opened but never closed', () => {
    const [finding] = checkSnippetImports('<<< ./fixtures/source.ts.txt#unclosed', path.join(DOCS_DIR, 'tests', 'page.md'), DOCS_DIR);
    expect(finding?.message).toMatch(/no '#region unclosed'/);
  });

  const index = new SourceIndex(new Map([['apps/demo/src/handler.ts', readFileSync(path.join(FIXTURES, 'source.ts.txt'), 'utf8')]]));

  it('fails a ts block that copies three consecutive lines of a source file, whatever the indentation', () => {
    const page = readFileSync(path.join(FIXTURES, 'hand-copy.md'), 'utf8');
    const [finding] = checkHandCopies(page, 'hand-copy.md', index);
    expect(finding?.message).toMatch(/copies apps\/demo\/src\/handler\.ts by hand/);
  });

  it('accepts shell commands, config and code that only shares two lines with the source', () => {
    const page = readFileSync(path.join(FIXTURES, 'not-a-copy.md'), 'utf8');
    expect(checkHandCopies(page, 'not-a-copy.md', index)).toEqual([]);
  });

  it('counts TypeScript, JavaScript and Dockerfiles as source, and markdown and JSON not', () => {
    expect(['a/src/x.ts', 'a/b.mjs', 'apps/r/Dockerfile', 'apps/r/Dockerfile.dockerignore'].every(isSourceFile)).toBe(true);
    expect(['docs/x.md', 'a/results.json', 'a/Dockerfiles/readme.txt'].some(isSourceFile)).toBe(false);
  });

  it('does not count the renderers that write the pages as source a page could copy', () => {
    expect(['packages/results-docs/src/pages/footfall-model.ts', 'apps/x/bench/render-doc.ts', 'packages/cost-model/scripts/write-docs.ts'].every(isPageGenerator)).toBe(true);
    expect(['apps/footfall-lambda/src/handler.ts', 'packages/results-docs-extra/src/x.ts'].some(isPageGenerator)).toBe(false);
  });
});

describe('every page of the site', () => {
  it('imports only regions that exist in files that exist', async () => {
    const findings = (await sitePages()).flatMap(({ file }) => {
      const full = path.join(DOCS_DIR, file);
      return checkSnippetImports(readFileSync(full, 'utf8'), full, DOCS_DIR).map((f) => ({ ...f, page: file }));
    });
    expect(findings).toEqual([]);
  });

  it('holds no hand-copied excerpt of a tracked source file', async () => {
    const index = new SourceIndex(trackedSourceFiles((file) => isSourceFile(file) && !isPageGenerator(file) && !file.startsWith('docs/tests/')));
    const findings = (await sitePages()).flatMap(({ file }) => checkHandCopies(readFileSync(path.join(DOCS_DIR, file), 'utf8'), file, index));
    expect(findings).toEqual([]);
  });
});
