/**
 * docs/footfall-lambda.md quotes the benchmark: its figures must be the ones in
 * docs/results/footfall-lambda.json, never typed by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, renderDoc, RESULTS_JSON, type FootfallLambdaResults } from '../bench/render-doc.js';

const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as FootfallLambdaResults;
const doc = readFileSync(DOC_PATH, 'utf8');

describe('docs/footfall-lambda.md', () => {
  it('shows exactly the figures of the committed results JSON (run npx tsx bench/render-doc.ts after a bench)', () => {
    expect(renderDoc(doc, results)).toBe(doc);
  });

  it('changes when a figure in the JSON changes, so a hand-edited page cannot pass', () => {
    // Arrange
    const edited: FootfallLambdaResults = { ...results, coldStart: { ...results.coldStart, ratioOfMedians: results.coldStart.ratioOfMedians + 1 } };

    // Act
    const rendered = renderDoc(doc, edited);

    // Assert
    expect(rendered).not.toBe(doc);
    expect(rendered).toContain(`a ratio of ${edited.coldStart.ratioOfMedians} to hello-world`);
  });
});
