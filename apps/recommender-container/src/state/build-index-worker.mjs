// Builds the HNSW index in a worker thread and saves it to `workerData.path`, so the main
// thread's event loop stays free during a rebuild (tens of seconds at 100k movies) and
// /healthz keeps answering. Plain JavaScript so it runs both from src/ (tests) and from
// dist/ (the build copies it there); the main thread loads the saved file, which is fast.
import { parentPort, workerData } from 'node:worker_threads';
import { MovieRecommender } from '@serverless-ai/movie-recommender';

const { space, dimensions, movieIds, itemVectors, path, catalogVersion } = workerData;
// buildIndex reads only these fields of the artifacts.
const index = MovieRecommender.buildIndex({ space, dimensions, movies: movieIds.map((movieId) => ({ movieId })), itemVectors });
index.save(path, { catalogVersion });
parentPort.postMessage({ size: index.size });
