/**
 * What the workshop's checks share: where the repo is, and builders the repo's own
 * tests use. Checks import it as `@serverless-ai/workshop/kit`, so they work the same
 * from the playground, from a step's folder and from CI's copies.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import * as z from 'zod/mini';
import { ARM64_ADDON, BUILD_ARM64_ADDON_SCRIPT } from '../../../apps/cross-pairing/scripts/paths.js';
import { REPO_DIR } from './steps.js';

export { buildElf, type ElfSpec } from '../../../packages/fitcheck/tests/helpers/elf-builder.js';
export { REPO_DIR, WORKSHOP_DIR } from './steps.js';
// The cost CLI's loader of the measured results (Node-only, so the package does not export it).
export { loadMeasurements } from '../../../packages/cost-model/src/cli/files.js';
// fitcheck's own fixture builders: real hnswlib-node addon, seeded data, sparse files.
export { makeHnswBundle } from '../../../packages/fitcheck/tests/fixtures.js';
// The footfall build's per-package byte report (dist/size-report.json's handlerBytesByPackage).
export { bytesByPackage } from '../../../apps/footfall-lambda/scripts/bundle-size.js';
// hnswlib-node's addon cross-compiled for Lambda's arm64 by apps/cross-pairing (a git-ignored cache).
export { ARM64_ADDON as ARM64_HNSW_ADDON };
// The recommender container's own test support: a real redis-server on a free port (stopped by PID),
// and the built service (`node dist/index.js`) as a child process with its JSON logs.
export { REDIS_SERVER_BIN, type RedisServer, startRedisServer } from '../../../apps/recommender-container/tests/support/redis-server.js';
export {
  ENTRY as RECOMMENDER_CONTAINER_ENTRY,
  type ServerProcess,
  startServerProcess,
  writeTestArtifacts as writeSmallRecommenderArtifacts,
} from '../../../apps/recommender-container/tests/support/server-process.js';

/** The turbo task that builds `RECOMMENDER_CONTAINER_ENTRY` (`npm test` runs it before the workshop's tests). */
export const BUILD_RECOMMENDER_CONTAINER_COMMAND = 'npx turbo run build --filter=@serverless-ai/recommender-container';

/** The turbo task that builds `ARM64_HNSW_ADDON` (cached; `npm test` runs it before the workshop's tests). */
export const BUILD_ARM64_ADDON_COMMAND = 'npx turbo run build:arm64-addon --filter=@serverless-ai/cross-pairing';

/**
 * Makes sure `ARM64_HNSW_ADDON` exists and matches the installed hnswlib-node: runs
 * cross-pairing's scripts/build-arm64-addon.sh, which returns at once when the cached
 * addon is current and cross-compiles it otherwise (one compile, once). Returns its path.
 * @throws Error naming `BUILD_ARM64_ADDON_COMMAND` and the script's reason (e.g. no
 * g++-aarch64-linux-gnu) when it cannot be built here.
 */
export function ensureArm64HnswAddon(): string {
  const run = spawnSync(BUILD_ARM64_ADDON_SCRIPT, { encoding: 'utf8' });
  if (run.status !== 0 || !fs.existsSync(ARM64_ADDON)) {
    const reason = (run.stderr || run.error?.message || '').trim();
    throw new Error(`hnswlib-node's arm64 addon is not built (${ARM64_ADDON}). Build it with \`${BUILD_ARM64_ADDON_COMMAND}\` (it needs Debian's g++-aarch64-linux-gnu).\n${reason}`);
  }
  return ARM64_ADDON;
}

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

/** What `traceWork` saw while its action ran. */
export interface TracedWork {
  /** Every `fs.readFileSync` of a path: which file, and how many bytes it returned. */
  fileReads: { path: string; bytes: number }[];
  /** Every `crypto.createHash`: its algorithm, and how many bytes were fed to it. */
  hashes: { algorithm: string; bytes: number }[];
  /** zod schemas constructed (by any copy of zod, bundled ones included). */
  zodSchemasBuilt: number;
  /** zod checks run on the schemas constructed meanwhile (each nested schema counts). */
  zodChecksRun: number;
}

interface ZodInternals {
  _zod?: { run?: (...args: unknown[]) => unknown };
}

/**
 * Runs `action` and records the work it does that a cold start pays for: files read with
 * `readFileSync`, hashes computed with `createHash`, zod schemas built and checks run.
 * Checks import a bundled handler inside `action` to see what its init phase does.
 *
 * zod is counted through the hook zod 4 calls for every schema it constructs
 * (`globalThis.__zod_globalConfig.postProcessor`, which `zod/compile` uses); every copy of
 * zod, a bundled one too, reads it from `globalThis`. `traceWork` first proves the hook still
 * fires and throws if it does not, so a zod upgrade cannot make the count quietly read 0.
 * Like `countFsyncs`, it sees the whole process: run nothing else meanwhile.
 */
export async function traceWork<T>(action: () => Promise<T>): Promise<{ result: T; work: TracedWork }> {
  const work: TracedWork = { fileReads: [], hashes: [], zodSchemasBuilt: 0, zodChecksRun: 0 };
  const { readFileSync } = fs;
  const { createHash } = crypto;
  fs.readFileSync = function (this: unknown, ...args: Parameters<typeof fs.readFileSync>) {
    const data = readFileSync.apply(this, args) as string | Buffer;
    const [path] = args;
    if (typeof path === 'string' || path instanceof URL) {
      work.fileReads.push({ path: path instanceof URL ? fileURLToPath(path) : path, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength });
    }
    return data;
  } as typeof fs.readFileSync;
  crypto.createHash = function (this: unknown, ...args: Parameters<typeof crypto.createHash>) {
    const hash = createHash.apply(this, args);
    const traced = { algorithm: args[0], bytes: 0 };
    work.hashes.push(traced);
    const update: (data: string | NodeJS.ArrayBufferView, encoding?: BufferEncoding) => typeof hash = hash.update.bind(hash);
    hash.update = (data: string | NodeJS.ArrayBufferView, encoding?: BufferEncoding) => {
      traced.bytes += typeof data === 'string' ? Buffer.byteLength(data, encoding) : data.byteLength;
      return update(data, encoding);
    };
    return hash;
  };
  const zodConfig = ((globalThis as { __zod_globalConfig?: Record<string, unknown> }).__zod_globalConfig ??= {});
  const previousHook = zodConfig.postProcessor;
  zodConfig.postProcessor = (schema: ZodInternals) => {
    if (typeof previousHook === 'function') (previousHook as (schema: ZodInternals) => void)(schema);
    work.zodSchemasBuilt += 1;
    const internals = schema._zod;
    const run = internals?.run;
    if (internals && run) {
      internals.run = function (this: unknown, ...args: unknown[]) {
        work.zodChecksRun += 1;
        return run.apply(this, args);
      };
    }
  };
  syncBuiltinESMExports();
  try {
    z.string();
    if (work.zodSchemasBuilt !== 1) throw new Error(`traceWork: this zod no longer calls globalThis.__zod_globalConfig.postProcessor, so zod work cannot be counted. Update traceWork in docs/workshop/tools/kit.ts.`);
    work.zodSchemasBuilt = 0;
    const result = await action();
    return { result, work };
  } finally {
    fs.readFileSync = readFileSync;
    crypto.createHash = createHash;
    zodConfig.postProcessor = previousHook;
    syncBuiltinESMExports();
  }
}
