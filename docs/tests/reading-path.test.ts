/**
 * The reading path (docs/reading-path.md) is the core a learner reads: every file it
 * lists must exist, and together they must stay under 8,000 lines, so the path cannot
 * grow silently as the code does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOCS_DIR = resolve(import.meta.dirname, '..');
const REPO_DIR = resolve(DOCS_DIR, '..');
const LINE_BUDGET = 8_000;

/** The repo files a numbered list item links to (links leaving docs/). */
export function filesOnPath(markdown: string): string[] {
  const files: string[] = [];
  for (const line of markdown.split('\n')) {
    if (!/^\d+\. /.test(line)) continue;
    for (const match of line.matchAll(/\]\(\.\.\/([^)#\s]+)(?:#[^)]*)?\)/g)) files.push(match[1]!);
  }
  return files;
}

function countLines(path: string): number {
  const text = readFileSync(path, 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('the reading path', () => {
  const files = filesOnPath(readFileSync(join(DOCS_DIR, 'reading-path.md'), 'utf8'));

  it('lists the files of both implementations, each once', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(new Set(files).size, 'a file is listed twice').toBe(files.length);
    expect(files.some((f) => f.startsWith('apps/footfall-lambda/'))).toBe(true);
    expect(files.some((f) => f.startsWith('apps/recommender-container/'))).toBe(true);
  });

  it('names only files that exist', () => {
    const missing = files.filter((f) => !existsSync(join(REPO_DIR, f)));
    expect(missing, 'docs/reading-path.md links files that are gone: update the path').toEqual([]);
  });

  it(`stays within ${LINE_BUDGET.toLocaleString('en')} lines in all`, () => {
    const counts = files.filter((f) => existsSync(join(REPO_DIR, f))).map((f) => ({ f, lines: countLines(join(REPO_DIR, f)) }));
    const total = counts.reduce((sum, c) => sum + c.lines, 0);
    const largest = [...counts].sort((a, b) => b.lines - a.lines).slice(0, 5).map((c) => `${c.f} (${c.lines})`).join(', ');
    expect(total, `the reading path is ${total} lines; move what a first reading does not need to a going-further place (largest: ${largest})`).toBeLessThanOrEqual(LINE_BUDGET);
  });

  it('counts the links of numbered items only', () => {
    expect(filesOnPath('1. [a](../a.ts) and [b](../b.ts#x)\n- [c](../c.ts)\n2. [d](d.md)')).toEqual(['a.ts', 'b.ts']);
  });
});
