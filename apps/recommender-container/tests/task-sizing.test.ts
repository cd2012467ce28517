/**
 * Task sizing: the formula in lib/task-sizing.ts, and that it always lands on a valid
 * Fargate combination.
 */
import { describe, expect, it } from 'vitest';
import { FARGATE_COMBINATIONS, sizeTaskForCatalog } from '../lib/task-sizing.js';

const isValidCombination = (cpu: number, memory: number) => FARGATE_COMBINATIONS.some((c) => c.cpu === cpu && c.memoryMiB.includes(memory));

describe('sizeTaskForCatalog', () => {
  it('gives a small catalog the smallest task with at least half a vCPU', () => {
    // Arrange / Act
    const size = sizeTaskForCatalog(5000, 32);
    // Assert: (256 MiB baseline + ~2 MiB data) / 0.7 ≈ 372 MiB → the smallest 0.5 vCPU task.
    expect(size).toMatchObject({ cpu: 512, memoryLimitMiB: 1024 });
    expect(size.estimate.requiredMiB).toBeGreaterThan(256 / 0.7);
    expect(size.estimate.requiredMiB).toBeLessThan(400);
  });

  it('follows the documented formula for a million movies at 64 dimensions', () => {
    const movies = 1_000_000;
    const dims = 64;
    const planned = movies * 1.5;
    const expectedMiB = (256 + (planned * (dims * 4) + planned * (dims * 4 + 8 * 16 + 112) + planned * 300) / 2 ** 20) / 0.7;
    const size = sizeTaskForCatalog(movies, dims);
    expect(size.estimate.requiredMiB).toBeCloseTo(expectedMiB, 0);
    expect(size.memoryLimitMiB).toBeGreaterThanOrEqual(expectedMiB);
    expect(size.memoryLimitMiB - 1024).toBeLessThan(expectedMiB);
  });

  it('moves to more CPU when the memory needed exceeds what smaller CPU sizes allow', () => {
    // ~ 6 GiB needed: more than 0.5 vCPU's 4 GiB maximum.
    const size = sizeTaskForCatalog(4_000_000, 64);
    expect(size.memoryLimitMiB).toBeGreaterThan(4096);
    expect(size.cpu).toBeGreaterThanOrEqual(1024);
    expect(isValidCombination(size.cpu, size.memoryLimitMiB)).toBe(true);
  });

  it('always returns a valid Fargate combination, growing with the catalog', () => {
    let previous = 0;
    for (const movies of [0, 1_000, 10_000, 100_000, 1_000_000, 5_000_000, 20_000_000]) {
      const size = sizeTaskForCatalog(movies, 128);
      expect(isValidCombination(size.cpu, size.memoryLimitMiB), `${movies} movies → ${size.cpu}/${size.memoryLimitMiB}`).toBe(true);
      expect(size.memoryLimitMiB).toBeGreaterThanOrEqual(previous);
      previous = size.memoryLimitMiB;
    }
  });

  it('honours a lower CPU floor', () => {
    expect(sizeTaskForCatalog(1000, 16, { minCpu: 256 })).toMatchObject({ cpu: 256, memoryLimitMiB: 512 });
  });

  it('refuses catalogs no Fargate task can hold, and nonsense sizes', () => {
    expect(() => sizeTaskForCatalog(200_000_000, 256)).toThrow(RangeError);
    expect(() => sizeTaskForCatalog(-1, 16)).toThrow(RangeError);
    expect(() => sizeTaskForCatalog(10, 0)).toThrow(RangeError);
  });
});
