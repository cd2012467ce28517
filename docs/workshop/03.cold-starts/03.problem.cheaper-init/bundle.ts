/**
 * Builds `handler.ts` into a Lambda package the way the footfall predictor's build does
 * (apps/footfall-lambda/scripts/build.ts): lambda-kit's esbuild settings, one `index.mjs`,
 * the model file beside it. Whatever the build does, it does once; whatever the handler's
 * module scope does, every cold start does again.
 *
 *   node --import tsx bundle.ts      # builds into a temp folder and prints where
 *
 * (Run it from this folder with `node --import tsx`.)
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { DEFAULT_MODEL_PATH, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import { HANDLER_FILE, lambdaBundleOptions } from '@serverless-ai/lambda-kit/bundle';

/** The handler this step is about. */
export const HANDLER_ENTRY = fileURLToPath(new URL('./handler.ts', import.meta.url));

/** What `bundleHandler` built: the folder Lambda would get. */
export interface BuiltHandler {
  /** The package folder: `index.mjs` and the model. */
  dir: string;
  /** `<dir>/index.mjs` */
  bundlePath: string;
  /** `<dir>/footfall-model.json` */
  modelPath: string;
  /** Bytes of `index.mjs`. */
  bytes: number;
}

/** Bundles handler.ts into `dir` (a new temp folder by default) and copies the model beside it. */
export async function bundleHandler(dir = mkdtempSync(join(tmpdir(), 'workshop-cheaper-init-'))): Promise<BuiltHandler> {
  mkdirSync(dir, { recursive: true });
  const modelPath = join(dir, MODEL_FILE_NAME);
  copyFileSync(DEFAULT_MODEL_PATH, modelPath);
  const bundlePath = join(dir, HANDLER_FILE);
  const { metafile } = await build({ ...lambdaBundleOptions, entryPoints: [HANDLER_ENTRY], outfile: bundlePath, metafile: true });
  return { dir, bundlePath, modelPath, bytes: Object.values(metafile.outputs)[0]!.bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await bundleHandler();
  console.log(`${built.bundlePath}: ${built.bytes.toLocaleString('en')} bytes, model beside it`);
}
