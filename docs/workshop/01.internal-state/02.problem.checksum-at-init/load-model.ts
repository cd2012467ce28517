/**
 * Loads the footfall model in the init phase. The build (bundle.ts) checked this model
 * fully, once, and embedded the SHA-256 of the file it checked; the file travels beside
 * the bundle. What `loadModel` returns answers every request of the execution environment,
 * so a wrong model here means wrong answers until the environment is retired.
 *
 * The repo's version is `loadPrevalidatedFootfallModel` in packages/footfall-model/src/model.ts.
 */
import { readFileSync } from 'node:fs';
import { FootfallModel, type FootfallPayload } from '@serverless-ai/footfall-model';
import type { JsonArtifact } from '@serverless-ai/model-interface';

/**
 * Reads the model file at `path` and builds the model from it.
 * @param _expectedSha256 hex SHA-256 of the file the build validated (bundle.ts embeds it)
 */
export function loadModel(path: string, _expectedSha256: string): FootfallModel {
  const bytes = readFileSync(path);
  // The build validated the model, so init only parses it.
  const { card, payload } = JSON.parse(bytes.toString('utf8')) as JsonArtifact<FootfallPayload>;
  return new FootfallModel(card, payload, path);
}
