import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactIntegrityError } from '@serverless-ai/model-interface';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ARTIFACT_FILES,
  buildSmallArtifacts,
  DEFAULT_ARTIFACTS_DIR,
  float32LittleEndian,
  loadRecommenderArtifacts,
  makeTestArtifacts,
  moviesToCsv,
  parseMoviesCsv,
  readFloat32LittleEndian,
} from './helpers.js';

const folders: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'recommender-artifacts-'));
  folders.push(dir);
  return dir;
}
function copyOfCommitted(): string {
  const dir = tempDir();
  cpSync(DEFAULT_ARTIFACTS_DIR, dir, { recursive: true });
  return dir;
}
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the committed artifacts', () => {
  it('load with every checksum verified and agree with their model card', () => {
    // Act
    const artifacts = loadRecommenderArtifacts();

    // Assert
    const facts = artifacts.card.trainingData.facts;
    expect(artifacts.movies).toHaveLength(facts.movies as number);
    expect(artifacts.itemVectors).toHaveLength(artifacts.movies.length * artifacts.dimensions);
    expect(artifacts.dimensions).toBe(artifacts.embeddingDimensions + 1);
    expect(artifacts.catalogVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(facts.catalogVersion).toBe(artifacts.catalogVersion);
    const files = artifacts.card.artifacts.map((a) => a.file).sort();
    expect(files).toEqual([ARTIFACT_FILES.biases, ARTIFACT_FILES.embeddings, ARTIFACT_FILES.catalog, ARTIFACT_FILES.parameters].sort());
  });

  it('record a recommender that beats the popularity baseline', () => {
    const { metrics } = loadRecommenderArtifacts().card;
    const model = metrics.model as { recallAt10: number; ndcgAt10: number };
    const popularity = (metrics.baselines as { popularity: { recallAt10: number; ndcgAt10: number } }).popularity;
    expect(model.recallAt10).toBeGreaterThan(popularity.recallAt10);
    expect(model.ndcgAt10).toBeGreaterThan(popularity.ndcgAt10);
  });

  it.each([ARTIFACT_FILES.embeddings, ARTIFACT_FILES.biases, ARTIFACT_FILES.catalog, ARTIFACT_FILES.parameters])(
    'are refused when one byte of %s changes',
    (file) => {
      // Arrange
      const dir = copyOfCommitted();
      const bytes = readFileSync(join(dir, file));
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      writeFileSync(join(dir, file), bytes);

      // Act + Assert
      expect(() => loadRecommenderArtifacts(dir)).toThrow(ArtifactIntegrityError);
      expect(() => loadRecommenderArtifacts(dir)).toThrow('Checksum mismatch');
    },
  );

  it('are refused when the catalog is altered and its checksum updated to match', () => {
    // Arrange: a consistent-looking card over a catalog.json that is no longer a catalog.
    const dir = copyOfCommitted();
    const cardPath = join(dir, ARTIFACT_FILES.card);
    const tampered = Buffer.from('{"format":"serverless-ai/movie-catalog@1","genres":[],"movieIds":[1],"titles":[""],"years":[null],"genreIndexes":[[]]}');
    writeFileSync(join(dir, ARTIFACT_FILES.catalog), tampered);
    const card = JSON.parse(readFileSync(cardPath, 'utf8')) as { artifacts: { file: string; bytes: number; sha256: string }[] };
    const entry = card.artifacts.find((a) => a.file === ARTIFACT_FILES.catalog)!;
    entry.bytes = tampered.byteLength;
    entry.sha256 = createHash('sha256').update(tampered).digest('hex');
    writeFileSync(cardPath, JSON.stringify(card));

    // Act + Assert
    expect(() => loadRecommenderArtifacts(dir)).toThrow(ArtifactIntegrityError);
    expect(() => loadRecommenderArtifacts(dir)).toThrow('titles[0]');
  });

  it('are refused when a file is missing or the card stops listing one', () => {
    const missing = copyOfCommitted();
    rmSync(join(missing, ARTIFACT_FILES.biases));
    expect(() => loadRecommenderArtifacts(missing)).toThrow(ArtifactIntegrityError);

    const unlisted = copyOfCommitted();
    const card = JSON.parse(readFileSync(join(unlisted, ARTIFACT_FILES.card), 'utf8')) as { artifacts: { file: string }[] };
    card.artifacts = card.artifacts.filter((a) => a.file !== ARTIFACT_FILES.embeddings);
    writeFileSync(join(unlisted, ARTIFACT_FILES.card), JSON.stringify(card));
    expect(() => loadRecommenderArtifacts(unlisted)).toThrow('records no checksum for embeddings.f32');
  });

  it('hold a catalog equal to what parsing the same movies as movies.csv gives', () => {
    // Arrange
    const { movies } = loadRecommenderArtifacts();

    // Act
    const viaCsv = parseMoviesCsv(moviesToCsv(movies));

    // Assert
    expect(movies).toEqual(viaCsv);
    expect(movies.some((m) => m.title.includes(','))).toBe(true);
  });

  it('are refused with a "re-run npm run train" message when written in the old movies.csv layout', () => {
    // Arrange: what an older version wrote — the catalog as movies.csv, listed in the card.
    const dir = copyOfCommitted();
    const cardPath = join(dir, ARTIFACT_FILES.card);
    const card = JSON.parse(readFileSync(cardPath, 'utf8')) as { artifacts: { file: string }[] };
    for (const artifact of card.artifacts) if (artifact.file === ARTIFACT_FILES.catalog) artifact.file = 'movies.csv';
    writeFileSync(cardPath, JSON.stringify(card));

    // Act + Assert
    expect(() => loadRecommenderArtifacts(dir)).toThrow(ArtifactIntegrityError);
    expect(() => loadRecommenderArtifacts(dir)).toThrow('npm run train');
  });
});

describe('small artifacts for tests', () => {
  it('are written, reloaded with checksums and equal the in-memory ones', () => {
    // Arrange
    const dir = tempDir();

    // Act
    const fromDisk = buildSmallArtifacts({ seed: 3 }, dir);
    const inMemory = makeTestArtifacts({ seed: 3 });

    // Assert
    expect(fromDisk.dir).toBe(dir);
    expect(fromDisk.itemVectors).toEqual(inMemory.itemVectors);
    expect(fromDisk.catalogVersion).toBe(inMemory.catalogVersion);
    expect(fromDisk.movies).toHaveLength(500);
    expect(fromDisk.dimensions).toBe(17);
  });

  it('are reproducible from their seed, byte for byte', () => {
    const first = tempDir();
    const second = tempDir();
    buildSmallArtifacts({ seed: 4 }, first);
    buildSmallArtifacts({ seed: 4 }, second);
    for (const file of Object.values(ARTIFACT_FILES)) {
      expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file))), file).toBe(true);
    }
  });

  it('change catalog version when the seed changes', () => {
    expect(makeTestArtifacts({ seed: 5 }).catalogVersion).not.toBe(makeTestArtifacts({ seed: 6 }).catalogVersion);
  });
});

describe('float32 encoding', () => {
  it('stores little-endian float32 and reads it back', () => {
    const encoded = float32LittleEndian([1, -2.5, 3.25]);
    expect([...encoded.subarray(0, 4)]).toEqual([0x00, 0x00, 0x80, 0x3f]); // 1.0f little-endian
    expect(Array.from(readFloat32LittleEndian(encoded))).toEqual([1, -2.5, 3.25]);
  });
});
