/**
 * `npm run exercise -- 02.01`: copies step 02.01's problem into docs/workshop/playground/
 * (git-ignored), where you edit it. Without an id it lists the steps.
 * `npm run exercise:check` then runs that step's checks against your playground, and
 * `npm run exercise:solution` shows how your playground differs from the solution.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { findStep, isCheckFile, listSteps, PLAYGROUND_DIR, PLAYGROUND_STATE, REPO_DIR, type Step } from './steps.js';
import { layOut, listFiles, runChecks } from './workspace.js';

const { positionals } = parseArgs({ allowPositionals: true });
const [command = 'start', id] = positionals;
const here = (path: string) => relative(REPO_DIR, path) || '.';

switch (command) {
  case 'start':
    start(id);
    break;
  case 'check':
    process.exitCode = check();
    break;
  case 'solution':
    showSolution();
    break;
  default:
    console.error(`Unknown command "${command}". Use: start [id], check, solution.`);
    process.exitCode = 2;
}

function start(stepId: string | undefined): void {
  if (!stepId) {
    console.log('Steps (start one with `npm run exercise -- <id>`):');
    for (const step of listSteps()) console.log(`  ${step.id}  ${step.topic} / ${step.name}`);
    return;
  }
  const step = findStep(stepId);
  if (existsSync(PLAYGROUND_STATE)) {
    const previous = playgroundStep();
    if (previous.id !== step.id) console.log(`(Replacing your playground for step ${previous.id}.)`);
  }
  layOut(step, 'problem', PLAYGROUND_DIR);
  writeFileSync(PLAYGROUND_STATE, `${JSON.stringify({ id: step.id }, null, 2)}\n`);
  console.log(`Step ${step.id} (${step.topic} / ${step.name}) is in ${here(PLAYGROUND_DIR)}/.`);
  console.log(`Read ${here(join(PLAYGROUND_DIR, 'README.md'))}, edit the files there, then run \`npm run exercise:check\`.`);
}

function check(): number {
  const step = playgroundStep();
  console.log(`Checking your playground against step ${step.id} (${step.topic} / ${step.name})…\n`);
  // The checks are the problem's: a learner who edits a check file gets it back here.
  for (const file of listFiles(step.problemDir).filter(isCheckFile)) {
    writeFileSync(join(PLAYGROUND_DIR, file), readFileSync(join(step.problemDir, file)));
  }
  const run = runChecks(PLAYGROUND_DIR);
  console.log(run.passed ? `\nStep ${step.id} done. Compare with the solution: npm run exercise:solution` : `\nNot yet: read the messages above, change the playground, and run \`npm run exercise:check\` again.`);
  return run.passed ? 0 : 1;
}

function showSolution(): void {
  const step = playgroundStep();
  const files = listFiles(step.solutionDir).filter((f) => f !== 'README.md' && !isCheckFile(f));
  for (const file of files) {
    // git diff --no-index works outside a repository's index: yours on the left, the solution on the right.
    spawnSync('git', ['--no-pager', 'diff', '--no-index', '--color=auto', join(PLAYGROUND_DIR, file), join(step.solutionDir, file)], { stdio: 'inherit' });
  }
  console.log(`\nThe solution's README explains why: ${here(join(step.solutionDir, 'README.md'))}`);
}

function playgroundStep(): Step {
  if (!existsSync(PLAYGROUND_STATE)) {
    console.error('The playground is empty: start a step first, e.g. `npm run exercise -- 01.01` (list them with `npm run exercise`).');
    process.exit(2);
  }
  const { id: stepId } = JSON.parse(readFileSync(PLAYGROUND_STATE, 'utf8')) as { id: string };
  return findStep(stepId);
}
