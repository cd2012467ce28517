/**
 * Assembles a recommender-like Lambda package for one CPU: a handler that builds an
 * HNSW index at init, hnswlib-node's JavaScript and its loader, and hnswlib-node's
 * compiled addon. The JavaScript runs on any CPU; the addon is machine code for one.
 * apps/cross-pairing does the same for the real recommender (scripts/recommender-bundle.ts).
 * Run it, then judge the folder it prints with fitcheck:
 *
 *   npx tsx docs/workshop/playground/assemble.ts
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeHnswBundle } from '@serverless-ai/workshop/kit';

/** Lambda's two CPUs, by the names its API and fitcheck's `--arch` use. */
export type LambdaArchitecture = 'arm64' | 'x86_64';

/** The function's CPU: arm64 (Graviton), which Lambda bills at a lower price per GB-second than x86_64. */
export const TARGET_ARCHITECTURE: LambdaArchitecture = 'arm64';

/** Where the addon sits in the package: hnswlib-node's loader (`bindings`) looks for it here. */
export const ADDON_IN_PACKAGE = 'node_modules/hnswlib-node/build/Release/addon.node';

/** The addon npm compiled when it installed hnswlib-node, on (and for) the machine that ran `npm ci`. */
const INSTALLED_ADDON = join(dirname(createRequire(import.meta.url).resolve('hnswlib-node/package.json')), 'build/Release/addon.node');

/** Seeded vectors the handler indexes at init: 2,000 of 64 floats, 512 KiB. */
const VECTOR_BYTES = 2000 * 64 * 4;

/** The compiled addon to ship in a package for an `architecture` function. */
export function addonFor(_architecture: LambdaArchitecture): string {
  // The addon is already compiled, in node_modules: ship that one.
  return INSTALLED_ADDON;
}

/** Writes the package for `architecture` into `<root>/hnsw-bundle` and returns that folder. */
export async function assembleLambdaPackage(root: string, architecture: LambdaArchitecture = TARGET_ARCHITECTURE): Promise<string> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  // The handler (index.mjs), its vectors and hnswlib-node's JavaScript, as installed here.
  const { dir } = await makeHnswBundle(root, VECTOR_BYTES);
  // The one file that depends on the function's CPU.
  copyFileSync(addonFor(architecture), join(dir, ADDON_IN_PACKAGE));
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = await assembleLambdaPackage(join(tmpdir(), 'serverless-ai-workshop-right-architecture'));
  console.log(`The ${TARGET_ARCHITECTURE} package is in ${dir}`);
  console.log(`Judge it: npm run fitcheck -- ${dir} --static --arch ${TARGET_ARCHITECTURE} --json`);
}
