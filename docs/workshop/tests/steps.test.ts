/**
 * The workshop's shape: every step has a problem and a solution, a README with the
 * sections a learner relies on, checks on the problem side only, and a solution that
 * really changes something.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCheckFile, listSteps } from '../tools/steps.js';
import { listFiles, relinkMarkdown } from '../tools/workspace.js';

const steps = listSteps();
const PROBLEM_SECTIONS = ['**Goal**', '## Background', '## Steps', "## What you'll see", '## Hints'];
const LIMITS = ['dependencies', 'internal state', 'cold starts'];

describe('the workshop', () => {
  it('has at least nine steps, numbered without gaps inside each topic', () => {
    expect(steps.length).toBeGreaterThanOrEqual(9);
    const byTopic = new Map<string, number[]>();
    for (const step of steps) {
      const [topic, number] = step.id.split('.');
      byTopic.set(topic!, [...(byTopic.get(topic!) ?? []), Number(number)]);
    }
    for (const [topic, numbers] of byTopic) expect(numbers, `topic ${topic}`).toEqual(numbers.map((_, i) => i + 1));
  });

  describe.each(steps.map((s) => [s.id, s] as const))('step %s', (_id, step) => {
    const problemFiles = listFiles(step.problemDir);
    const solutionFiles = listFiles(step.solutionDir);

    it('has a problem README with a goal tied to one limit, background, steps, what you will see and hints', () => {
      const readme = readFileSync(join(step.problemDir, 'README.md'), 'utf8');
      for (const section of PROBLEM_SECTIONS) expect(readme, `README of ${step.id} lacks ${section}`).toContain(section);
      const goal = readme.split('\n').find((line) => line.startsWith('**Goal**')) ?? '';
      expect(LIMITS.some((limit) => goal.includes(`*${limit}*`)) || goal.includes('all three limits'), `the goal of ${step.id} names no limit`).toBe(true);
    });

    it('keeps its checks on the problem side, and the solution has a README', () => {
      expect(problemFiles.filter(isCheckFile).length).toBeGreaterThan(0);
      expect(solutionFiles.filter(isCheckFile)).toEqual([]);
      expect(solutionFiles).toContain('README.md');
    });

    it('has a solution whose files all exist in the problem and differ from it in at least one', () => {
      const sources = solutionFiles.filter((f) => f !== 'README.md');
      for (const file of sources) expect(problemFiles, `${file} is in the solution of ${step.id} but not in its problem`).toContain(file);
      const changed = sources.filter((f) => readFileSync(join(step.solutionDir, f), 'utf8') !== readFileSync(join(step.problemDir, f), 'utf8'));
      expect(changed.length, `the solution of ${step.id} changes nothing`).toBeGreaterThan(0);
    });
  });
});

describe('relinkMarkdown', () => {
  it('keeps a relative link pointing at the same file when the README moves up a level', () => {
    const moved = relinkMarkdown('[fitcheck](../../../fitcheck.md) and [web](https://aws.amazon.com) [anchor](#hints)', '/r/docs/workshop/02.x/02.problem.y', '/r/docs/workshop/playground');
    expect(moved).toBe('[fitcheck](../../fitcheck.md) and [web](https://aws.amazon.com) [anchor](#hints)');
  });
});
