/**
 * Builds `handler.ts` into a Lambda bundle the way the footfall predictor's own build does
 * (apps/footfall-lambda/scripts/build.ts): lambda-kit's esbuild settings, the model checked
 * here once and its SHA-256 embedded, the model file beside the bundle. Returns esbuild's
 * metafile, which says how many bytes of the bundle each input file contributed.
 *
 *   node --import tsx bundle.ts      # builds into a temp folder and prints the bytes per package
 *
 * (Run it from this folder with `node --import tsx`.)
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { DEFAULT_MODEL_PATH, MODEL_FILE_NAME, validateFootfallArtifact } from '@serverless-ai/footfall-model';
import { HANDLER_FILE, lambdaBundleOptions } from '@serverless-ai/lambda-kit/bundle';
import { bytesByPackage } from '@serverless-ai/workshop/kit';

/** The handler this step is about. */
export const HANDLER_ENTRY = fileURLToPath(new URL('./handler.ts', import.meta.url));

/** What `bundleHandler` built. */
export interface BuiltHandler {
  /** The folder that would be zipped: the bundle and the model. */
  dir: string;
  /** `<dir>/index.mjs` */
  bundlePath: string;
  /** Bytes of `index.mjs`. */
  bytes: number;
  /** esbuild's account of the bundle: every input file, and the bytes it left in the output. */
  metafile: Metafile;
}

/** Bundles handler.ts into `dir` (a new temp folder by default), with the checked model beside it. */
export async function bundleHandler(dir = mkdtempSync(join(tmpdir(), 'workshop-bundle-budget-'))): Promise<BuiltHandler> {
  mkdirSync(dir, { recursive: true });
  // As the real build: check the model fully here, once, and embed its checksum for init to verify.
  const { fileSha256 } = validateFootfallArtifact(DEFAULT_MODEL_PATH);
  copyFileSync(DEFAULT_MODEL_PATH, join(dir, MODEL_FILE_NAME));
  const bundlePath = join(dir, HANDLER_FILE);
  const { metafile } = await build({
    ...lambdaBundleOptions,
    entryPoints: [HANDLER_ENTRY],
    outfile: bundlePath,
    metafile: true,
    define: { __FOOTFALL_MODEL_SHA256__: JSON.stringify(fileSha256) },
  });
  const output = Object.values(metafile.outputs)[0]!;
  return { dir, bundlePath, bytes: output.bytes, metafile };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await bundleHandler();
  console.log(`${built.bundlePath}: ${built.bytes.toLocaleString('en')} bytes`);
  const inputs = Object.values(built.metafile.outputs)[0]!.inputs;
  for (const [name, bytes] of Object.entries(bytesByPackage(inputs))) console.log(`  ${name.padEnd(34)} ${bytes.toLocaleString('en').padStart(9)} bytes`);
}
