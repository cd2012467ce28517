/**
 * Shared bits of the package's command-line scripts: where generated data goes, how
 * the dataset options are parsed, and the machine description results files carry.
 */
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { GENERATE_DEFAULTS, type GenerateOptions } from '../src/index.js';

/** Generated data lands here (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data/movielens-synthetic/', import.meta.url));

/** The seed of the committed artifacts. */
export const DEFAULT_SEED = 42;

/** parseArgs options that choose a generated dataset. */
export const datasetOptions = {
  seed: { type: 'string', default: String(DEFAULT_SEED) },
  movies: { type: 'string', default: String(GENERATE_DEFAULTS.movies) },
  users: { type: 'string', default: String(GENERATE_DEFAULTS.users) },
  'ratings-per-user': { type: 'string', default: String(GENERATE_DEFAULTS.meanRatingsPerUser) },
} as const;

/** Parses a non-negative integer option or exits with a clear message. */
export function integerOption(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < 0) {
    console.error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return parsed;
}

/** Parses a finite, non-negative number option or exits with a clear message. */
export function numberOption(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    console.error(`--${name} must be a non-negative number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return parsed;
}

/** The generator options from parsed dataset flags. */
export function generateOptionsFrom(values: { seed?: string; movies?: string; users?: string; 'ratings-per-user'?: string }): GenerateOptions {
  return {
    seed: integerOption('seed', values.seed),
    movies: integerOption('movies', values.movies),
    users: integerOption('users', values.users),
    meanRatingsPerUser: integerOption('ratings-per-user', values['ratings-per-user']),
  };
}

/** The machine a figure was measured on. */
export function machine(): { cpuModel: string; cores: number; memoryGiB: number; node: string; platform: string } {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Seconds since `started` (a `performance.now()` value), to 0.1 s. */
export function secondsSince(started: number): number {
  return Math.round((performance.now() - started) / 100) / 10;
}
