/**
 * `npm run build`: both halves of the cross-pairing, ready to run.
 *
 * 1. dist/recommender-lambda/index.mjs: the recommender's Lambda handler and every
 *    pure-JavaScript dependency in one ESM file (esbuild, lambda-kit's settings, as the footfall function).
 * 2. dist/recommender-lambda/node_modules/: hnswlib-node's compiled addon and its loader,
 *    which cannot be bundled.
 * 3. dist/recommender-lambda/artifacts/ + index/: a generated catalog (1,000 movies by
 *    default; `-- --movies 10000` for another size) and its HNSW snapshot. This folder is
 *    the whole Lambda package: the tests run it in a fresh process and fitcheck judges it.
 * 4. dist/recommender-lambda-arm64/: the same package for an arm64 function, with the
 *    addon cross-compiled by scripts/build-arm64-addon.sh (`npm run build:arm64-addon`,
 *    which turbo runs before this build). Skipped, with the reason, when that addon is
 *    missing: the x86_64 package and the demo do not need it.
 *    dist/recommender-image/: that package plus its Dockerfile, the container-image
 *    variant's build context (lib/recommender-image-stack.ts deploys it; nothing builds it here).
 * 5. dist/footfall-container/index.mjs: the footfall predictor's Express server
 *    (packages stay external: a container image has node_modules).
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { scanFolder } from '@serverless-ai/fitcheck';
import { HANDLER_FILE, lambdaBundleOptions, serverBundleOptions } from '@serverless-ai/lambda-kit/bundle';
import { prepareCatalog } from './catalogs.js';
import { APP_DIR, ARM64_ADDON, DIST_DIR, RECOMMENDER_IMAGE_DIR, FOOTFALL_CONTAINER_BUNDLE, RECOMMENDER_LAMBDA_ARM64_DIR, RECOMMENDER_LAMBDA_DIR, RECOMMENDER_LAMBDA_METAFILE } from './paths.js';
import { ADDON_FILE, copyArtifacts, copyNativeRuntime, copySnapshot, NATIVE_EXTERNALS } from './recommender-bundle.js';
import { stageRecommenderImage } from './recommender-image.js';

const { values } = parseArgs({ options: { movies: { type: 'string', default: '1000' } } });
const movies = Number(values.movies);
if (!Number.isInteger(movies) || movies < 1) throw new Error(`--movies must be a positive integer, got ${values.movies}`);

rmSync(DIST_DIR, { recursive: true, force: true });
mkdirSync(RECOMMENDER_LAMBDA_DIR, { recursive: true });

// 1. The handler bundle.
const lambda = await build({
  ...lambdaBundleOptions,
  // hnswlib-node loads a compiled addon (process.dlopen), which no bundler can inline: step 2 ships it.
  external: [...NATIVE_EXTERNALS],
  entryPoints: [join(APP_DIR, 'src/recommender-lambda/handler.ts')],
  outfile: join(RECOMMENDER_LAMBDA_DIR, HANDLER_FILE),
  metafile: true,
});
writeFileSync(RECOMMENDER_LAMBDA_METAFILE, JSON.stringify(lambda.metafile));

// 2. The native addon and its loader.
copyNativeRuntime(RECOMMENDER_LAMBDA_DIR);

// 3. The catalog and its snapshot.
const catalog = prepareCatalog(movies, console.log);
copyArtifacts(catalog.artifactsDir, RECOMMENDER_LAMBDA_DIR);
copySnapshot(catalog.snapshotPath, RECOMMENDER_LAMBDA_DIR);

// 4. The arm64 package: the same files, the arm64 addon.
const arm64 = existsSync(ARM64_ADDON);
if (arm64) {
  cpSync(RECOMMENDER_LAMBDA_DIR, RECOMMENDER_LAMBDA_ARM64_DIR, { recursive: true });
  cpSync(ARM64_ADDON, join(RECOMMENDER_LAMBDA_ARM64_DIR, ADDON_FILE));
  stageRecommenderImage(RECOMMENDER_LAMBDA_ARM64_DIR, RECOMMENDER_IMAGE_DIR);
} else {
  console.log(`cross-pairing: no arm64 addon at ${relative(APP_DIR, ARM64_ADDON)} (npm run build:arm64-addon needs g++-aarch64-linux-gnu): dist/recommender-lambda-arm64 not built`);
}

// 5. The footfall container.
await build({ ...serverBundleOptions, entryPoints: [join(APP_DIR, 'src/footfall-container/index.ts')], outfile: FOOTFALL_CONTAINER_BUNDLE });

const scan = await scanFolder(RECOMMENDER_LAMBDA_DIR);
const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`cross-pairing: recommender Lambda package (${movies.toLocaleString('en-US')} movies) → ${relative(APP_DIR, RECOMMENDER_LAMBDA_DIR)}`);
for (const file of [...scan.files].sort((a, b) => b.bytes - a.bytes).slice(0, 6)) console.log(`  ${file.path.padEnd(42)} ${kB(file.bytes)}`);
console.log(`  package: ${kB(scan.unzippedBytes)}, zipped ${kB(scan.zippedBytes)}; native binaries: ${scan.natives.map((n) => n.path).join(', ')}`);
if (arm64) {
  console.log(`cross-pairing: the same package for an arm64 function → ${relative(APP_DIR, RECOMMENDER_LAMBDA_ARM64_DIR)}`);
  console.log(`cross-pairing: and as a container image's build context → ${relative(APP_DIR, RECOMMENDER_IMAGE_DIR)}`);
}
console.log(`cross-pairing: footfall container → ${relative(APP_DIR, FOOTFALL_CONTAINER_BUNDLE)}`);
