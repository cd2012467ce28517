/**
 * Putting a recommender Lambda package together: handler bundle + native addon +
 * artifacts (+ index snapshot).
 *
 * Serverless limit "dependencies": a `.node` addon cannot be inlined by a bundler, so
 * the package carries `node_modules/hnswlib-node` with its compiled `addon.node`, and
 * the two small packages its loader needs at run time (`bindings`, which finds the
 * addon, and `file-uri-to-path`, which `bindings` requires). Only the files Node reads
 * are copied: no C++ sources, object files or type declarations. The installed addon is
 * compiled for the machine that ran `npm install`, which is exactly what fitcheck
 * checks against the function's architecture and glibc; a package for an arm64
 * function swaps in the addon cross-compiled by scripts/build-arm64-addon.sh.
 *
 * `npm run build` uses this for dist/recommender-lambda (small catalog), the benchmark
 * for one package per catalog size and index mode under `.data/contrast/bundles/`.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ARTIFACT_FILES, headerPathFor } from '@serverless-ai/movie-recommender';
import { ARTIFACTS_FOLDER, INDEX_FILE } from '../src/recommender-lambda/config.js';
import { HANDLER_FILE } from '@serverless-ai/lambda-kit/bundle';

/** Packages the handler bundle leaves external because they load compiled code (esbuild's `external`). */
export const NATIVE_EXTERNALS = ['hnswlib-node'] as const;

/** Files of each runtime package that Node loads (plus its licence, which must ship with it). */
export const NATIVE_RUNTIME_FILES: Readonly<Record<string, readonly string[]>> = {
  'hnswlib-node': ['package.json', 'LICENSE.txt', 'lib/index.js', 'build/Release/addon.node'],
  bindings: ['package.json', 'LICENSE.md', 'bindings.js'],
  'file-uri-to-path': ['package.json', 'LICENSE', 'index.js'],
};

/** The folder of an installed package, resolved as Node would from hnswlib-node's point of view. */
function packageDir(name: string): string {
  const fromApp = createRequire(import.meta.url);
  const hnswDir = dirname(fromApp.resolve('hnswlib-node/package.json'));
  if (name === 'hnswlib-node') return hnswDir;
  // bindings and file-uri-to-path are hnswlib-node's dependencies: resolve them from there.
  return dirname(createRequire(join(hnswDir, 'package.json')).resolve(`${name}/package.json`));
}

/** Where hnswlib-node's compiled addon sits inside the package. */
export const ADDON_FILE = 'node_modules/hnswlib-node/build/Release/addon.node';

/**
 * Copies the native runtime (with the installed addon, built for this machine) into `<outDir>/node_modules/`.
 * @throws Error naming the file when an expected file is missing (a changed hnswlib-node layout).
 */
export function copyNativeRuntime(outDir: string): void {
  for (const [name, files] of Object.entries(NATIVE_RUNTIME_FILES)) {
    const from = packageDir(name);
    for (const file of files) {
      const source = join(from, file);
      if (!existsSync(source)) throw new Error(`${name}: expected ${file} in ${from}; has the package layout changed?`);
      const target = join(outDir, 'node_modules', name, file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
    }
  }
}

/** What goes into one recommender package. */
export interface RecommenderBundleParts {
  /** A folder holding the handler bundle and its node_modules (dist/recommender-lambda). */
  codeDir: string;
  /** An artifacts folder (`loadRecommenderArtifacts` layout). */
  artifactsDir: string;
  /** An index snapshot to ship for `INDEX_MODE=snapshot`, or null for a build-at-init package. */
  snapshotPath: string | null;
  /** An addon to ship instead of the one in codeDir (the arm64 build). @default codeDir's */
  addon?: string;
}

/** Copies the artifact files (every file the format defines) into `<outDir>/artifacts/`. */
export function copyArtifacts(artifactsDir: string, outDir: string): void {
  const target = join(outDir, ARTIFACTS_FOLDER);
  mkdirSync(target, { recursive: true });
  for (const file of Object.values(ARTIFACT_FILES)) copyFileSync(join(artifactsDir, file), join(target, file));
}

/** Copies a snapshot and its header to `<outDir>/index/movies.hnsw(.meta.json)`. */
export function copySnapshot(snapshotPath: string, outDir: string): void {
  const target = join(outDir, INDEX_FILE);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(snapshotPath, target);
  copyFileSync(headerPathFor(snapshotPath), headerPathFor(target));
}

/** Writes a complete package to `outDir`, replacing whatever was there. */
export function assembleRecommenderBundle(parts: RecommenderBundleParts, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  copyFileSync(join(parts.codeDir, HANDLER_FILE), join(outDir, HANDLER_FILE));
  cpSync(join(parts.codeDir, 'node_modules'), join(outDir, 'node_modules'), { recursive: true });
  if (parts.addon) copyFileSync(parts.addon, join(outDir, ADDON_FILE));
  copyArtifacts(parts.artifactsDir, outDir);
  if (parts.snapshotPath) copySnapshot(parts.snapshotPath, outDir);
}
