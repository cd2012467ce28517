/**
 * Build-time half of the model check (issue 10, cold start): the model is validated
 * here, once per build, and its file's SHA-256 is embedded in the bundle, so the
 * handler's init only proves that the file beside it is that file (src/config.ts,
 * `loadModel`). `npm run build`, the CDK bundling (lib/footfall-function.ts) and the
 * benchmark's bundles (bench/run.ts) all use it.
 *
 * Leave `define` out of a build and you get the heavy-init variant: the handler then
 * checks the whole model with zod at init, as it did before (`npm run build -- --heavy-init`).
 */
import { validateFootfallArtifact, type FootfallModel } from '@serverless-ai/footfall-model';

/**
 * The global that src/config.ts reads; esbuild's `define` replaces it with a string
 * literal, and the minifier then drops the code of the heavy path.
 */
export const MODEL_SHA256_GLOBAL = '__FOOTFALL_MODEL_SHA256__';

/** A model that passed every check, and the esbuild `define` that embeds its checksum. */
export interface ValidatedModel {
  model: FootfallModel;
  fileSha256: string;
  /** Pass as esbuild's (or NodejsFunction bundling's) `define`. */
  define: Record<string, string>;
}

/**
 * Validates the model file fully (format, card, payload checksum, every value) and
 * returns the `define` that embeds the file's SHA-256 in a handler bundle.
 * @throws ArtifactIntegrityError: a bad model fails the build, not the first cold start.
 */
export function validateModelForBundle(modelPath: string): ValidatedModel {
  const { model, fileSha256 } = validateFootfallArtifact(modelPath);
  return { model, fileSha256, define: { [MODEL_SHA256_GLOBAL]: JSON.stringify(fileSha256) } };
}
