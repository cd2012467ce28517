/**
 * Staging the recommender's container image: the folder `docker build` (run by `cdk deploy`)
 * gets as its context, and the folder fitcheck judges in image mode.
 *
 * It is the arm64 Lambda package (handler bundle, hnswlib-node with the arm64 addon,
 * artifacts, index snapshot) plus src/recommender-image/Dockerfile and a .dockerignore.
 * Nothing is built here: there is no Docker on this machine, and no need for one to prove
 * the image's contents, size and init.
 */
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECOMMENDER_IMAGE_DOCKERFILE } from './paths.js';

/** The files of the staged folder that are not part of the Lambda package. */
export const IMAGE_BUILD_FILES = ['Dockerfile', '.dockerignore'] as const;

/**
 * Copies `packageDir` (a complete recommender Lambda package) and the Dockerfile into `outDir`,
 * replacing whatever was there.
 */
export function stageRecommenderImage(packageDir: string, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cpSync(packageDir, outDir, { recursive: true });
  copyFileSync(RECOMMENDER_IMAGE_DOCKERFILE, join(outDir, 'Dockerfile'));
  // The build files themselves stay out of the image.
  writeFileSync(join(outDir, '.dockerignore'), `${IMAGE_BUILD_FILES.join('\n')}\n`);
}
