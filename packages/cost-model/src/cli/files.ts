/**
 * Where the CLIs read and write: docs/results/ at the repository root. Node-only, so it
 * lives outside the package's browser-safe exports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Measurements, readMeasurements } from '../measured.js';

/** The repository root. */
export const REPO_DIR = fileURLToPath(new URL('../../../../', import.meta.url));
/** Results JSON of every benchmark. */
export const RESULTS_DIR = join(REPO_DIR, 'docs/results');
/** What `npm run simulate -- --json` writes. */
export const ELASTICITY_JSON = join(RESULTS_DIR, 'elasticity.json');
/** What `npm run cost -- --write-results` writes: break-evens and the cost curve for the docs and charts. */
export const COST_JSON = join(RESULTS_DIR, 'cost-model.json');
/** The docs page generated from both. */
export const DOCS_PAGE = join(REPO_DIR, 'docs/cost-and-scaling.md');

/** Reads one results file as JSON. @throws Error naming the file and the command that writes it */
export function readResultsFile(name: string, dir = RESULTS_DIR): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`Cannot read docs/results/${name} (${(err as Error).message}); run \`npm run bench\` to write it.`, { cause: err });
  }
}

/** The measurements from the committed results files. */
export function loadMeasurements(dir = RESULTS_DIR): Measurements {
  return readMeasurements({
    footfallLambda: readResultsFile('footfall-lambda.json', dir),
    recommenderContainer: readResultsFile('recommender-container.json', dir),
    contrast: readResultsFile('contrast.json', dir),
  });
}
