/**
 * Puts a step's files into a folder and runs its checks there. `npm run exercise`,
 * `npm run exercise:check` and the workshop's own both-ways test all go through here,
 * so a learner's playground and CI judge a step the same way.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isCheckFile, REPO_DIR, WORKSHOP_DIR, type Step } from './steps.js';

/** Which side of a step to lay out. */
export type Side = 'problem' | 'solution';

/**
 * Empties `targetDir` and fills it with one side of the step. The solution side gets
 * the problem's checks, so both sides are judged by the same checks.
 */
export function layOut(step: Step, side: Side, targetDir: string): void {
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  const sourceDir = side === 'problem' ? step.problemDir : step.solutionDir;
  cpSync(sourceDir, targetDir, { recursive: true });
  for (const file of listFiles(targetDir).filter((f) => f.endsWith('.md'))) {
    const path = join(targetDir, file);
    writeFileSync(path, relinkMarkdown(readFileSync(path, 'utf8'), dirname(join(sourceDir, file)), dirname(path)));
  }
  if (side === 'solution') {
    for (const file of listFiles(step.problemDir).filter(isCheckFile)) {
      cpSync(join(step.problemDir, file), join(targetDir, file));
    }
  }
}

/**
 * Rewrites a README's relative links so they still point at the same files after
 * the README moves from `fromDir` to `toDir` (a step folder and the playground sit at
 * different depths).
 */
export function relinkMarkdown(markdown: string, fromDir: string, toDir: string): string {
  return markdown.replace(/\]\((?!https?:|#|\/)([^)\s]+)\)/g, (_match, target: string) => {
    const moved = relative(toDir, resolve(fromDir, target));
    return `](${moved})`;
  });
}

/** What running a step's checks gave. */
export interface CheckRun {
  passed: boolean;
  /** vitest's own output: the learner-facing messages are in here. */
  output: string;
}

/** Runs the `*.check.ts` files in `dir` with vitest and returns whether they all passed. */
export function runChecks(dir: string, options: { quiet?: boolean } = {}): CheckRun {
  const vitest = join(REPO_DIR, 'node_modules/vitest/vitest.mjs');
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', join(WORKSHOP_DIR, 'vitest.checks.config.ts'), '--root', dir, '--reporter', 'default'],
    { cwd: dir, encoding: 'utf8', stdio: options.quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'], env: { ...process.env, FORCE_COLOR: options.quiet ? '0' : '1' } },
  );
  return { passed: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Every file below `dir`, as paths relative to it. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}
