/**
 * The generated catalogs the experiment measures: accepted by the package's loader,
 * reproducible from their seed, reused when present, and clustered by genre as real
 * movie embeddings are.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRecommenderArtifacts } from '@serverless-ai/movie-recommender';
import { ensureSyntheticCatalog } from '../src/catalogs/synthetic-catalog.js';

const root = mkdtempSync(join(tmpdir(), 'cross-pairing-catalog-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ensureSyntheticCatalog', () => {
  it('writes artifacts that loadRecommenderArtifacts accepts, with the requested size', () => {
    // Act
    const { dir, generated } = ensureSyntheticCatalog({ movies: 300, seed: 3 }, join(root, 'a'));
    const artifacts = loadRecommenderArtifacts(dir);

    // Assert
    expect(generated).toBe(true);
    expect(artifacts.movies).toHaveLength(300);
    expect(artifacts.dimensions).toBe(65);
    expect(artifacts.itemVectors).toHaveLength(300 * 65);
  });

  it('writes byte-identical files for the same seed and different ones for another seed', () => {
    const read = (dir: string) => readFileSync(join(dir, 'embeddings.f32'));
    const first = ensureSyntheticCatalog({ movies: 300, seed: 3 }, join(root, 'b')).dir;
    const same = ensureSyntheticCatalog({ movies: 300, seed: 3 }, join(root, 'c')).dir;
    const other = ensureSyntheticCatalog({ movies: 300, seed: 4 }, join(root, 'd')).dir;
    expect(read(first).equals(read(same))).toBe(true);
    expect(read(first).equals(read(other))).toBe(false);
  });

  it('reuses a complete folder with the same options and regenerates it for others', () => {
    const dir = join(root, 'e');
    expect(ensureSyntheticCatalog({ movies: 200 }, dir).generated).toBe(true);
    expect(ensureSyntheticCatalog({ movies: 200 }, dir).generated).toBe(false);
    expect(ensureSyntheticCatalog({ movies: 250 }, dir).generated).toBe(true);
    expect(loadRecommenderArtifacts(dir).movies).toHaveLength(250);
  });

  it('places movies of the same genres nearer each other than movies of disjoint genres', () => {
    // Arrange
    const artifacts = loadRecommenderArtifacts(ensureSyntheticCatalog({ movies: 1_000, seed: 5 }, join(root, 'f')).dir);
    const d = artifacts.embeddingDimensions;
    const row = (i: number) => artifacts.itemVectors.subarray(i * (d + 1), i * (d + 1) + d);
    const distance = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((sum, x, k) => sum + (x - b[k]!) ** 2, 0));
    const key = (i: number) => artifacts.movies[i]!.genres.join('|');

    // Act: mean distance over pairs with identical genre lists vs pairs sharing no genre.
    const same: number[] = [];
    const disjoint: number[] = [];
    for (let i = 0; i < 300; i++) {
      for (let j = i + 1; j < 300; j++) {
        const gi = artifacts.movies[i]!.genres;
        const gj = artifacts.movies[j]!.genres;
        if (gi.length > 0 && key(i) === key(j)) same.push(distance(row(i), row(j)));
        else if (!gi.some((g) => gj.includes(g))) disjoint.push(distance(row(i), row(j)));
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

    // Assert
    expect(same.length).toBeGreaterThan(20);
    expect(mean(same)).toBeLessThan(0.8 * mean(disjoint));
  });
});
