/**
 * Where the committed artifacts live.
 *
 * The paths resolve from this module's URL, which points into `src/` under tsx and
 * vitest and into `dist/` after a build; both sit next to `artifacts/`. A bundler that
 * inlines this file (esbuild for Lambda) moves it, so bundled code passes an explicit
 * path to `loadFootfallModel` instead, found by `resolveModelPath`. Computing a path
 * reads no file, so importing this module stays free of side effects.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** File name of the trained model artifact. */
export const MODEL_FILE_NAME = 'footfall-model.json';

/** File name of the committed sample of recent days for demos. */
export const SAMPLE_DAYS_FILE_NAME = 'sample-days.json';

function artifactPath(fileName: string): string {
  // In a CommonJS bundle `import.meta.url` is undefined; fall back rather than throw at import.
  const here: unknown = import.meta.url;
  if (typeof here === 'string' && here.startsWith('file:')) return fileURLToPath(new URL(`../artifacts/${fileName}`, here));
  return join(process.cwd(), 'artifacts', fileName);
}

/** Absolute path of the committed `packages/footfall-model/artifacts/footfall-model.json`. */
export const DEFAULT_MODEL_PATH: string = artifactPath(MODEL_FILE_NAME);

/** Absolute path of the committed `packages/footfall-model/artifacts/sample-days.json`. */
export const SAMPLE_DAYS_PATH: string = artifactPath(SAMPLE_DAYS_FILE_NAME);

/**
 * The one answer to "which model file?", for every program that serves the model (the
 * Lambda handler, its local server, the footfall container). In this order:
 * 1. `MODEL_PATH` from the environment, when set and not blank: an operator's explicit
 *    choice is never second-guessed, so a wrong path fails loudly at start-up;
 * 2. `footfall-model.json` beside the running module, when `moduleUrl` is given and the
 *    file is there: where `npm run build` and the CDK bundling put it beside the bundled
 *    Lambda handler;
 * 3. `DEFAULT_MODEL_PATH`, the committed artifact (tests, `npm run dev`, the container).
 *
 * @param env the process environment (a parameter so tests can pass their own)
 * @param moduleUrl `import.meta.url` of the module that loads the model, if a copy may sit beside it
 */
export function resolveModelPath(env: Readonly<Record<string, string | undefined>>, moduleUrl?: string): string {
  const fromEnv = env.MODEL_PATH?.trim();
  if (fromEnv) return fromEnv;
  if (moduleUrl !== undefined) {
    const besideModule = fileURLToPath(new URL(MODEL_FILE_NAME, moduleUrl));
    if (existsSync(besideModule)) return besideModule;
  }
  return DEFAULT_MODEL_PATH;
}
