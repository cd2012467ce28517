/**
 * Real Lambda bundles for fitcheck's tests and bench, made from scratch in a temp
 * folder (nothing here is committed, nothing is downloaded):
 *
 * 1. `makeSmallModelBundle`: a TypeScript handler bundled by esbuild into one
 *    index.mjs, which reads a small JSON linear model at init. It should fit.
 * 2. `makeHnswBundle`: the real hnswlib-node package (its compiled addon.node and
 *    the `bindings` loader), a handler that reads a generated Float32 file at init
 *    and builds an HNSW index from it. The addon is whatever this machine compiled.
 * 3. `makeOversizedBundle`: a trivial handler plus a sparse file past 250 MB; sparse,
 *    so it costs no disk, yet its size counts like any other file.
 *
 * Edit this file to add a fixture; keep each one quick to build.
 */
import { cp, mkdir, open, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { MB } from '../src/limits.js';

const require = createRequire(import.meta.url);

/** A small seeded PRNG (mulberry32), so generated data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a fixture builder returns. */
export interface Fixture {
  /** The bundle folder (what Lambda would unzip into /var/task). */
  dir: string;
  /** An event the handler answers with 200. */
  eventFile: string;
  /** Files the handler reads at init, with their sizes. */
  initData: { path: string; bytes: number }[];
}

const SMALL_HANDLER_SOURCE = `
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface LinearModel { weights: number[]; bias: number }

// Init phase: load the model once per execution environment.
const here = dirname(fileURLToPath(import.meta.url));
const model = JSON.parse(readFileSync(join(here, 'model.json'), 'utf8')) as LinearModel;

export const handler = async (event: { features?: number[] }) => {
  const features = event.features ?? [];
  if (features.length !== model.weights.length) {
    return { statusCode: 400, body: JSON.stringify({ error: { code: 'INVALID_INPUT', message: 'wrong feature count', details: {} } }) };
  }
  const prediction = features.reduce((sum, x, i) => sum + x * model.weights[i]!, model.bias);
  return { statusCode: 200, body: JSON.stringify({ prediction }) };
};
`;

/** Fixture 1: an esbuild-bundled handler with a 100-weight JSON model. */
export async function makeSmallModelBundle(root: string): Promise<Fixture> {
  const src = join(root, 'small-src');
  const dir = join(root, 'small-bundle');
  await mkdir(src, { recursive: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(src, 'handler.ts'), SMALL_HANDLER_SOURCE);
  await build({
    entryPoints: [join(src, 'handler.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(dir, 'index.mjs'),
    logLevel: 'silent',
  });
  const random = seededRandom(7);
  const model = { weights: Array.from({ length: 100 }, () => random() - 0.5), bias: 120 };
  const modelText = JSON.stringify(model);
  await writeFile(join(dir, 'model.json'), modelText);
  const eventFile = join(root, 'small-event.json');
  await writeFile(eventFile, JSON.stringify({ features: Array.from({ length: 100 }, () => random()) }));
  return { dir, eventFile, initData: [{ path: 'model.json', bytes: Buffer.byteLength(modelText) }] };
}

const HNSW_HANDLER_SOURCE = `
import { readFileSync } from 'node:fs';
import hnswlib from 'hnswlib-node';

// Init phase: read every vector, index the first INDEXED of them.
// (Indexing all of them would take minutes; reading them is the cost under test.)
const DIMS = 64;
const INDEXED = 2000;
const bytes = readFileSync(new URL('./vectors.f32', import.meta.url));
const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const index = new hnswlib.HierarchicalNSW('l2', DIMS);
index.initIndex(INDEXED, 16, 100, 42);
for (let i = 0; i < INDEXED; i++) index.addPoint(Array.from(vectors.subarray(i * DIMS, (i + 1) * DIMS)), i);

export const handler = async (event) => {
  const { neighbors } = index.searchKnn(event.vector, 5);
  return { statusCode: 200, body: JSON.stringify({ neighbors }) };
};
`;

/** Copies the parts of an installed package a bundler would ship. */
async function copyPackage(name: string, from: string, into: string, parts: string[]): Promise<string> {
  const pkgDir = dirname(createRequire(from).resolve(`${name}/package.json`));
  for (const part of parts) await cp(join(pkgDir, part), join(into, 'node_modules', name, part), { recursive: true });
  return join(pkgDir, 'package.json');
}

/** Writes `bytes` of seeded Float32 values in 4 MB chunks. */
async function writeVectors(path: string, bytes: number, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const handle = await open(path, 'w');
  try {
    const chunkFloats = MB;
    for (let written = 0; written < bytes; ) {
      const floats = new Float32Array(Math.min(chunkFloats, (bytes - written) / 4));
      for (let i = 0; i < floats.length; i++) floats[i] = random() * 2 - 1;
      await handle.write(new Uint8Array(floats.buffer));
      written += floats.byteLength;
    }
  } finally {
    await handle.close();
  }
}

/** The compiled hnswlib-node addon this repo uses (x86_64 on this machine). */
export function hnswAddonPath(): string {
  return join(dirname(require.resolve('hnswlib-node/package.json')), 'build', 'Release', 'addon.node');
}

/** Fixture 2: hnswlib-node's real addon, and a handler that reads `vectorBytes` of vectors at init. */
export async function makeHnswBundle(root: string, vectorBytes = 80 * MB): Promise<Fixture> {
  const dir = join(root, 'hnsw-bundle');
  await mkdir(dir, { recursive: true });
  const hnswPkg = await copyPackage('hnswlib-node', import.meta.url, dir, ['package.json', 'lib', 'build/Release/addon.node']);
  const bindingsPkg = await copyPackage('bindings', hnswPkg, dir, ['package.json', 'bindings.js']);
  await copyPackage('file-uri-to-path', bindingsPkg, dir, ['package.json', 'index.js']);
  await writeFile(join(dir, 'index.mjs'), HNSW_HANDLER_SOURCE);
  await writeVectors(join(dir, 'vectors.f32'), vectorBytes, 11);
  const eventFile = join(root, 'hnsw-event.json');
  const random = seededRandom(3);
  await writeFile(eventFile, JSON.stringify({ vector: Array.from({ length: 64 }, () => random() * 2 - 1) }));
  return { dir, eventFile, initData: [{ path: 'vectors.f32', bytes: vectorBytes }] };
}

/** Fixture 3: a trivial handler and a sparse `padding.bin` of `bytes`. */
export async function makeOversizedBundle(root: string, bytes = 300 * MB): Promise<Fixture> {
  const dir = join(root, 'oversized-bundle');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.mjs'), 'export const handler = async () => ({ statusCode: 200, body: "ok" });\n');
  await writeFile(join(dir, 'padding.bin'), '');
  await truncate(join(dir, 'padding.bin'), bytes);
  const eventFile = join(root, 'oversized-event.json');
  await writeFile(eventFile, '{}');
  return { dir, eventFile, initData: [] };
}
