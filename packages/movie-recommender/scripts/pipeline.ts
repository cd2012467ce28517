/**
 * The steps `train` and `evaluate` share: get the data (MovieLens folder or
 * generator), describe it for the model card, and print ALS progress to stderr.
 */
import { join } from 'node:path';
import { loadMovieLens, generateMovieLens, MovieLensFormatError, type AlsProgress, type MovieLensData } from '../src/index.js';
import { generateOptionsFrom, secondsSince } from './cli.js';

/** Where the data came from, as card facts. */
export interface Dataset {
  data: MovieLensData;
  summary: string;
  facts: Record<string, number | string | boolean>;
}

/** Loads `--movielens <folder>` or generates the dataset the flags describe. */
export async function loadDataset(values: { movielens?: string; seed?: string; movies?: string; users?: string; 'ratings-per-user'?: string }): Promise<Dataset> {
  const started = performance.now();
  if (values.movielens) {
    console.error(`Loading MovieLens data from ${values.movielens} …`);
    let data: MovieLensData;
    try {
      data = await loadMovieLens(values.movielens);
    } catch (err) {
      // Bad input is the user's to fix: one line naming the file and line, no stack trace.
      const problem =
        err instanceof MovieLensFormatError
          ? `${join(values.movielens, err.file)}:${err.message.slice(err.file.length + 1)}`
          : `${values.movielens}: ${(err as Error).message}`;
      console.error(`Cannot load MovieLens data: ${problem}`);
      process.exit(1);
    }
    console.error(`  ${data.movies.length} movies, ${data.ratings.length} ratings in ${secondsSince(started)} s`);
    return {
      data,
      summary: `MovieLens ratings loaded from ${values.movielens.split(/[\\/]/).filter(Boolean).pop() ?? values.movielens}.`,
      facts: { source: 'movielens', movies: data.movies.length, ratings: data.ratings.length },
    };
  }
  const options = generateOptionsFrom(values);
  const data = generateMovieLens(options);
  console.error(`Generated ${data.movies.length} movies and ${data.ratings.length} ratings (seed ${options.seed}) in ${secondsSince(started)} s`);
  return {
    data,
    summary:
      'Synthetic MovieLens-layout ratings from the seeded taste model in src/data/generate.ts (genres, eras, Zipf-like popularity); ' +
      'regenerate them with `npm run generate`.',
    facts: {
      source: 'generated',
      seed: options.seed,
      movies: data.movies.length,
      users: options.users ?? 0,
      meanRatingsPerUser: options.meanRatingsPerUser ?? 0,
      ratings: data.ratings.length,
    },
  };
}

/** Prints one ALS iteration to stderr. */
export function printProgress(label: string): (progress: AlsProgress) => void {
  return (p) =>
    console.error(
      `  [${label}] iteration ${String(p.iteration).padStart(2)}/${p.iterations}  loss ${p.loss.toFixed(4)}  train RMSE ${p.rmse.toFixed(4)}  ${p.seconds.toFixed(1)} s`,
    );
}
