/**
 * Builds the headers of macOS (Mach-O, thin and universal) and Windows (PE) binaries by
 * hand, so the tests can show fitcheck a `.dylib`, a universal `.node` or a `.dll`
 * without a Mac or a Windows compiler. Only the fields fitcheck reads are filled in;
 * `file(1)` recognises the output, which is how the layouts below were checked.
 *
 * References: Apple's <mach-o/loader.h> and <mach-o/fat.h>; Microsoft's "PE Format"
 * (the DOS stub's `e_lfanew` at 0x3C, then "PE\0\0" and the COFF file header).
 */

/** Mach-O CPU types (<mach/machine.h>): a 64-bit type is the 32-bit one with 0x01000000 set. */
export const CPU_TYPE = { x86: 7, x86_64: 0x01000007, arm: 12, arm64: 0x0100000c } as const;

/** Mach-O file types (<mach-o/loader.h>). A macOS `.node` addon is an MH_BUNDLE. */
export const MH_FILETYPE = { object: 1, execute: 2, dylib: 6, bundle: 8 } as const;

/** PE machine types (COFF header). */
export const PE_MACHINE = { i386: 0x14c, x86_64: 0x8664, arm64: 0xaa64 } as const;

/** CPU_SUBTYPE_*_ALL: 3 for Intel, 0 for ARM. */
function cpuSubtypeAll(cpuType: number): number {
  return (cpuType & 0xff) === CPU_TYPE.arm ? 0 : 3;
}

/** A thin 64-bit little-endian Mach-O header (MH_MAGIC_64 = 0xfeedfacf), padded to `size` bytes. */
export function buildMachO(spec: { cpuType: number; fileType: number; size?: number }): Buffer {
  const file = Buffer.alloc(Math.max(spec.size ?? 64, 32));
  file.writeUInt32LE(0xfeedfacf, 0); // magic, stored little-endian: bytes CF FA ED FE
  file.writeUInt32LE(spec.cpuType >>> 0, 4); // cputype
  file.writeUInt32LE(cpuSubtypeAll(spec.cpuType), 8); // cpusubtype: ALL
  file.writeUInt32LE(spec.fileType, 12); // filetype
  // ncmds, sizeofcmds, flags, reserved: zero (no load commands; fitcheck does not read them).
  return file;
}

/**
 * A universal ("fat") binary: the big-endian fat header (0xcafebabe, nfat_arch), one
 * 20-byte fat_arch per slice (cputype, cpusubtype, offset, size, align), then each slice.
 */
export function buildUniversalMachO(slices: { cpuType: number; fileType: number }[]): Buffer {
  const align = 4096;
  const bodies = slices.map((slice) => buildMachO({ ...slice, size: 64 }));
  const header = Buffer.alloc(align);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt32BE(slices.length, 4);
  let offset = align;
  const parts: Buffer[] = [header];
  slices.forEach((slice, i) => {
    const at = 8 + i * 20;
    header.writeUInt32BE(slice.cpuType >>> 0, at);
    header.writeUInt32BE(cpuSubtypeAll(slice.cpuType), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(bodies[i]!.length, at + 12);
    header.writeUInt32BE(12, at + 16); // 2^12 = 4096
    const padded = Buffer.alloc(align);
    bodies[i]!.copy(padded);
    parts.push(padded);
    offset += align;
  });
  return Buffer.concat(parts);
}

/** IMAGE_FILE_DLL in the COFF header's Characteristics. */
const IMAGE_FILE_DLL = 0x2000;
const IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;

/** A PE file: "MZ" DOS header with `e_lfanew` = 0x80, then "PE\0\0" and the 20-byte COFF header. */
export function buildPe(spec: { machine: number; dll: boolean }): Buffer {
  const peOffset = 0x80;
  const file = Buffer.alloc(peOffset + 24 + 240);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(peOffset, 0x3c); // e_lfanew
  file.write('PE\0\0', peOffset, 'latin1');
  file.writeUInt16LE(spec.machine, peOffset + 4); // Machine
  file.writeUInt16LE(0, peOffset + 6); // NumberOfSections
  file.writeUInt16LE(240, peOffset + 20); // SizeOfOptionalHeader (PE32+)
  file.writeUInt16LE(IMAGE_FILE_EXECUTABLE_IMAGE | (spec.dll ? IMAGE_FILE_DLL : 0), peOffset + 22); // Characteristics
  file.writeUInt16LE(0x20b, peOffset + 24); // optional header magic: PE32+
  file.writeUInt16LE(3, peOffset + 24 + 68); // Subsystem: Windows console
  return file;
}

/** The first bytes of a Java class file: it shares 0xCAFEBABE with universal Mach-O, then a version (here Java 17 = 61). */
export function buildJavaClassHeader(): Buffer {
  const file = Buffer.alloc(32);
  file.writeUInt32BE(0xcafebabe, 0);
  file.writeUInt16BE(0, 4); // minor_version
  file.writeUInt16BE(61, 6); // major_version
  return file;
}
