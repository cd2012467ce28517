/**
 * Where the committed artifacts live.
 *
 * The paths resolve from this module's URL, which points into `src/` under tsx and
 * vitest and into `dist/` after a build; both sit next to `artifacts/`. A bundler that
 * inlines this file (esbuild for Lambda) moves it, so bundled code passes an explicit
 * path to `loadFootfallModel` instead. Computing a path reads no file, so importing
 * this module stays free of side effects.
 */
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
