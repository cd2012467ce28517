/**
 * The README's capacity figures are rendered by packages/results-docs from
 * docs/results/recommender-container.json (its tests check the page against the JSON).
 * That renderer cannot import this app, so it states the largest Fargate task's memory
 * itself; this test keeps the README's figure equal to the task sizing's table.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FARGATE_COMBINATIONS } from '../lib/task-sizing.js';

describe('README capacity figures', () => {
  it('name the largest task the Fargate sizing table offers', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const largestMiB = Math.max(...FARGATE_COMBINATIONS.flatMap((c) => c.memoryMiB));
    expect(readme).toContain(`Largest Fargate task: **${largestMiB.toLocaleString('en-US')} MiB**`);
  });
});
