/**
 * Every step is checked both ways, in copies laid out exactly as the playground is:
 * its checks must fail on the problem (a step whose problem passes teaches nothing)
 * and pass on the solution.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSteps, WORKSHOP_DIR } from '../tools/steps.js';
import { layOut, runChecks } from '../tools/workspace.js';

const steps = listSteps();
/** Beside the playground (same depth), git-ignored. */
const RUNS_DIR = join(WORKSHOP_DIR, '.both-ways');

describe.each(steps.map((s) => [s.id, s] as const))('step %s', (id, step) => {
  it('fails its checks on the problem, with a message that says what to change', () => {
    const dir = join(RUNS_DIR, `${id}-problem`);
    layOut(step, 'problem', dir);
    const run = runChecks(dir, { quiet: true });
    expect(run.passed, `the problem of ${id} passes its own checks:\n${run.output}`).toBe(false);
    // A failing check must fail on an assertion (with its message), not on a crash of the check itself.
    expect(run.output, `the checks of ${id} failed without an assertion:\n${run.output}`).toMatch(/AssertionError|expected/);
  }, 180_000);

  it('passes its checks on the solution', () => {
    const dir = join(RUNS_DIR, `${id}-solution`);
    layOut(step, 'solution', dir);
    const run = runChecks(dir, { quiet: true });
    expect(run.passed, `the solution of ${id} fails its checks:\n${run.output}`).toBe(true);
  }, 180_000);
});
