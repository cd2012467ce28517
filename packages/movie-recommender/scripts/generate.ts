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
// How long the tail is: the share of ratings held by the most-rated 1% and 10% of movies.
if (data.ratings.length > 0) printPopularity();

function printPopularity(): void {
  const counts = new Map<number, number>();
  for (const id of data.ratings.movieIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const sorted = data.movies.map((m) => counts.get(m.movieId) ?? 0).sort((a, b) => b - a);
  const share = (fraction: number) => sorted.slice(0, Math.ceil(sorted.length * fraction)).reduce((s, c) => s + c, 0) / Math.max(1, data.ratings.length);
  console.log(
    `Popularity: the most-rated 1% of movies hold ${(100 * share(0.01)).toFixed(1)}% of ratings, the top 10% hold ${(100 * share(0.1)).toFixed(1)}%; ` +
      `${sorted.filter((c) => c === 0).length} movies have no rating.`,
  );
}
