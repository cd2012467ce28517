/**
 * `npm run generate -- [--out <folder>] [--seed 42] [--movies 20000] [--users 6000] [--ratings-per-user 100]`
 *
 * Writes a synthetic dataset in the MovieLens layout (`movies.csv`, `ratings.csv`).
 * The same options always give byte-identical files; the defaults are what the
 * committed artifacts were trained on (training regenerates them in memory, so
 * running this is only needed to look at the data or to feed `--movielens`).
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateMovieLens, writeMovieLens } from '../src/index.js';
import { DEFAULT_DATA_DIR, datasetOptions, generateOptionsFrom, secondsSince } from './cli.js';

const { values } = parseArgs({ options: { ...datasetOptions, out: { type: 'string', default: DEFAULT_DATA_DIR } } });
const options = generateOptionsFrom(values);
const started = performance.now();
const data = generateMovieLens(options);
mkdirSync(values.out, { recursive: true });
writeMovieLens(values.out, data);
console.log(
  `Wrote ${data.movies.length} movies and ${data.ratings.length} ratings (seed ${options.seed}) to ${values.out} in ${secondsSince(started)} s`,
);
