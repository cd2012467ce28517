/**
 * The headers of macOS (Mach-O) and Windows (PE) binaries: just enough to name the CPU
 * they were built for and what kind of file they are.
 *
 * They never load on Lambda (it runs Linux), so fitcheck does not need their symbols or
 * libraries, only a clear line in the report: "node_modules/x/prebuilds/darwin/x.node,
 * Mach-O, universal (x86_64, aarch64)". Packages such as onnxruntime-node ship one build
 * per platform, and a reader checking a bundle wants to see which is which.
 *
 * Layouts (all fields we read are 32-bit unless noted):
 * - thin Mach-O: magic, cputype, cpusubtype, filetype (Apple's <mach-o/loader.h>); the
 *   magic's byte order tells the file's byte order (0xFEEDFACF read little-endian = 64-bit).
 * - universal ("fat") Mach-O: big-endian 0xCAFEBABE, nfat_arch, then one fat_arch per slice
 *   (cputype, cpusubtype, offset, size, align; <mach-o/fat.h>). Java class files start with
 *   0xCAFEBABE too; their next word is a version (≥ 45), a fat header's is a small count.
 * - PE: "MZ", a 32-bit offset at 0x3C (`e_lfanew`) to "PE\0\0", then the COFF header:
 *   Machine (16-bit) and, 18 bytes later, Characteristics (16-bit; 0x2000 = DLL).
 *
 * Architecture names follow ELF's spelling (`x86_64`, `aarch64`), so one report uses one
 * vocabulary whatever the format. Edit this file to name another CPU type.
 */

/** Mach-O CPU types (<mach/machine.h>); 64-bit types carry CPU_ARCH_ABI64 (0x01000000). */
const MACHO_CPU_TYPES: Record<number, string> = {
  7: 'i386',
  0x01000007: 'x86_64',
  12: 'arm',
  0x0100000c: 'aarch64',
  0x0200000c: 'arm64_32',
  18: 'ppc',
  0x01000012: 'ppc64',
};

/** Mach-O file types we tell apart; a macOS `.node` addon is an MH_BUNDLE. */
const MACHO_FILE_TYPES: Record<number, MachOHeader['fileType']> = { 1: 'object', 2: 'executable', 6: 'shared-library', 8: 'bundle' };

/** PE/COFF machine types (Microsoft "PE Format", Machine Types). */
const PE_MACHINES: Record<number, string> = {
  0x14c: 'i386',
  0x8664: 'x86_64',
  0xaa64: 'aarch64',
  0x1c0: 'arm',
  0x1c4: 'arm',
  0xa641: 'arm64ec',
};

const MH_MAGIC = 0xfeedface;
const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;
/** More slices than this is not a universal binary but (most likely) a Java class file. */
const MAX_FAT_SLICES = 20;
const IMAGE_FILE_DLL = 0x2000;

/** What a Mach-O header says. */
export interface MachOHeader {
  /** One per slice: `['x86_64', 'aarch64']` for a universal binary; `unknown(<cputype>)` for a type we do not name. */
  architectures: string[];
  /** `object` is a relocatable `.o`, never loaded; `bundle` is a plug-in such as a `.node` addon. `unknown` when the header is cut short. */
  fileType: 'object' | 'executable' | 'shared-library' | 'bundle' | 'other' | 'unknown';
  /** True for a universal ("fat") file holding several slices. */
  universal: boolean;
}

/** What a PE header says. */
export interface PeHeader {
  architecture: string;
  /** A DLL (a library, what a Windows `.node` addon is) rather than an executable. */
  isDll: boolean;
}

function u32(bytes: Uint8Array, offset: number, little: boolean): number | null {
  if (offset + 4 > bytes.length) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, little);
}

function u16(bytes: Uint8Array, offset: number): number | null {
  if (offset + 2 > bytes.length) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(offset, true);
}

function cpuName(cpuType: number): string {
  return MACHO_CPU_TYPES[cpuType] ?? `unknown(${cpuType})`;
}

/** The byte order of a thin Mach-O file, from its magic; null when it is not one. */
function thinByteOrder(bytes: Uint8Array): 'little' | 'big' | null {
  const little = u32(bytes, 0, true);
  if (little === MH_MAGIC || little === MH_MAGIC_64) return 'little';
  const big = u32(bytes, 0, false);
  if (big === MH_MAGIC || big === MH_MAGIC_64) return 'big';
  return null;
}

/** The number of slices when `bytes` is a universal Mach-O header, else null. */
function fatSliceCount(bytes: Uint8Array): number | null {
  const magic = u32(bytes, 0, false);
  if (magic !== FAT_MAGIC && magic !== FAT_MAGIC_64) return null;
  const count = u32(bytes, 4, false);
  return count !== null && count > 0 && count <= MAX_FAT_SLICES ? count : null;
}

/** True when `bytes` starts like a thin or universal Mach-O file. */
export function isMachO(bytes: Uint8Array): boolean {
  return thinByteOrder(bytes) !== null || fatSliceCount(bytes) !== null;
}

/** Reads a thin Mach-O header; the CPU needs 8 bytes, the file type 16. */
function readThin(bytes: Uint8Array): { architecture: string; fileType: MachOHeader['fileType'] } | null {
  const order = thinByteOrder(bytes);
  if (order === null) return null;
  const little = order === 'little';
  const cpuType = u32(bytes, 4, little);
  if (cpuType === null) return null;
  const fileType = u32(bytes, 12, little);
  return { architecture: cpuName(cpuType), fileType: fileType === null ? 'unknown' : (MACHO_FILE_TYPES[fileType] ?? 'other') };
}

/**
 * Reads a thin or universal Mach-O header. For a universal file, the architectures come
 * from its table of slices and the file type from the first slice it contains.
 * @returns null when `bytes` is not Mach-O or too short to name a CPU.
 */
export function readMachOHeader(bytes: Uint8Array): MachOHeader | null {
  const thin = readThin(bytes);
  if (thin) return { architectures: [thin.architecture], fileType: thin.fileType, universal: false };
  const count = fatSliceCount(bytes);
  if (count === null) return null;
  const entrySize = u32(bytes, 0, false) === FAT_MAGIC_64 ? 32 : 20;
  const architectures: string[] = [];
  let fileType: MachOHeader['fileType'] = 'unknown';
  for (let i = 0; i < count; i++) {
    const at = 8 + i * entrySize;
    const cpuType = u32(bytes, at, false);
    if (cpuType === null) break;
    architectures.push(cpuName(cpuType));
    // fat_arch_64 stores offset as 64-bit; its high half is 0 in any file we can hold in memory.
    const sliceOffset = entrySize === 32 ? u32(bytes, at + 12, false) : u32(bytes, at + 8, false);
    if (i === 0 && sliceOffset !== null) fileType = readThin(bytes.subarray(sliceOffset))?.fileType ?? 'unknown';
  }
  return architectures.length > 0 ? { architectures, fileType, universal: true } : null;
}

/**
 * Reads a PE header: "MZ", then "PE\0\0" where `e_lfanew` points.
 * @returns null when `bytes` is not a PE file (plenty of files merely start with "MZ").
 */
export function readPeHeader(bytes: Uint8Array): PeHeader | null {
  if (bytes.length < 2 || bytes[0] !== 0x4d || bytes[1] !== 0x5a) return null;
  const peOffset = u32(bytes, 0x3c, true);
  if (peOffset === null || peOffset + 24 > bytes.length) return null;
  if (bytes[peOffset] !== 0x50 || bytes[peOffset + 1] !== 0x45 || bytes[peOffset + 2] !== 0 || bytes[peOffset + 3] !== 0) return null;
  const machine = u16(bytes, peOffset + 4)!;
  const characteristics = u16(bytes, peOffset + 22)!;
  return { architecture: PE_MACHINES[machine] ?? `unknown(0x${machine.toString(16)})`, isDll: (characteristics & IMAGE_FILE_DLL) !== 0 };
}
