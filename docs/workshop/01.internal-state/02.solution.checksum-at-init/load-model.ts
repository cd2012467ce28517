/**
 * Loads the footfall model in the init phase. The build (bundle.ts) checked this model
 * fully, once, and embedded the SHA-256 of the file it checked; the file travels beside
 * the bundle. What `loadModel` returns answers every request of the execution environment,
 * so a wrong model here means wrong answers until the environment is retired.
 *
 * The repo's version is `loadPrevalidatedFootfallModel` in packages/footfall-model/src/model.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FootfallModel, type FootfallPayload } from '@serverless-ai/footfall-model';
import { ArtifactIntegrityError, type JsonArtifact } from '@serverless-ai/model-interface';

/**
 * Reads the model file at `path` and builds the model from it.
 * @param expectedSha256 hex SHA-256 of the file the build validated (bundle.ts embeds it)
 * @throws ArtifactIntegrityError when the file is not the file the build validated
 */
export function loadModel(path: string, expectedSha256: string): FootfallModel {
  const bytes = readFileSync(path);
  // Only the file the build validated may be parsed: a flipped digit still parses, into a wrong model.
  const actualSha256 = createHash('sha256').update(bytes).digest('hex');
  if (actualSha256 !== expectedSha256) {
    throw new ArtifactIntegrityError(`Model file ${path} failed its SHA-256 checksum: the build validated ${expectedSha256}, the file has ${actualSha256}`, path);
  }
  const { card, payload } = JSON.parse(bytes.toString('utf8')) as JsonArtifact<FootfallPayload>;
  return new FootfallModel(card, payload, path);
}
