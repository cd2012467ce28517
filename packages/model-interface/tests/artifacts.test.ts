import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ArtifactIntegrityError,
  readBinaryArtifact,
  readJsonArtifact,
  sha256Hex,
  writeBinaryArtifact,
  writeFileDurably,
  writeJsonArtifact,
} from '../src/index.js';

const card = {
  name: 'test-model',
  version: '2026-11-28',
  createdAt: '2026-11-28T00:00:00.000Z',
  trainingData: { summary: 'Three numbers.', facts: { rows: 3 } },
  metrics: { mae: 1.5, baselines: { naive: { mae: 3 } } },
};
const payloadSchema = z.object({ weights: z.array(z.number()) });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'artifacts-'));
});

describe('JSON artifacts', () => {
  it('round-trips the card and payload and records the payload digest in the card', () => {
    // Arrange
    const path = join(dir, 'model.json');

    // Act
    const written = writeJsonArtifact(path, card, { weights: [0.1, -2.5e-7, 3] });
    const loaded = readJsonArtifact(path, payloadSchema);

    // Assert
    expect(loaded.payload.weights).toEqual([0.1, -2.5e-7, 3]);
    expect(loaded.card).toEqual(written);
    expect(written.artifacts[0]).toMatchObject({ file: 'model.json#/payload', sha256: sha256Hex(JSON.stringify({ weights: [0.1, -2.5e-7, 3] })) });
  });

  it('refuses a payload that was edited after it was written', () => {
    const path = join(dir, 'model.json');
    writeJsonArtifact(path, card, { weights: [1, 2, 3] });
    const tampered = JSON.parse(readFileSync(path, 'utf8')) as { payload: { weights: number[] } };
    tampered.payload.weights[2] = 4;
    writeFileSync(path, JSON.stringify(tampered));

    expect(() => readJsonArtifact(path, payloadSchema)).toThrow(ArtifactIntegrityError);
    expect(() => readJsonArtifact(path, payloadSchema)).toThrow(/checksum mismatch/);
  });

  it('refuses a payload of the wrong shape even when its checksum matches', () => {
    const path = join(dir, 'model.json');
    writeJsonArtifact(path, card, { weights: ['one'] });
    expect(() => readJsonArtifact(path, payloadSchema)).toThrow(/Invalid payload/);
  });

  it('refuses a file that is not a JSON artifact', () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, '{"hello":"world"}');
    expect(() => readJsonArtifact(path, payloadSchema)).toThrow(/Not a serverless-ai\/json-artifact@1 file/);
  });
});

describe('binary artifacts', () => {
  it('round-trips bytes and refuses a file with one flipped byte', () => {
    const path = join(dir, 'embeddings.f32');
    const bytes = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
    const digest = writeBinaryArtifact(path, bytes);
    const loaded = readBinaryArtifact(path, digest);
    expect(Array.from(new Float32Array(loaded.buffer, loaded.byteOffset, loaded.byteLength / 4))).toEqual([1, 2, 3, 4]);

    const corrupted = readFileSync(path);
    corrupted[0] = corrupted[0]! ^ 0xff;
    writeFileSync(path, corrupted);
    expect(() => readBinaryArtifact(path, digest)).toThrow(ArtifactIntegrityError);
  });
});

describe('writeFileDurably', () => {
  it('replaces the target and leaves no temporary files behind', () => {
    const path = join(dir, 'snapshot.bin');
    writeFileDurably(path, 'first');
    writeFileDurably(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['snapshot.bin']);
  });
});
