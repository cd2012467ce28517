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
/**
 * The same package for an arm64 function: identical but for hnswlib-node's addon, which
 * is the cross-compiled arm64 one (scripts/build-arm64-addon.sh). It cannot run on an
 * x86_64 machine except under qemu (tests/arm64-package.test.ts).
 */
export const RECOMMENDER_LAMBDA_ARM64_DIR = here('../dist/recommender-lambda-arm64/');
/** The container-image variant's build context: the arm64 package plus its Dockerfile (scripts/recommender-image.ts). */
export const RECOMMENDER_IMAGE_DIR = here('../dist/recommender-image/');
/** The Dockerfile of that image. */
export const RECOMMENDER_IMAGE_DOCKERFILE = here('../src/recommender-image/Dockerfile');
/** hnswlib-node's addon cross-compiled for linux-arm64-gnu (git-ignored cache). */
export const ARM64_ADDON = here('../.data/native/linux-arm64-gnu/hnswlib-node/addon.node');
/** Builds ARM64_ADDON (`npm run build:arm64-addon`). */
export const BUILD_ARM64_ADDON_SCRIPT = here('../scripts/build-arm64-addon.sh');
/** Assembles Debian's arm64 Node under .data/arm64-node (`npm run arm64-node`). */
export const ASSEMBLE_ARM64_NODE_SCRIPT = here('../scripts/assemble-arm64-node.sh');
/** Runs a script with that arm64 Node under qemu-aarch64. */
export const RUN_ARM64_NODE_SCRIPT = here('../scripts/run-arm64-node.sh');
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
