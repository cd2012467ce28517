/**
 * Settings the handler reads once at init: where the model file is and how large a
 * request body may be.
 *
 * Edit this file to change the body limit, or to teach the handler a new place to
 * look for the model. Operators change the model location with `MODEL_PATH`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_PATH, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';

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
 * Decides which model file to load, in this order:
 * 1. `MODEL_PATH` from the environment (the CDK stack sets it to `/var/task/footfall-model.json`);
 * 2. `footfall-model.json` next to the running module, which is where `npm run build`
 *    and the CDK bundling put it beside the bundled handler;
 * 3. the footfall-model package's committed artifact (`DEFAULT_MODEL_PATH`), which is
 *    what tests and `npm run dev` use when running the TypeScript sources.
 *
 * @param env the process environment (a parameter so tests can pass their own)
 * @param moduleUrl `import.meta.url` of the module that loads the model
 */
export function resolveModelPath(env: NodeJS.ProcessEnv, moduleUrl: string): string {
  const fromEnv = env.MODEL_PATH?.trim();
  // An explicit path is never second-guessed: if it is wrong, init fails loudly.
  if (fromEnv) return fromEnv;
  const besideModule = fileURLToPath(new URL(MODEL_FILE_NAME, moduleUrl));
  return existsSync(besideModule) ? besideModule : DEFAULT_MODEL_PATH;
}
