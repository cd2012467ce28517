/**
 * Builds `handler.ts` into a Lambda package the way the footfall predictor's build does
 * (apps/footfall-lambda/scripts/build.ts and validated-model.ts): the model is checked
 * fully here, once per build; the SHA-256 of the file it checked is embedded in the bundle
 * (esbuild's `define`), and the file is copied beside `index.mjs`. Init then only has to
 * prove that the file it finds is that file.
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
import { DEFAULT_MODEL_PATH, MODEL_FILE_NAME, validateFootfallArtifact } from '@serverless-ai/footfall-model';
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
  /** The hex SHA-256 of the model file the build validated, as embedded in the bundle. */
  modelSha256: string;
}

/** Bundles handler.ts into `dir` (a new temp folder by default), with the validated model beside it. */
export async function bundleHandler(dir = mkdtempSync(join(tmpdir(), 'workshop-checksum-at-init-'))): Promise<BuiltHandler> {
  mkdirSync(dir, { recursive: true });
  // Every check of the model (format, card, payload digest, every value), once, at build time.
  const { fileSha256 } = validateFootfallArtifact(DEFAULT_MODEL_PATH);
  const modelPath = join(dir, MODEL_FILE_NAME);
  copyFileSync(DEFAULT_MODEL_PATH, modelPath);
  const bundlePath = join(dir, HANDLER_FILE);
  await build({ ...lambdaBundleOptions, entryPoints: [HANDLER_ENTRY], outfile: bundlePath, define: { __FOOTFALL_MODEL_SHA256__: JSON.stringify(fileSha256) } });
  return { dir, bundlePath, modelPath, modelSha256: fileSha256 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await bundleHandler();
  console.log(`${built.bundlePath}: built, with ${MODEL_FILE_NAME} beside it (SHA-256 ${built.modelSha256})`);
}
