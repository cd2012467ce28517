import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareVersions, detectBinaryFormat, EM_AARCH64, EM_X86_64, ElfParseError, newestVersion, parseElf, readElfHeader } from '../src/elf.js';
import { hnswAddonPath } from './fixtures.js';
import { buildElf } from './helpers/elf-builder.js';

/** Node's name for this CPU, in ELF's spelling. */
const HOST_ELF_ARCH = ({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[process.arch];
const HOST_GLIBC = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;

function readelf(args: string[], file: string): string | null {
  try {
    return execFileSync('readelf', [...args, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}
/** binutils is a cross-check, not a requirement: those tests skip without it. */
const hasReadelf = (() => {
  try {
    execFileSync('readelf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('compareVersions', () => {
  it('orders versions numerically, so 2.9 comes before 2.14', () => {
    expect(compareVersions('2.9', '2.14')).toBeLessThan(0);
    expect(compareVersions('2.34', '2.34.0')).toBe(0);
    expect(['2.2.5', '2.34', '2.14', '2.29'].sort(compareVersions)).toEqual(['2.2.5', '2.14', '2.29', '2.34']);
  });

  it('picks the newest GLIBC_ version and ignores GLIBC_PRIVATE and other prefixes', () => {
    expect(newestVersion(['GLIBC_2.2.5', 'GLIBC_2.29', 'GLIBC_PRIVATE', 'GLIBCXX_3.4.30', 'GLIBC_2.14'], 'GLIBC_')).toBe('2.29');
    expect(newestVersion(['GCC_3.0'], 'GLIBC_')).toBeNull();
  });
});

describe('parseElf on the real hnswlib-node addon', () => {
  const addon = readFileSync(hnswAddonPath());

  it('reads the architecture this machine compiled it for', () => {
    // Act
    const elf = parseElf(addon);

    // Assert
    expect(elf.bits).toBe(64);
    expect(elf.type).toBe('shared-object');
    expect(elf.architecture).toBe(HOST_ELF_ARCH);
    expect(elf.machine).toBe(HOST_ELF_ARCH === 'aarch64' ? EM_AARCH64 : EM_X86_64);
  });

  it('finds the glibc it needs in .gnu.version_r, no newer than the glibc it loads on here', () => {
    // Act
    const elf = parseElf(addon);

    // Assert
    expect(elf.glibcMethod).toBe('verneed');
    expect(elf.requiredGlibc).toMatch(/^2\.\d+(\.\d+)?$/);
    expect(HOST_GLIBC, '🚨 this test expects a glibc-based Linux host').toBeDefined();
    expect(compareVersions(elf.requiredGlibc!, HOST_GLIBC!)).toBeLessThanOrEqual(0);
    // The max is taken over every library's needs, not just libc.so.6's.
    const all = elf.versionNeeds.flatMap((n) => n.versions);
    expect(elf.requiredGlibc).toBe(newestVersion(all, 'GLIBC_'));
    expect(elf.neededLibraries).toContain('libc.so.6');
    expect(elf.neededLibraries).toContain('libstdc++.so.6');
  });

  it.skipIf(!hasReadelf)('agrees with binutils readelf on machine and version needs', () => {
    // Arrange
    const header = readelf(['-h'], hnswAddonPath())!;
    const versions = readelf(['-V'], hnswAddonPath())!;
    const readelfNames = [...versions.matchAll(/Name: (\S+)\s+Flags/g)].map((m) => m[1]!);

    // Act
    const elf = parseElf(addon);

    // Assert
    expect(header).toContain(elf.architecture === 'x86_64' ? 'X86-64' : 'AArch64');
    expect(elf.versionNeeds.flatMap((n) => n.versions).sort()).toEqual(readelfNames.sort());
  });
});

describe('parseElf on handcrafted files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitcheck-elf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an aarch64 addon that needs GLIBC_2.38 from its version section', () => {
    // Arrange
    const bytes = buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17', 'GLIBC_2.38'], 'libm.so.6': ['GLIBC_2.29'], 'libstdc++.so.6': ['GLIBCXX_3.4.30'] } });

    // Act
    const elf = parseElf(bytes);

    // Assert
    expect(elf.architecture).toBe('aarch64');
    expect(elf.requiredGlibc).toBe('2.38');
    expect(elf.requiredGlibcxx).toBe('3.4.30');
    expect(elf.glibcMethod).toBe('verneed');
    expect(elf.versionNeeds).toEqual([
      { file: 'libc.so.6', versions: ['GLIBC_2.17', 'GLIBC_2.38'] },
      { file: 'libm.so.6', versions: ['GLIBC_2.29'] },
      { file: 'libstdc++.so.6', versions: ['GLIBCXX_3.4.30'] },
    ]);
    expect(elf.neededLibraries).toEqual(['libc.so.6', 'libm.so.6', 'libstdc++.so.6']);
  });

  it('falls back to scanning .dynstr when the version section is missing', () => {
    const elf = parseElf(buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17', 'GLIBC_2.35'] }, omitVersionSection: true }));

    expect(elf.versionNeeds).toEqual([]);
    expect(elf.requiredGlibc).toBe('2.35');
    expect(elf.glibcMethod).toBe('dynstr-scan');
  });

  it('reads the 32-bit layout too (an armhf addon)', () => {
    const elf = parseElf(buildElf({ machine: 40, bits: 32, versionNeeds: { 'libc.so.6': ['GLIBC_2.4', 'GLIBC_2.28'] } }));

    expect(elf.bits).toBe(32);
    expect(elf.architecture).toBe('arm');
    expect(elf.requiredGlibc).toBe('2.28');
  });

  it.skipIf(!hasReadelf)('produces files readelf accepts, so the fixtures are real ELF', () => {
    const file = join(dir, 'aarch64.node');
    writeFileSync(file, buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.38'] } }));

    expect(readelf(['-h'], file)).toContain('AArch64');
    expect(readelf(['-V'], file)).toContain('Name: GLIBC_2.38');
  });

  it('rejects a truncated header and a non-ELF file with ElfParseError', () => {
    const full = buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17'] } });

    expect(() => parseElf(full.subarray(0, 40))).toThrow(ElfParseError);
    expect(() => parseElf(full.subarray(0, full.length - 10))).toThrow(/Truncated/);
    expect(() => parseElf(Buffer.from('#!/bin/sh\necho hi\n'))).toThrow(ElfParseError);
  });

  it('recognises macOS binaries by their magic number and ELF by its own', () => {
    expect(detectBinaryFormat(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]))).toBe('mach-o');
    expect(detectBinaryFormat(buildElf({ machine: EM_X86_64 }))).toBe('elf');
  });

  it('reads e_machine and e_type from a file truncated after its header', () => {
    // Arrange: the header survives, the section header table is gone.
    const full = buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17'] } });
    const cut = full.subarray(0, 64);
    expect(() => parseElf(cut)).toThrow(/Truncated/);

    // Act
    const header = readElfHeader(cut);

    // Assert
    expect(header).toEqual({ bits: 64, endianness: 'little', type: 'shared-object', machine: EM_AARCH64, architecture: 'aarch64' });
  });

  it('reads e_machine from as little as the first 20 bytes, and no fewer', () => {
    const full = buildElf({ machine: EM_X86_64, type: 'relocatable' });

    expect(readElfHeader(full.subarray(0, 20))).toMatchObject({ machine: EM_X86_64, architecture: 'x86_64', type: 'relocatable' });
    expect(() => readElfHeader(full.subarray(0, 19))).toThrow(ElfParseError);
  });
});
