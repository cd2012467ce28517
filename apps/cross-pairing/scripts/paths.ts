/**
 * Where the build, the benchmark, the charts and the tests put and find things, in
 * one place, so no file repeats a relative path.
 */
import { fileURLToPath } from 'node:url';

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** This app, apps/cross-pairing. */
export const APP_DIR = here('../');
/** The repository root. */
export const REPO_DIR = here('../../../');
/** Everything `npm run build` writes. */
export const DIST_DIR = here('../dist/');
/** The recommender as a Lambda deployment package (handler, native addon, artifacts, snapshot). */
export const RECOMMENDER_LAMBDA_DIR = here('../dist/recommender-lambda/');
/** esbuild's metafile for the handler bundle (outside the package, so it does not ship). */
export const RECOMMENDER_LAMBDA_METAFILE = here('../dist/recommender-lambda-meta.json');
/** The footfall container's server bundle. */
export const FOOTFALL_CONTAINER_BUNDLE = here('../dist/footfall-container/index.mjs');
/** Git-ignored working folder: generated catalogs, snapshots, per-size bundles, events. */
export const DATA_DIR = here('../.data/contrast/');
/** The footfall Lambda package built by apps/footfall-lambda (`npm run build` there). */
export const FOOTFALL_LAMBDA_DIR = here('../../footfall-lambda/dist/lambda/');
/** Results JSON files of every benchmark. */
export const RESULTS_DIR = here('../../../docs/results/');
/** This experiment's results. */
export const CONTRAST_JSON = here('../../../docs/results/contrast.json');
/** The page that explains them. */
export const CONTRAST_DOC = here('../../../docs/contrast.md');
/** The stand-in for Lambda's runtime used to time cold starts. */
export const INVOKE_SCRIPT = here('../bench/invoke-bundle.mjs');
