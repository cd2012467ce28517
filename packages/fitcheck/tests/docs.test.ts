/**
 * docs/fitcheck.md quotes the benchmark: its table must be the one in
 * docs/results/fitcheck.json, never typed by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, renderDoc, RESULTS_JSON, type FitcheckBenchResults } from '../bench/render-doc.js';

const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as FitcheckBenchResults;
const doc = readFileSync(DOC_PATH, 'utf8');

describe('docs/fitcheck.md', () => {
  it('shows exactly the figures of the committed results JSON (run npx tsx bench/render-doc.ts after a bench)', () => {
    expect(renderDoc(doc, results)).toBe(doc);
  });

  it('changes when a verdict in the JSON changes, so a hand-edited table cannot pass', () => {
    const edited: FitcheckBenchResults = { ...results, bundles: results.bundles.map((b, i) => (i === 0 ? { ...b, verdict: 'edited-verdict' } : b)) };
    expect(renderDoc(doc, edited)).toContain('edited-verdict');
  });
});
