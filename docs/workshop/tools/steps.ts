/**
 * Finds the workshop's steps on disk. A step is a pair of folders inside a topic:
 *
 *   docs/workshop/02.dependencies/01.problem.bundle-budget/
 *   docs/workshop/02.dependencies/01.solution.bundle-budget/
 *
 * and its id is `02.01` (topic number, step number). The problem folder holds the
 * learner's starting code, its README and the checks (`*.check.ts`); the solution
 * folder holds the same files with the lesson's lines changed, and no checks: a
 * solution is always judged by the problem's checks.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docs/workshop, wherever the repo is cloned. */
export const WORKSHOP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repo root. */
export const REPO_DIR = resolve(WORKSHOP_DIR, '../..');
/** Where the learner works: git-ignored, inside the repo so `@serverless-ai/*` imports resolve. */
export const PLAYGROUND_DIR = join(WORKSHOP_DIR, 'playground');
/** Which step the playground holds, written by `npm run exercise`. */
export const PLAYGROUND_STATE = join(PLAYGROUND_DIR, '.exercise.json');

export interface Step {
  /** `02.01`: topic number, step number. */
  id: string;
  /** `dependencies` */
  topic: string;
  /** `bundle-budget` */
  name: string;
  problemDir: string;
  solutionDir: string;
}

const TOPIC = /^(\d{2})\.([a-z0-9-]+)$/;
const FOLDER = /^(\d{2})\.(problem|solution)\.([a-z0-9-]+)$/;

/** Every step, in order. Throws if a problem has no solution (or the other way round). */
export function listSteps(workshopDir = WORKSHOP_DIR): Step[] {
  const steps: Step[] = [];
  for (const topicFolder of sortedFolders(workshopDir)) {
    const topic = TOPIC.exec(topicFolder);
    if (!topic) continue;
    const topicDir = join(workshopDir, topicFolder);
    const folders = sortedFolders(topicDir).map((f) => ({ f, m: FOLDER.exec(f) })).filter((x) => x.m);
    for (const { f, m } of folders) {
      const [, stepNumber, kind, name] = m!;
      if (kind !== 'problem') continue;
      const solutionFolder = `${stepNumber}.solution.${name}`;
      const solutionDir = join(topicDir, solutionFolder);
      if (!existsSync(solutionDir)) throw new Error(`${topicFolder}/${f} has no ${solutionFolder}`);
      steps.push({ id: `${topic[1]}.${stepNumber}`, topic: topic[2]!, name: name!, problemDir: join(topicDir, f), solutionDir });
    }
    for (const { f, m } of folders) {
      const [, stepNumber, kind, name] = m!;
      if (kind === 'solution' && !existsSync(join(topicDir, `${stepNumber}.problem.${name}`))) {
        throw new Error(`${topicFolder}/${f} has no matching problem folder`);
      }
    }
  }
  return steps;
}

/** The step with this id (`2.1` and `02.01` both work). */
export function findStep(id: string, steps = listSteps()): Step {
  const normalised = id
    .split('.')
    .map((part) => part.padStart(2, '0'))
    .join('.');
  const step = steps.find((s) => s.id === normalised);
  if (!step) throw new Error(`No step ${id}. Steps: ${steps.map((s) => s.id).join(', ')}`);
  return step;
}

/** Files a step's checks are made of (`*.check.ts`). */
export function isCheckFile(path: string): boolean {
  return path.endsWith('.check.ts');
}

function sortedFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isDirectory())
    .sort();
}
