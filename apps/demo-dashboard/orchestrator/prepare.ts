/**
 * Steps 1 and 2 of `npm start`: make sure the trained models exist (train the seeded
 * defaults when a checkout lacks them), then build what the demo runs. Each returns a
 * {@link StopHandle} so Ctrl-C can interrupt it.
 *
 * Edit this file when a model's artifact moves or the demo needs another app built.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { printPrefixed } from './processes.js';
import { APP_DIRS } from './services.js';
import { formatMs } from './summary.js';

/** A running step: its exit code once done, and how to interrupt it. */
export interface StopHandle {
  done: Promise<number>;
  kill: () => void;
}

/** A trained model the demo needs: the file that proves it exists, and how to make it. */
export interface ModelArtifact {
  name: string;
  /** Path from the repo root to the file that the model's loader reads first. */
  file: string;
  workspace: string;
  /** Arguments after `npm run train -w <workspace> --`. */
  trainArgs: string[];
}

/** The two models `npm start` serves, each with its committed artifact. */
export const MODEL_ARTIFACTS: readonly ModelArtifact[] = [
  { name: 'footfall model', file: 'packages/footfall-model/artifacts/footfall-model.json', workspace: '@serverless-ai/footfall-model', trainArgs: [] },
  {
    name: 'movie recommender',
    file: 'packages/movie-recommender/artifacts/model-card.json',
    workspace: '@serverless-ai/movie-recommender',
    // The evaluation adds about a minute and only fills the card's metrics: skip it here.
    trainArgs: ['--skip-evaluation'],
  },
];

const say = (line: string): void => printPrefixed('start', line);
const QUIET_ENV = { TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' };

/** The models whose artifact is missing under `repoRoot`. */
export function missingModels(repoRoot: string, models: readonly ModelArtifact[] = MODEL_ARTIFACTS): ModelArtifact[] {
  return models.filter((model) => !existsSync(join(repoRoot, model.file)));
}

/**
 * Trains the missing default models with their own seeded `npm run train` (identical
 * to the committed files), after building the packages they import.
 */
export function trainMissingModels(repoRoot: string, missing: readonly ModelArtifact[]): StopHandle {
  say(`Missing trained models: ${missing.map((m) => m.name).join(', ')}. Training the seeded defaults…`);
  const commands: string[][] = [
    [turboOf(repoRoot), 'run', 'build', '--output-logs=errors-only', '--no-update-notifier', ...missing.map((m) => `--filter=${m.workspace}^...`)],
    ...missing.map((m) => ['npm', 'run', 'train', `--workspace=${m.workspace}`, '--', ...m.trainArgs]),
  ];
  let kill = (): void => undefined;
  let killed = false;
  const done = (async (): Promise<number> => {
    for (const [command, ...args] of commands) {
      if (killed) return 1;
      const started = performance.now();
      const child = spawn(command!, args, { cwd: repoRoot, env: { ...process.env, ...QUIET_ENV }, stdio: ['ignore', 'inherit', 'inherit'] });
      kill = () => child.kill('SIGTERM');
      const code = await new Promise<number>((resolve) => {
        child.once('error', () => resolve(1));
        child.once('exit', (exitCode) => resolve(exitCode ?? 1));
      });
      if (code !== 0) {
        say(`\`${[command, ...args].join(' ')}\` failed (exit ${code}).`);
        return code;
      }
      say(`\`${args.join(' ')}\` done in ${formatMs(performance.now() - started)}.`);
    }
    return 0;
  })();
  return {
    done,
    kill: () => {
      killed = true;
      kill();
    },
  };
}

/** Builds the three apps and what they depend on; prints turbo's output only when it fails. */
export function buildForDemo(repoRoot: string): StopHandle {
  say('Building with turbo (only errors are shown; cached packages take no time)…');
  const started = performance.now();
  const filters = Object.values(APP_DIRS).map((dir) => `--filter=./${dir}...`);
  const child = spawn(turboOf(repoRoot), ['run', 'build', '--output-logs=errors-only', '--no-update-notifier', ...filters], {
    cwd: repoRoot,
    env: { ...process.env, ...QUIET_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const done = new Promise<number>((resolve) => {
    child.once('error', (err) => {
      output.push(err.message);
      resolve(1);
    });
    child.once('exit', (code) => {
      // eslint-disable-next-line no-control-regex -- strip terminal colour codes before matching turbo's summary
      const text = output.join('').replace(/\x1b\[[0-9;]*m/g, '');
      if (code === 0) {
        const tasks = /Tasks:\s+(.*)/.exec(text)?.[1]?.trim();
        const cached = /Cached:\s+(.*)/.exec(text)?.[1]?.trim();
        say(`Built in ${formatMs(performance.now() - started)}${tasks ? ` (tasks: ${tasks}${cached ? `; cached: ${cached}` : ''})` : ''}.`);
      } else {
        for (const line of text.split('\n')) if (line.trim()) printPrefixed('build', line);
        say(`The build failed (exit ${code ?? 'signal'}). Fix the error above, then run npm start again.`);
      }
      resolve(code ?? 1);
    });
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

function turboOf(repoRoot: string): string {
  return join(repoRoot, 'node_modules', '.bin', 'turbo');
}
