/**
 * A small, hand-written ELF reader: just enough to say whether a native addon
 * (`.node` file) will load on a given Lambda.
 *
 * Two facts decide that, and both sit in the file:
 * 1. The CPU it was compiled for: `e_machine` in the ELF header (62 = x86_64,
 *    183 = aarch64). An x86_64 addon on an arm64 function fails at `dlopen`.
 * 2. The newest glibc symbol version it links against. The dynamic linker refuses
 *    a library that needs `GLIBC_2.38` on a system with glibc 2.34. Those needs are
 *    listed in the `.gnu.version_r` section (type SHT_GNU_verneed): one entry per
 *    library (`libc.so.6`), each with auxiliary entries naming versions
 *    (`GLIBC_2.14`), names stored as offsets into `.dynstr`.
 *
 * Reading order: ELF header → section header table → section names (via
 * `e_shstrndx`) → `.gnu.version_r` and `.dynamic`, whose strings live in the
 * section named by `sh_link`. When a file has no version section, we fall back to
 * scanning `.dynstr` for `GLIBC_x.y` strings, and failing that, the whole file.
 *
 * A file cut short still has its first 20 bytes more often than not: `readElfHeader`
 * reads just those (class, byte order, `e_type`, `e_machine`), so a truncated addon is
 * reported with its CPU. `e_type` also tells a relocatable object (`.o`, ET_REL, a
 * compiler's intermediate that nothing loads) from a shared object.
 *
 * It is written by hand on purpose: it is short, needs no dependency, and
 * reading it is the lesson. Edit it to recognise another architecture or section.
 * Reference: the System V gABI and the LSB "Symbol Versioning" chapter.
 */

import { isMachO, readPeHeader } from './macho-pe.js';

/** The first four bytes of every ELF file: 0x7F 'E' 'L' 'F'. */
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;

/** Section types we look for (System V gABI, GNU extensions). */
const SHT_DYNAMIC = 6;
const SHT_GNU_VERNEED = 0x6ffffffe;
/** `.dynamic` tag for a needed shared library (d_val is a `.dynstr` offset). */
const DT_NEEDED = 1;
const DT_NULL = 0;

/** `e_machine` values we name; anything else is reported as `unknown(<n>)`. */
const MACHINES: Record<number, string> = {
  3: 'i386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390',
  40: 'arm',
  62: 'x86_64',
  183: 'aarch64',
  243: 'riscv',
  258: 'loongarch',
};

/** `e_machine` constants for the two Lambda architectures. */
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

/** `e_type` values. A `.node` addon is a shared object. */
const TYPES: Record<number, ElfInfo['type']> = { 1: 'relocatable', 2: 'executable', 3: 'shared-object', 4: 'core' };

/** How the required glibc was found: the version section (exact), a string scan (good guess) or nothing. */
export type GlibcMethod = 'verneed' | 'dynstr-scan' | 'byte-scan' | 'none';

/** One library an ELF file needs versioned symbols from, e.g. `libc.so.6` → `GLIBC_2.14`, `GLIBC_2.2.5`. */
export interface VersionNeed {
  file: string;
  versions: string[];
}

/** The first fields of the ELF header: readable even when the rest of the file is cut off. */
export interface ElfHeader {
  /** 32- or 64-bit (`EI_CLASS`). */
  bits: 32 | 64;
  endianness: 'little' | 'big';
  /** `e_type`. A `.node` addon is a shared object; a `relocatable` file is a `.o` that nothing loads. */
  type: 'relocatable' | 'executable' | 'shared-object' | 'core' | 'unknown';
  /** Raw `e_machine`. */
  machine: number;
  /** `e_machine` by name: `x86_64`, `aarch64`, … or `unknown(<n>)`. */
  architecture: string;
}

/** What fitcheck needs to know about one ELF file. */
export interface ElfInfo extends ElfHeader {
  /** Shared libraries it asks the dynamic linker for (DT_NEEDED), e.g. `libstdc++.so.6`. */
  neededLibraries: string[];
  /** Versioned-symbol requirements from `.gnu.version_r`, per library. Empty when the section is absent. */
  versionNeeds: VersionNeed[];
  /** Newest `GLIBC_x.y` it needs, e.g. `2.29`; `null` when it names none. */
  requiredGlibc: string | null;
  /** Newest `GLIBCXX_x.y.z` (libstdc++) it needs, reported for information. */
  requiredGlibcxx: string | null;
  /** Where `requiredGlibc` came from. */
  glibcMethod: GlibcMethod;
}

/** The bytes are not a well-formed ELF file (or are truncated). */
export class ElfParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ElfParseError';
  }
}

/** True when `bytes` starts with the ELF magic number. Four bytes are enough. */
export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ELF_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Names the binary format of a native file from its first bytes, so a macOS or Windows
 * build is recognised too. Mach-O and PE are confirmed by their headers (see
 * macho-pe.ts), so a Java class file (also 0xCAFEBABE) or a text that starts with "MZ"
 * is not taken for one; pass enough bytes to reach the PE header (a few hundred).
 */
export function detectBinaryFormat(bytes: Uint8Array): 'elf' | 'mach-o' | 'pe' | 'unknown' {
  if (isElf(bytes)) return 'elf';
  if (isMachO(bytes)) return 'mach-o';
  if (readPeHeader(bytes) !== null) return 'pe';
  return 'unknown';
}

/**
 * Compares dotted versions numerically: `2.9` < `2.14` < `2.34`. String comparison
 * gets this wrong ("2.9" > "2.14"), which is exactly the bug to avoid here.
 * @returns negative, zero or positive, like `Array.prototype.sort` expects.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The newest version among names like `GLIBC_2.14` that carry `prefix` (`GLIBC_`), or null. */
export function newestVersion(names: Iterable<string>, prefix: string): string | null {
  const pattern = new RegExp(`^${prefix}(\\d+(?:\\.\\d+)+)$`);
  let newest: string | null = null;
  for (const name of names) {
    const version = pattern.exec(name)?.[1];
    if (version && (newest === null || compareVersions(version, newest) > 0)) newest = version;
  }
  return newest;
}

/** Bounds-checked, endian-aware reads over the file, in 32- or 64-bit layout. */
class ElfReader {
  private readonly view: DataView;
  readonly little: boolean;
  readonly is64: boolean;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.is64 = bytes[4] === 2;
    this.little = bytes[5] === 1;
  }

  private check(offset: number, size: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > this.bytes.length) {
      throw new ElfParseError(`Truncated ELF: need ${size} bytes at offset ${offset}, file has ${this.bytes.length}`);
    }
  }

  u16(offset: number): number {
    this.check(offset, 2);
    return this.view.getUint16(offset, this.little);
  }

  u32(offset: number): number {
    this.check(offset, 4);
    return this.view.getUint32(offset, this.little);
  }

  /** A 64-bit field as a JS number; offsets and sizes in real files are far below 2^53. */
  u64(offset: number): number {
    this.check(offset, 8);
    return Number(this.view.getBigUint64(offset, this.little));
  }

  /** An address-sized field (`ElfN_Off`, `ElfN_Xword`): 4 bytes in ELF32, 8 in ELF64. */
  word(offset: number): number {
    return this.is64 ? this.u64(offset) : this.u32(offset);
  }

  /** A NUL-terminated string at `offset` inside the region [start, start + size). */
  cString(start: number, size: number, offset: number): string {
    if (offset >= size) throw new ElfParseError(`String offset ${offset} is outside its table (${size} bytes)`);
    this.check(start, size);
    let end = start + offset;
    const limit = start + size;
    while (end < limit && this.bytes[end] !== 0) end++;
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start + offset, end - start - offset).toString('latin1');
  }
}

/** One entry of the section header table, the fields we use. */
interface Section {
  name: string;
  type: number;
  offset: number;
  size: number;
  /** For version and dynamic sections: index of the string table their names live in. */
  link: number;
  /** For `.gnu.version_r`: the number of Verneed entries. */
  info: number;
  entsize: number;
}

/** Where the section header table is, from the ELF header (`e_shoff`, `e_shentsize`, `e_shnum`, `e_shstrndx`). */
function readSectionTableHeader(r: ElfReader): { shoff: number; shentsize: number; shnum: number; shstrndx: number } {
  // ELF header field offsets differ between the 32- and 64-bit layouts.
  return {
    shoff: r.is64 ? r.u64(0x28) : r.u32(0x20),
    shentsize: r.u16(r.is64 ? 0x3a : 0x2e),
    shnum: r.u16(r.is64 ? 0x3c : 0x30),
    shstrndx: r.u16(r.is64 ? 0x3e : 0x32),
  };
}

/** Reads the section header table (returns [] when the file has none, e.g. a bare header). */
function readSections(r: ElfReader): Section[] {
  const { shoff, shentsize, shnum, shstrndx } = readSectionTableHeader(r);
  if (shoff === 0 || shnum === 0) return [];

  const raw = Array.from({ length: shnum }, (_, i) => {
    const base = shoff + i * shentsize;
    // Elf64_Shdr: name u32, type u32, flags u64, addr u64, offset u64, size u64, link u32, info u32, addralign u64, entsize u64.
    // Elf32_Shdr: the same fields, with 4-byte flags/addr/offset/size/addralign/entsize.
    return r.is64
      ? { nameOffset: r.u32(base), type: r.u32(base + 4), offset: r.u64(base + 0x18), size: r.u64(base + 0x20), link: r.u32(base + 0x28), info: r.u32(base + 0x2c), entsize: r.u64(base + 0x38) }
      : { nameOffset: r.u32(base), type: r.u32(base + 4), offset: r.u32(base + 0x10), size: r.u32(base + 0x14), link: r.u32(base + 0x18), info: r.u32(base + 0x1c), entsize: r.u32(base + 0x24) };
  });
  const names = raw[shstrndx];
  return raw.map(({ nameOffset, ...rest }) => ({
    ...rest,
    name: names && nameOffset < names.size ? r.cString(names.offset, names.size, nameOffset) : '',
  }));
}

/** How an ELF file is laid out: where its section header table is, and each section's index, name and type. */
export interface ElfLayout {
  /** `e_shoff`: the byte where the section header table starts. */
  sectionHeaderOffset: number;
  /** `e_shnum`: how many sections there are. */
  sectionCount: number;
  /** `e_shstrndx`: the section that holds the sections' names. */
  sectionNamesIndex: number;
  sections: { index: number; name: string; type: number }[];
}

/**
 * The layout steps `parseElf` walks through, for a reader following along in a real
 * file (docs/fitcheck.md generates its walkthrough of the hnswlib-node addon from it).
 * @throws ElfParseError when the bytes are not ELF or are truncated.
 */
export function readElfLayout(bytes: Uint8Array): ElfLayout {
  readElfHeader(bytes);
  const r = new ElfReader(bytes);
  const { shoff, shnum, shstrndx } = readSectionTableHeader(r);
  return {
    sectionHeaderOffset: shoff,
    sectionCount: shnum,
    sectionNamesIndex: shstrndx,
    sections: readSections(r).map((section, index) => ({ index, name: section.name, type: section.type })),
  };
}

/**
 * Walks `.gnu.version_r`: a chain of Elf_Verneed records (same layout in 32 and 64 bit):
 *   vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
 * each pointing at vn_cnt Elf_Vernaux records:
 *   vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
 * `vn_file` and `vna_name` are offsets into the linked string table (`.dynstr`).
 */
function readVersionNeeds(r: ElfReader, verneed: Section, strtab: Section): VersionNeed[] {
  const needs: VersionNeed[] = [];
  let entry = verneed.offset;
  for (let i = 0; i < verneed.info; i++) {
    const count = r.u16(entry + 2);
    const file = r.cString(strtab.offset, strtab.size, r.u32(entry + 4));
    const versions: string[] = [];
    let aux = entry + r.u32(entry + 8);
    for (let j = 0; j < count; j++) {
      versions.push(r.cString(strtab.offset, strtab.size, r.u32(aux + 8)));
      const next = r.u32(aux + 12);
      if (next === 0) break;
      aux += next;
    }
    needs.push({ file, versions });
    const next = r.u32(entry + 12);
    if (next === 0) break;
    entry += next;
  }
  return needs;
}

/** Reads DT_NEEDED entries from `.dynamic` (Elf_Dyn: d_tag and d_val, each address-sized). */
function readNeededLibraries(r: ElfReader, dynamic: Section, strtab: Section): string[] {
  const entrySize = dynamic.entsize || (r.is64 ? 16 : 8);
  const half = entrySize / 2;
  const needed: string[] = [];
  for (let at = dynamic.offset; at + entrySize <= dynamic.offset + dynamic.size; at += entrySize) {
    const tag = r.word(at);
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) needed.push(r.cString(strtab.offset, strtab.size, r.word(at + half)));
  }
  return needed;
}

/** Every `PREFIXx.y[.z]` string in a byte range, for the fallbacks. */
function scanVersionStrings(bytes: Uint8Array, prefix: string): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return [...text.matchAll(new RegExp(`${prefix}\\d+(?:\\.\\d+)+`, 'g'))].map((m) => m[0]);
}

/** Bytes up to and including `e_machine`: e_ident (16), e_type (2), e_machine (2). */
const ELF_MACHINE_END = 0x14;

/**
 * Reads the identification, `e_type` and `e_machine`: the first 20 bytes of the file.
 * A download or a copy cut short usually keeps them, so a report can still say which
 * CPU the file was built for even when `parseElf` cannot read the rest.
 * @throws ElfParseError when the bytes are not ELF or shorter than 20 bytes.
 */
export function readElfHeader(bytes: Uint8Array): ElfHeader {
  if (!isElf(bytes)) throw new ElfParseError('Not an ELF file (missing the \\x7FELF magic number)');
  if (bytes.length < ELF_MACHINE_END) throw new ElfParseError(`Truncated ELF header: ${bytes.length} bytes, e_machine ends at byte ${ELF_MACHINE_END}`);
  const elfClass = bytes[4];
  const elfData = bytes[5];
  if (elfClass !== 1 && elfClass !== 2) throw new ElfParseError(`Unknown ELF class ${elfClass}`);
  if (elfData !== 1 && elfData !== 2) throw new ElfParseError(`Unknown ELF data encoding ${elfData}`);
  const r = new ElfReader(bytes);
  const machine = r.u16(0x12);
  return {
    bits: elfClass === 2 ? 64 : 32,
    endianness: elfData === 1 ? 'little' : 'big',
    type: TYPES[r.u16(0x10)] ?? 'unknown',
    machine,
    architecture: MACHINES[machine] ?? `unknown(${machine})`,
  };
}

/**
 * Parses the parts of an ELF file that decide whether it loads on Lambda.
 * @throws ElfParseError when the bytes are not ELF or are truncated.
 */
export function parseElf(bytes: Uint8Array): ElfInfo {
  const header = readElfHeader(bytes);
  if (bytes.length < 52) throw new ElfParseError(`Truncated ELF header: ${bytes.length} bytes`);

  const r = new ElfReader(bytes);
  const sections = readSections(r);

  const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
  const verneedStrings = verneed ? sections[verneed.link] : undefined;
  const versionNeeds = verneed && verneedStrings ? readVersionNeeds(r, verneed, verneedStrings) : [];

  const dynamic = sections.find((s) => s.type === SHT_DYNAMIC);
  const dynamicStrings = dynamic ? sections[dynamic.link] : undefined;
  const neededLibraries = dynamic && dynamicStrings ? readNeededLibraries(r, dynamic, dynamicStrings) : [];

  // Prefer the exact answer from the version section; otherwise scan strings.
  let glibcMethod: GlibcMethod = 'none';
  let versionNames: string[] = versionNeeds.flatMap((n) => n.versions);
  if (versionNames.length > 0) {
    glibcMethod = 'verneed';
  } else {
    const dynstr = sections.find((s) => s.name === '.dynstr');
    const scanned = dynstr
      ? scanVersionStrings(bytes.subarray(dynstr.offset, dynstr.offset + dynstr.size), 'GLIBC(?:XX)?_')
      : scanVersionStrings(bytes, 'GLIBC(?:XX)?_');
    if (scanned.length > 0) {
      versionNames = scanned;
      glibcMethod = dynstr ? 'dynstr-scan' : 'byte-scan';
    }
  }
  const requiredGlibc = newestVersion(versionNames, 'GLIBC_');
  if (requiredGlibc === null) glibcMethod = 'none';

  return {
    ...header,
    neededLibraries,
    versionNeeds,
    requiredGlibc,
    requiredGlibcxx: newestVersion(versionNames, 'GLIBCXX_'),
    glibcMethod,
  };
}
