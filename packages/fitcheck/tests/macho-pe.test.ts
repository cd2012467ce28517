/**
 * macOS and Windows binaries: fitcheck names their CPU from the header, as it does for
 * ELF, so a report says "arm64 macOS dylib", not just "not Linux". The fixtures are
 * hand-built headers that `file(1)` recognises (tests/helpers/macho-pe-builder.ts);
 * `file` itself is a cross-check when it is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectBinaryFormat } from '../src/elf.js';
import { readMachOHeader, readPeHeader } from '../src/macho-pe.js';
import { buildJavaClassHeader, buildMachO, buildPe, buildUniversalMachO, CPU_TYPE, MH_FILETYPE, PE_MACHINE } from './helpers/macho-pe-builder.js';

const hasFile = (() => {
  try {
    execFileSync('file', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const dir = mkdtempSync(join(tmpdir(), 'fitcheck-macho-pe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function describedByFile(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return execFileSync('file', ['-b', path], { encoding: 'utf8' });
}

describe('readMachOHeader', () => {
  it('reads the CPU and file type of a thin arm64 dylib', () => {
    const header = readMachOHeader(buildMachO({ cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.dylib }));

    expect(header).toEqual({ architectures: ['aarch64'], fileType: 'shared-library', universal: false });
  });

  it('reads an x86_64 bundle (what a macOS .node addon is) and an object file', () => {
    expect(readMachOHeader(buildMachO({ cpuType: CPU_TYPE.x86_64, fileType: MH_FILETYPE.bundle }))).toMatchObject({ architectures: ['x86_64'], fileType: 'bundle' });
    expect(readMachOHeader(buildMachO({ cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.object }))).toMatchObject({ fileType: 'object' });
  });

  it('lists every architecture of a universal binary, and its slices\' file type', () => {
    const fat = buildUniversalMachO([
      { cpuType: CPU_TYPE.x86_64, fileType: MH_FILETYPE.dylib },
      { cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.dylib },
    ]);

    expect(readMachOHeader(fat)).toEqual({ architectures: ['x86_64', 'aarch64'], fileType: 'shared-library', universal: true });
  });

  it('still names the CPU of a header cut short after its first eight bytes', () => {
    const cut = buildMachO({ cpuType: CPU_TYPE.x86_64, fileType: MH_FILETYPE.bundle }).subarray(0, 8);

    expect(readMachOHeader(cut)).toEqual({ architectures: ['x86_64'], fileType: 'unknown', universal: false });
  });

  it.skipIf(!hasFile)('builds headers that file(1) reads the same way', () => {
    expect(describedByFile('thin.dylib', buildMachO({ cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.dylib }))).toMatch(/Mach-O 64-bit arm64 dynamically linked shared library/);
    expect(describedByFile('fat.dylib', buildUniversalMachO([{ cpuType: CPU_TYPE.x86_64, fileType: MH_FILETYPE.dylib }, { cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.dylib }]))).toMatch(
      /Mach-O universal binary with 2 architectures/,
    );
    expect(describedByFile('lib.dll', buildPe({ machine: PE_MACHINE.x86_64, dll: true }))).toMatch(/PE32\+ executable \(DLL\).*x86-64/);
  });
});

describe('readPeHeader', () => {
  it('reads the machine of an x86_64 DLL and of an arm64 executable', () => {
    expect(readPeHeader(buildPe({ machine: PE_MACHINE.x86_64, dll: true }))).toEqual({ architecture: 'x86_64', isDll: true });
    expect(readPeHeader(buildPe({ machine: PE_MACHINE.arm64, dll: false }))).toEqual({ architecture: 'aarch64', isDll: false });
  });

  it('returns null when "MZ" is not followed by a PE header', () => {
    expect(readPeHeader(Buffer.from('MZ is how this text file happens to start, and nothing more.'))).toBeNull();
  });
});

describe('detectBinaryFormat', () => {
  it('recognises thin and universal Mach-O, and PE by its "PE\\0\\0" signature', () => {
    expect(detectBinaryFormat(buildMachO({ cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.dylib }))).toBe('mach-o');
    expect(detectBinaryFormat(buildUniversalMachO([{ cpuType: CPU_TYPE.x86_64, fileType: MH_FILETYPE.dylib }]))).toBe('mach-o');
    expect(detectBinaryFormat(buildPe({ machine: PE_MACHINE.x86_64, dll: true }))).toBe('pe');
  });

  it('does not mistake a Java class file (also 0xCAFEBABE) or text starting with "MZ" for a binary', () => {
    expect(detectBinaryFormat(buildJavaClassHeader())).toBe('unknown');
    expect(detectBinaryFormat(Buffer.from('MZ is how this text file happens to start, and nothing more.'))).toBe('unknown');
  });
});
