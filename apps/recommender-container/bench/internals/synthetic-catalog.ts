/**
 * Needed when you change the catalog sizes of the start-up bench (10k, 100k movies) or how they are made.
 *
 * Larger catalogs for the start-up benchmark, made from the committed artifacts: movie i
 * copies trained movie (i mod n) with a new id, a numbered title and its vector plus a
 * little seeded noise. The vectors keep the trained distribution (so the HNSW graph is as
 * hard to build as a real one would be), and the files go through the package's own
 * encoder, so they load with every checksum verified, like the real thing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACT_FILES,
  createRandom,
  encodeRecommenderArtifacts,
  writeRecommenderArtifacts,
  type Movie,
  type RecommenderArtifacts,
  type RecommenderParameters,
} from '@serverless-ai/movie-recommender';

/**
 * Writes a catalog of `movies` movies derived from `base` into `outDir`, unless a catalog
 * of that size is already there.
 */
export function writeScaledArtifacts(base: RecommenderArtifacts, movies: number, outDir: string, seed = 1): void {
  if (existsSync(join(outDir, ARTIFACT_FILES.card))) return;
  if (!base.dir) throw new Error('The base artifacts must come from a folder (their model.json is reused).');
  const parameters = JSON.parse(readFileSync(join(base.dir, ARTIFACT_FILES.parameters), 'utf8')) as RecommenderParameters;
  const n = base.movies.length;
  const d = base.embeddingDimensions;
  const width = base.dimensions;
  const random = createRandom(seed); // seeded, so every run builds the same catalog
  const catalog: Movie[] = [];
  const embeddings = new Float32Array(movies * d);
  const biases = new Float32Array(movies);
  const popularity: number[] = [];
  for (let i = 0; i < movies; i++) {
    const row = i % n;
    const source = base.movies[row]!;
    catalog.push({ movieId: i + 1, title: i < n ? source.title : `${source.title} ${Math.floor(i / n) + 1}`, year: source.year, genres: source.genres });
    for (let k = 0; k < d; k++) embeddings[i * d + k] = base.itemVectors[row * width + k]! * (1 + 0.1 * (random.next() - 0.5)) + 0.02 * (random.next() - 0.5);
    biases[i] = base.itemVectors[row * width + d]!;
    popularity.push(base.popularity[row]!);
  }
  const encoded = encodeRecommenderArtifacts(
    {
      movies: catalog,
      embeddings,
      biases,
      parameters: { ...parameters, popularity },
      history: [],
      facts: { users: 0, ratings: 0, movies, moviesWithoutRatings: 0, globalMean: parameters.foldIn.globalMean },
    },
    {
      createdAt: new Date(0).toISOString(),
      trainingData: { summary: `Synthetic ${movies}-movie catalog scaled from ${base.card.version} for the start-up benchmark`, facts: { movies, seed } },
      metrics: {},
    },
  );
  writeRecommenderArtifacts(outDir, encoded);
}
