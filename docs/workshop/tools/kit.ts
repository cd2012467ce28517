/**
 * What the workshop's checks share: where the repo is, and builders the repo's own
 * tests use. Checks import it as `@serverless-ai/workshop/kit`, so they work the same
 * from the playground, from a step's folder and from CI's copies.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { REPO_DIR } from './steps.js';

export { buildElf, type ElfSpec } from '../../../packages/fitcheck/tests/helpers/elf-builder.js';
export { REPO_DIR, WORKSHOP_DIR } from './steps.js';
// The cost CLI's loader of the measured results (Node-only, so the package does not export it).
export { loadMeasurements } from '../../../packages/cost-model/src/cli/files.js';
// fitcheck's own fixture builders: real hnswlib-node addon, seeded data, sparse files.
export { makeHnswBundle } from '../../../packages/fitcheck/tests/fixtures.js';
// The footfall build's per-package byte report (dist/size-report.json's handlerBytesByPackage).
export { bytesByPackage } from '../../../apps/footfall-lambda/scripts/bundle-size.js';

/**
 * Runs `action` and counts the fsync-family calls made while it runs: `fs.fsync`,
 * `fs.fdatasync`, their `Sync` forms and `FileHandle.sync`/`datasync`, however the code under
 * check imported them. Checks use it to prove a write was flushed to stable storage before it
 * was acknowledged, which reading the file back cannot show (the page cache answers reads).
 *
 * The count covers every file in this process, so run nothing else that fsyncs meanwhile.
 */
export async function countFsyncs<T>(action: () => Promise<T>): Promise<{ result: T; fsyncs: number }> {
  let fsyncs = 0;
  const restores: (() => void)[] = [];
  const watch = (target: object, name: string): void => {
    const original = (target as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
    (target as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      fsyncs += 1;
      return original.apply(this, args);
    };
    restores.push(() => ((target as Record<string, unknown>)[name] = original));
  };
  // FileHandle is not exported; take its prototype from a handle on a file that surely exists.
  const handle = await fs.promises.open(fileURLToPath(import.meta.url), 'r');
  const fileHandlePrototype = Object.getPrototypeOf(handle) as object;
  await handle.close();
  for (const name of ['fsync', 'fsyncSync', 'fdatasync', 'fdatasyncSync']) watch(fs, name);
  for (const name of ['sync', 'datasync']) watch(fileHandlePrototype, name);
  // `import { fsyncSync } from 'node:fs'` reads the ES module's own copy: bring it in line with `fs`.
  syncBuiltinESMExports();
  try {
    const result = await action();
    return { result, fsyncs };
  } finally {
    for (const restore of restores) restore();
    syncBuiltinESMExports();
  }
}

/** One import of a package, as esbuild's metafile records it. */
export interface PackageImport {
  /** The importing file, relative to the repo root (e.g. `docs/workshop/playground/handler.ts`). */
  importer: string;
  /** What it wrote in its `import`, e.g. `zod` or `zod/mini`. */
  specifier: string;
}

/**
 * Where a bundled package comes in: every file outside `packageName` that imports it and
 * left code in the bundle (an importer that was tree-shaken away is not the cause). Read
 * from esbuild's metafile (`inputs[].imports`), whose paths are relative to `workingDir`
 * (esbuild's `absWorkingDir`, the current directory unless the build set another).
 */
export function importersOf(metafile: Metafile, packageName: string, workingDir = process.cwd()): PackageImport[] {
  const inPackage = (path: string): boolean => path.includes(`node_modules/${packageName}/`);
  const bundled = new Set(Object.values(metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path)));
  const found: PackageImport[] = [];
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (inPackage(path) || !bundled.has(path)) continue;
    for (const imported of input.imports) {
      if (inPackage(imported.path)) found.push({ importer: relative(REPO_DIR, resolve(workingDir, path)), specifier: imported.original ?? imported.path });
    }
  }
  return found;
}
