/**
 * Settings the handler reads once at init: where the model file is, how it is checked,
 * and how large a request body may be.
 *
 * Edit this file to change the body limit. Where the model is found is decided by
 * `resolveModelPath` in @serverless-ai/footfall-model (shared with the footfall container);
 * operators change it with `MODEL_PATH`.
 */
import { loadFootfallModel, loadPrevalidatedFootfallModel, type FootfallModel } from '@serverless-ai/footfall-model';

export { resolveModelPath } from '@serverless-ai/footfall-model';

/**
 * Largest request body the handler accepts, in bytes (4 MiB), measured after base64
 * decoding.
 *
 * Why 4 MiB: the largest legitimate request is a batch of 1,000 rows. Written as
 * objects keyed by the 100 feature names with full-precision doubles, it is more than
 * 2 MiB of compact JSON, so 2 MB would refuse real batches (tests/handler.test.ts builds
 * that batch and checks it is over 2 MiB and accepted).
 * Lambda caps a synchronous invocation at 6 MB, and API Gateway base64-encodes binary
 * bodies (+33 %), so 4 MiB is about as high as the limit can go and still reach us.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Lambda's limit for a synchronous invocation payload (6 MB). Requests above it never
 * reach a deployed handler; the local server refuses them itself to behave the same.
 */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/**
 * Set by the bundler, never by hand: the SHA-256 of the model file the build validated
 * (scripts/validated-model.ts passes it to esbuild's `define`). Absent when the handler
 * runs from source (tests, `npm run dev`) and in the heavy-init variant.
 */
declare const __FOOTFALL_MODEL_SHA256__: string | undefined;

/** How `loadModel` checked the model: named in the handler's "Model loaded" log line. */
export type ModelChecks = 'file checksum (validated at build)' | 'full (validated at init)';

/**
 * Loads the model at init, as cheaply as the build allows (issue 10, cold start):
 * - in a bundle from `npm run build` or the CDK stack, the build already validated the
 *   model and embedded its checksum, so init only verifies that one SHA-256 and parses
 *   the file: no zod schema is built or run;
 * - otherwise (from source, or the heavy-init variant) it runs every check at init.
 * In a bundle, esbuild replaces the `typeof` test with a constant, so the unused branch,
 * and the zod schemas only it needs, are left out of the bundle.
 */
export function loadModel(path: string): { model: FootfallModel; checks: ModelChecks } {
  return typeof __FOOTFALL_MODEL_SHA256__ === 'string'
    ? { model: loadPrevalidatedFootfallModel(path, __FOOTFALL_MODEL_SHA256__), checks: 'file checksum (validated at build)' }
    : { model: loadFootfallModel(path), checks: 'full (validated at init)' };
}
