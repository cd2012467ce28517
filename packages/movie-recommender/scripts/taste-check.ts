/**
 * Two checks on trained artifacts that the headline metrics do not show, printed by
 * `npm run evaluate`:
 * - personalisation: for a "fan" of a genre (their 10 most-rated single-genre movies of
 *   it, all rated 5), how many of the top 10 recommendations share that genre;
 * - cold start: where a brand-new movie of each genre, with a derived embedding, ranks
 *   among all unseen movies for each fan (1 = first).
 */
import { ExactIndex, MovieRecommender, type RecommenderArtifacts } from '../src/index.js';

/** The most common genres, whose fans the checks simulate. */
const GENRES = ['Drama', 'Comedy', 'Thriller', 'Romance', 'Action', 'Horror'];

/** Prints both checks for `artifacts`. */
export function printTasteChecks(artifacts: RecommenderArtifacts): void {
  const index = ExactIndex.build({ space: artifacts.space, numDimensions: artifacts.dimensions }, artifacts.movies.map((m) => m.movieId), artifacts.itemVectors);
  const recommender = new MovieRecommender({ artifacts, index });
  const byPopularity = artifacts.movies.map((movie, row) => ({ movie, count: artifacts.popularity[row]! })).sort((a, b) => b.count - a.count);
  const fans = GENRES.map((genre) =>
    byPopularity
      .filter(({ movie }) => movie.genres.length === 1 && movie.genres[0] === genre)
      .slice(0, 10)
      .map(({ movie }) => ({ movieId: movie.movieId, rating: 5 })),
  );

  console.log(`\nPersonalisation (${artifacts.card.version}): recommendations in the fan's genre, of the top 10:`);
  GENRES.forEach((genre, g) => {
    const top = recommender.predict({ recentActivity: fans[g]!, k: 10 }).recommendations;
    console.log(`  ${genre.padEnd(10)} fan: ${top.filter((r) => r.genres.includes(genre)).length}/10`);
  });

  console.log(`\nCold start: rank of a new movie (derived embedding, year 2015) among ${artifacts.movies.length} movies, by fan:`);
  console.log(`  ${'new movie'.padEnd(12)}${GENRES.map((g) => g.padStart(10)).join('')}`);
  const width = artifacts.dimensions;
  for (const genre of GENRES) {
    const vector = recommender.vectorFor({ movieId: 1, title: 'New', year: 2015, genres: [genre] });
    const ranks = fans.map((activity) => {
      const { query } = recommender.userQuery(activity);
      const seen = new Set(activity.map((a) => a.movieId));
      const score = (v: ArrayLike<number>, offset: number) => {
        let sum = 0;
        for (let k = 0; k < width; k++) sum += query[k]! * v[offset + k]!;
        return sum;
      };
      const target = score(vector, 0);
      let above = 0;
      artifacts.movies.forEach((movie, row) => {
        if (!seen.has(movie.movieId) && score(artifacts.itemVectors, row * width) > target) above++;
      });
      return above + 1;
    });
    console.log(`  ${genre.padEnd(12)}${ranks.map((r) => String(r).padStart(10)).join('')}`);
  }
}
