/**
 * Builds the capstone's supplied bundle: a recommender-like Lambda package with the
 * real hnswlib-node addon (compiled on this machine), a handler that builds an HNSW
 * index at init, and a 300 MB catalog archive (a sparse file: it costs no disk, but
 * Lambda counts its size like any other). Run it, then judge the folder it prints:
 *
 *   npx tsx docs/workshop/playground/make-bundle.ts
 */
import { mkdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeHnswBundle } from '@serverless-ai/workshop/kit';

/** Where the bundle is built. */
export const CAPSTONE_ROOT = join(tmpdir(), 'serverless-ai-workshop-capstone');
const MiB = 2 ** 20;

/** Builds the bundle (again, from scratch) and returns its folder. */
export async function makeCapstoneBundle(root = CAPSTONE_ROOT): Promise<string> {
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const { dir } = await makeHnswBundle(root, 8 * MiB);
  const archive = join(dir, 'catalog-archive.bin');
  await writeFile(archive, '');
  await truncate(archive, 300 * MiB);
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = await makeCapstoneBundle();
  console.log(`The bundle is in ${dir}`);
  console.log(`Judge it: npm run fitcheck -- ${dir} --static --arch <arm64|x86_64> --route <zip-s3|container-image> [--json]`);
}
