/**
 * Saving and loading model artifacts so that a half-written or tampered file is
 * never used.
 *
 * Writes are durable and atomic: data goes to a temporary file in the same folder,
 * is fsynced, renamed over the target, and the folder is fsynced, so after a crash
 * the target holds either the old or the new content, never a mix. Reads recompute
 * the sha256 and refuse a mismatch with `ArtifactIntegrityError`.
 *
 * Two layouts are supported:
 * - JSON artifacts (`writeJsonArtifact`): one file `{ format, card, payload }`, the
 *   card's digest covering the serialised payload. The footfall model uses this.
 * - Binary artifacts (`writeBinaryArtifact`): raw bytes whose digest is recorded in a
 *   separate card. The recommender's Float32 embeddings use this.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { safeParse, type $ZodType } from 'zod/v4/core';
import { ArtifactIntegrityError } from './errors.js';
import { type ArtifactDigest, type ModelCard, modelCardSchema } from './model-card.js';
import { toInputIssues } from './model.js';

/** Format tag written into every JSON artifact, bumped on incompatible changes. */
export const JSON_ARTIFACT_FORMAT = 'serverless-ai/json-artifact@1';

/** Hex sha256 of some bytes or a string (UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Size and sha256 of bytes, named as `file`. */
export function digestOf(file: string, data: Uint8Array | string): ArtifactDigest {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  return { file, bytes, sha256: sha256Hex(data) };
}

/** fsyncs a directory so a rename or create inside it survives power loss. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The one way this project replaces a file: `produce` writes the new content at a
 * temporary path in the same folder, by whatever means it has (a buffer, a stream of
 * lines, a native library that only takes a path); then the file is fsynced, renamed
 * over `path`, and the folder fsynced. Readers see the old or the new file, never a
 * partial one. If anything throws, the temporary file is removed and `path` is untouched.
 * @returns what `produce` returned.
 */
export function replaceFileDurably<T>(path: string, produce: (tempPath: string) => T): T {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const result = produce(temp);
    // fsync through a fresh descriptor: it flushes the file's data whoever wrote it.
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    fsyncDirectory(dir);
    return result;
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Replaces `path` with `data` atomically and durably (see `replaceFileDurably`). */
export function writeFileDurably(path: string, data: Uint8Array | string): void {
  replaceFileDurably(path, (temp) => writeFileSync(temp, data));
}

/** The on-disk shape of a JSON artifact. */
export interface JsonArtifact<Payload> {
  format: typeof JSON_ARTIFACT_FORMAT;
  card: ModelCard;
  payload: Payload;
}

/**
 * Writes `{ format, card, payload }` to `path`. The card's `artifacts` entry for the
 * payload (`<file>#/payload`) is computed here, so callers cannot record a stale digest.
 * @returns the card as written, with its digest filled in.
 */
export function writeJsonArtifact<Payload>(path: string, card: Omit<ModelCard, 'artifacts'>, payload: Payload): ModelCard {
  const serialisedPayload = JSON.stringify(payload);
  const payloadDigest = digestOf(`${basename(path)}#/payload`, serialisedPayload);
  const fullCard: ModelCard = modelCardSchema.parse({ ...card, artifacts: [payloadDigest] });
  const artifact: JsonArtifact<Payload> = { format: JSON_ARTIFACT_FORMAT, card: fullCard, payload };
  writeFileDurably(path, `${JSON.stringify(artifact, null, 1)}\n`);
  return fullCard;
}

/**
 * Reads a JSON artifact, verifies the payload checksum, then validates the payload
 * with `payloadSchema`.
 * @throws ArtifactIntegrityError on a wrong format, checksum or payload shape.
 */
export function readJsonArtifact<Payload>(path: string, payloadSchema: $ZodType<Payload>): { card: ModelCard; payload: Payload } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ArtifactIntegrityError(`Cannot read JSON artifact: ${(err as Error).message}`, path);
  }
  const envelope = parsed as Partial<JsonArtifact<unknown>> | null;
  if (!envelope || envelope.format !== JSON_ARTIFACT_FORMAT) {
    throw new ArtifactIntegrityError(`Not a ${JSON_ARTIFACT_FORMAT} file`, path);
  }
  const card = modelCardSchema.safeParse(envelope.card);
  if (!card.success) {
    throw new ArtifactIntegrityError(`Invalid model card: ${JSON.stringify(toInputIssues(card.error))}`, path);
  }
  const recorded = card.data.artifacts.find((a) => a.file.endsWith('#/payload'));
  if (!recorded) throw new ArtifactIntegrityError('The model card records no payload digest', path);
  const actual = digestOf(recorded.file, JSON.stringify(envelope.payload));
  if (actual.sha256 !== recorded.sha256 || actual.bytes !== recorded.bytes) {
    throw new ArtifactIntegrityError(
      `Payload checksum mismatch: card says ${recorded.sha256} (${recorded.bytes} B), file has ${actual.sha256} (${actual.bytes} B)`,
      path,
    );
  }
  const payload = safeParse(payloadSchema, envelope.payload);
  if (!payload.success) {
    throw new ArtifactIntegrityError(`Invalid payload: ${JSON.stringify(toInputIssues(payload.error).slice(0, 5))}`, path);
  }
  return { card: card.data, payload: payload.data };
}

/** Writes raw bytes durably and returns their digest, named by the file's base name. */
export function writeBinaryArtifact(path: string, data: Uint8Array): ArtifactDigest {
  writeFileDurably(path, data);
  return digestOf(basename(path), data);
}

/**
 * Reads raw bytes and checks them against a recorded digest.
 * @throws ArtifactIntegrityError when the size or sha256 differs.
 */
export function readBinaryArtifact(path: string, expected: ArtifactDigest): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new ArtifactIntegrityError(`Cannot read artifact: ${(err as Error).message}`, path);
  }
  const actual = sha256Hex(data);
  if (data.byteLength !== expected.bytes || actual !== expected.sha256) {
    throw new ArtifactIntegrityError(
      `Checksum mismatch: expected ${expected.sha256} (${expected.bytes} B), found ${actual} (${data.byteLength} B)`,
      path,
    );
  }
  return data;
}
