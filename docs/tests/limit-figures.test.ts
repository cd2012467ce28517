/**
 * The figures of the lifecycle page and the three limit pages come from docs/results/*.json
 * through data/limits.data.ts. These tests hold that loader to it: every figure is the value at
 * the path it names, a path that finds nothing fails loudly, and every page that shows the
 * table is one the loader has figures for.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFigure, loadFigureTables, PAGE_FIGURES, resolvePath, type FigurePage } from '../data/limits.data.js';
import { DOCS_DIR } from './support/site.js';

const RESULTS = path.join(DOCS_DIR, 'results');
const readResults = (file: string): unknown => JSON.parse(readFileSync(path.join(RESULTS, file), 'utf8'));

describe('the path reader', () => {
  const json = { sizes: [{ movies: 10, modes: [{ mode: 'build', ms: 1 }, { mode: 'snapshot', ms: 2 }] }], list: [5, 6] };

  it('follows keys, indexes and field=value selectors', () => {
    expect(resolvePath(json, { file: 'contrast.json', path: 'sizes[movies=10].modes[mode=snapshot].ms' })).toBe(2);
    expect(resolvePath(json, { file: 'contrast.json', path: 'list[1]' })).toBe(6);
  });

  it('names the file, the path and the step where it found nothing', () => {
    expect(() => resolvePath(json, { file: 'contrast.json', path: 'sizes[movies=99].modes' })).toThrow(/docs\/results\/contrast\.json: nothing at sizes\[movies=99\]\.modes \(stopped at 'sizes\[movies=99\]'\)/);
  });
});

describe('the formatter', () => {
  it('prints each unit the way the generated blocks do', () => {
    expect(formatFigure(1536, 'bytes').text).toBe('1.5 KiB');
    expect(formatFigure(52_428_800, 'bytes').text).toBe('50 MiB');
    expect(formatFigure(20_117, 'ms').text).toBe('20.12 s');
    expect(formatFigure(2.4221, 'ms').text).toBe('2.42 ms');
    expect(formatFigure(1.3449, 'ratio').text).toBe('1.34×');
    expect(formatFigure(['a'], 'list-length').text).toBe('1');
  });

  it('refuses a value that is not a finite number where a number is expected', () => {
    expect(() => formatFigure('12', 'ms')).toThrow(/expected a number/);
    expect(() => formatFigure(Number.NaN, 'bytes')).toThrow(/expected a number/);
  });
});

describe('the figures of the committed results', () => {
  const tables = loadFigureTables();

  it.each(Object.keys(PAGE_FIGURES) as FigurePage[])('%s: every figure is the value at the path it names', (page) => {
    expect(tables[page].rows).toHaveLength(PAGE_FIGURES[page].length);
    for (const row of tables[page].rows) {
      const raw = resolvePath(readResults(row.file), row);
      expect(row.value, `${row.file} ${row.path}`).toEqual(Array.isArray(raw) ? raw.length : raw);
    }
  });

  it('follows the results file when a bench rewrites it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'limit-figures-'));
    for (const file of new Set(Object.values(PAGE_FIGURES).flat().map((spec) => spec.file))) {
      writeFileSync(path.join(dir, file), readFileSync(path.join(RESULTS, file)));
    }
    const footfall = readResults('footfall-lambda.json') as { coldStart: { medianOfPairedRatios: number } };
    footfall.coldStart.medianOfPairedRatios = 7.25;
    writeFileSync(path.join(dir, 'footfall-lambda.json'), JSON.stringify(footfall));

    const row = loadFigureTables(dir)['cold-starts'].rows.find((r) => r.path === 'coldStart.medianOfPairedRatios');
    expect(row?.text).toBe('7.25×');
  });

  it('is shown by exactly the pages it has figures for', () => {
    for (const page of Object.keys(PAGE_FIGURES) as FigurePage[]) {
      const file = page === 'lifecycle' ? 'lifecycle.md' : `limits/${page}.md`;
      expect(readFileSync(path.join(DOCS_DIR, file), 'utf8'), file).toContain(`<LimitFigures page="${page}" />`);
    }
  });
});
