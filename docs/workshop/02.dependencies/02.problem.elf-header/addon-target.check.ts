/**
 * Checks for step 02.02: the addon's architecture comes from its own header, and
 * glibc versions compare as numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseElf } from '@serverless-ai/fitcheck';
import { buildElf, REPO_DIR } from '@serverless-ai/workshop/kit';
import { readAddonTarget } from './addon-target.js';

describe('readAddonTarget', () => {
  it('names arm64 for an addon compiled for aarch64 (e_machine 183), whatever machine runs the check', () => {
    const arm64Addon = buildElf({ machine: 183, versionNeeds: { 'libc.so.6': ['GLIBC_2.17'] } });
    expect(
      readAddonTarget(arm64Addon).architecture,
      'An aarch64 addon was reported as another CPU. Read e_machine (2 bytes at offset 0x12, in the byte order that byte 5 names: 1 = little-endian) instead of process.arch: process.arch is the machine you build on, not the one the addon was compiled for.',
    ).toBe('arm64');
  });

  it('names x86_64 for an addon compiled for x86_64 (e_machine 62)', () => {
    const x64Addon = buildElf({ machine: 62, versionNeeds: { 'libc.so.6': ['GLIBC_2.2.5'] } });
    expect(readAddonTarget(x64Addon).architecture, 'An x86_64 addon (e_machine 62) should map to Lambda\'s "x86_64".').toBe('x86_64');
  });

  it('names "other" for a CPU Lambda does not offer (32-bit ARM, e_machine 40)', () => {
    const armAddon = buildElf({ machine: 40, bits: 32 });
    expect(readAddonTarget(armAddon).architecture, 'Only e_machine 62 and 183 are Lambda CPUs; map every other value to "other".').toBe('other');
  });

  it('picks GLIBC_2.17 over GLIBC_2.9: versions compare part by part as numbers, not as text', () => {
    const addon = buildElf({ machine: 62, versionNeeds: { 'libc.so.6': ['GLIBC_2.9', 'GLIBC_2.17', 'GLIBC_2.2.5'] } });
    expect(
      readAddonTarget(addon).glibc,
      'As text, "2.9" sorts after "2.17", so the addon looks older than it is. Split each version on "." and compare the parts as numbers (fitcheck exports compareVersions, or write your own).',
    ).toBe('2.17');
  });

  it('agrees with fitcheck on the real hnswlib-node addon this machine compiled', () => {
    const bytes = readFileSync(join(REPO_DIR, 'node_modules/hnswlib-node/build/Release/addon.node'));
    const fitcheck = parseElf(bytes);
    const expected = { architecture: fitcheck.architecture === "aarch64" ? "arm64" : fitcheck.architecture, glibc: fitcheck.requiredGlibc };
    expect(readAddonTarget(bytes), 'On the real addon your answer differs from fitcheck\'s parseElf; compare your two fields with its architecture and requiredGlibc.').toEqual(expected);
  });
});
