/**
 * The README's figures are generated from docs/results/recommender-container.json
 * (bench/render-doc.ts): the committed page must equal what the committed JSON renders.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, RESULTS_JSON, capacity, renderDoc, type ContainerResults } from '../bench/render-doc.js';

const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as ContainerResults;

describe('README figures', () => {
  it('show exactly the figures of the committed results JSON (run npx tsx bench/render-doc.ts after a bench)', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    expect(renderDoc(doc, results)).toBe(doc);
  });

  it('derive the capacity threshold from memory measured at two catalog sizes', () => {
    const c = capacity(results);
    expect(c.bytesPerMovie).toBeGreaterThan(0);
    expect(c.from[0]).toBeLessThan(c.from[1]);
    expect(c.largestTaskMiB).toBe(122_880);
  });
});
