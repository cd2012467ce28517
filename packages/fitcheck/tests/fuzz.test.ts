/**
 * Property-based fuzzing of the readers that face files nobody on the project wrote
 * (issue 8): the ELF, Mach-O and PE header readers, and the zip reader. Inputs are real
 * fixtures with bytes flipped, overwritten or cut off, and bytes that merely start with a
 * magic number.
 *
 * Properties: the ELF reader either answers or throws `ElfParseError`; the Mach-O and PE
 * readers answer (null when it is not theirs); the zip reader either rejects with
 * `CannotAnalyseError` (exit 2 in the CLI) or extracts exactly the bytes that were zipped,
 * never damaged content judged as if it were fine. Never a TypeError or RangeError.
 * Seeded (`FUZZ_SEED`, printed with the counterexample on failure), 1,000+ cases each.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CannotAnalyseError, scanZip } from '../src/bundle.js';
import { EM_AARCH64, EM_X86_64, ElfParseError, parseElf, readElfHeader, readElfLayout } from '../src/elf.js';
import { readMachOHeader, readPeHeader } from '../src/macho-pe.js';
import { buildElf } from './helpers/elf-builder.js';
import { buildMachO, buildPe, buildUniversalMachO, CPU_TYPE, MH_FILETYPE, PE_MACHINE } from './helpers/macho-pe-builder.js';

const settings = { seed: Number(process.env.FUZZ_SEED ?? 20_261_203), numRuns: Math.max(1000, Number(process.env.FUZZ_RUNS ?? 1000)) };

/** Real files to damage: ELF of both classes and types, thin and universal Mach-O, PE. */
const seeds = [
  buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17', 'GLIBC_2.38'], 'libstdc++.so.6': ['GLIBCXX_3.4.30'] } }),
  buildElf({ machine: EM_X86_64, bits: 32, versionNeeds: { 'libc.so.6': ['GLIBC_2.4'] } }),
  buildElf({ machine: EM_X86_64, type: 'relocatable' }),
  buildElf({ machine: EM_AARCH64, versionNeeds: { 'libm.so.6': ['GLIBC_2.29'] }, omitVersionSection: true }),
  buildMachO({ cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.dylib }),
  buildUniversalMachO([{ cpuType: CPU_TYPE.x86_64, fileType: MH_FILETYPE.bundle }, { cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.bundle }]),
  buildPe({ machine: PE_MACHINE.x86_64, dll: true }),
];

/** A damaged copy of `original`: some bytes set to random values, then maybe cut short. */
function damaged(original: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
      fc.option(fc.nat({ max: original.length }), { nil: undefined }),
    )
    .map(([edits, cut]) => {
      const copy = Uint8Array.from(original);
      for (const [at, value] of edits) copy[at] = value;
      return cut === undefined ? copy : copy.subarray(0, cut);
    });
}

const binaryInput = fc.oneof(
  ...seeds.map((seed) => damaged(seed)),
  // Bytes that start like a binary and then are anything at all.
  fc.tuple(fc.constantFrom([0x7f, 0x45, 0x4c, 0x46], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe], [0x4d, 0x5a]), fc.uint8Array({ maxLength: 300 })).map(([magic, rest]) => Uint8Array.from([...magic, ...rest])),
);

describe('the binary readers under fuzzing', () => {
  it('read a damaged ELF, or throw ElfParseError, and nothing else', () => {
    fc.assert(
      fc.property(binaryInput, (bytes) => {
        for (const read of [parseElf, readElfHeader, readElfLayout]) {
          try {
            read(bytes);
          } catch (err) {
            if (!(err instanceof ElfParseError)) throw err;
          }
        }
      }),
      settings,
    );
  });

  it('read a damaged Mach-O or PE header, or say it is not one, without throwing', () => {
    fc.assert(
      fc.property(binaryInput, (bytes) => {
        const macho = readMachOHeader(bytes);
        const pe = readPeHeader(bytes);
        if (macho) expect(macho.architectures.length).toBeGreaterThan(0);
        if (pe) expect(typeof pe.architecture).toBe('string');
      }),
      settings,
    );
  });
});

describe('the zip reader under fuzzing', () => {
  let root: string;
  let zip: Uint8Array;
  const contents = [Buffer.from('export const handler = async () => ({ statusCode: 200 });\n'), Buffer.from(JSON.stringify({ weights: Array.from({ length: 64 }, (_, i) => i / 7) })), seeds[0]!];
  const sha = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fitcheck-fuzz-'));
    zip = zipSync(
      {
        'index.mjs': [contents[0]!, { level: 0 }],
        'model.json': [contents[1]!, { level: 0 }],
        'node_modules/x/x.node': [contents[2]!, { level: 6 }],
      },
      { mtime: new Date('2026-01-01T00:00:00Z') },
    );
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a damaged zip with CannotAnalyseError, or extracts exactly the bytes that were zipped', async () => {
    let refused = 0;
    let scanned = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(damaged(zip), async (bytes) => {
        const file = join(root, 'damaged.zip');
        const out = join(root, `out-${run++}`);
        await writeFile(file, bytes);
        let scan;
        try {
          scan = await scanZip(file, out);
        } catch (err) {
          if (!(err instanceof CannotAnalyseError)) throw err;
          refused++;
          return;
        }
        // Damage to a name, a date or a comment is harmless; damage to content must not pass.
        const extracted = await Promise.all(scan.files.map(async (f) => sha(await readFile(join(out, f.path)))));
        expect(extracted.sort()).toEqual(contents.map(sha).sort());
        scanned++;
        await rm(out, { recursive: true, force: true });
      }),
      settings,
    );
    // Both outcomes occur: some damage is in bytes nobody reads, most is caught.
    expect(refused).toBeGreaterThan(0);
    expect(scanned).toBeGreaterThan(0);
  });
});
