/**
 * The start page's reading order (docs/README.md) comes from the one list the sidebar
 * reads too, docs/.vitepress/reading-order.json: every page in it is listed with its line,
 * in order, and a list entry without its line stops the render, naming the file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMarkedBlock } from '../src/marked-blocks.js';
import { REPO_DIR } from '../src/paths.js';
import { READING_ORDER_BLOCK, READING_ORDER_JSON, readReadingOrder, renderReadingOrder, renderStartPage, sourceFileFor } from '../src/pages/start-page.js';

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'results-docs-start-'));
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('the reading order on docs/README.md', () => {
  it('lists every page of the sidebar list after the start page, in order, each with its line', () => {
    const groups = readReadingOrder(REPO_DIR);
    const block = readMarkedBlock(readFileSync(join(REPO_DIR, 'docs/README.md'), 'utf8'), READING_ORDER_BLOCK, 'docs/README.md');
    const items = groups.flatMap((g) => g.items).filter((item) => item.link !== '/');
    expect(items.length).toBeGreaterThan(10);
    let from = 0;
    for (const item of items) {
      const line = `[${item.text}](${sourceFileFor(item.link)}): ${item.why}`;
      const at = block.indexOf(line, from);
      expect(at, line).toBeGreaterThan(-1);
      from = at;
    }
    expect(block).toContain('[The verdict](verdict.md)');
    expect(block).toContain('[Limit 1: dependencies](limits/dependencies.md)');
  });

  it('follows an edit of the list: a page added to the JSON shows on the start page', () => {
    // Arrange: a repository whose list has one page more.
    mkdirSync(join(repo, 'docs/.vitepress'), { recursive: true });
    const list = JSON.parse(readFileSync(join(REPO_DIR, READING_ORDER_JSON), 'utf8')) as { groups: { items: unknown[] }[] };
    list.groups[0]!.items.push({ text: 'A new page', link: '/new-page', why: 'added for this test' });
    writeFileSync(join(repo, READING_ORDER_JSON), JSON.stringify(list));
    writeFileSync(join(repo, 'docs/README.md'), '# Start\n\n<!-- summary:reading-order:start -->\n<!-- summary:reading-order:end -->\n');

    // Act
    const page = renderStartPage(repo).content;

    // Assert
    expect(page).toContain('[A new page](new-page.md): added for this test');
  });

  it('stops on an entry without its line, naming the list file', () => {
    mkdirSync(join(repo, 'docs/.vitepress'), { recursive: true });
    writeFileSync(join(repo, READING_ORDER_JSON), JSON.stringify({ groups: [{ text: 'G', items: [{ text: 'Glossary', link: '/glossary' }] }] }));
    expect(() => readReadingOrder(repo)).toThrow(`${READING_ORDER_JSON}: an entry`);
    expect(() => readReadingOrder(repo)).toThrow('has no "why"');
  });

  it('leaves the start page itself out of its own list', () => {
    expect(renderReadingOrder([{ text: 'G', items: [{ text: 'Start here', link: '/', why: 'this page' }, { text: 'Glossary', link: '/glossary', why: 'terms' }] }])).not.toContain('Start here');
  });
});
