/**
 * Builds tiny but well-formed ELF shared objects (or relocatable objects) byte by byte, for architectures
 * and glibc versions this machine cannot compile for (an aarch64 addon that needs
 * GLIBC_2.38, say). Only the parts fitcheck reads are present: the ELF header, a
 * section header table, `.shstrtab`, `.dynstr`, `.gnu.version_r` and `.dynamic`.
 * `readelf -h -V -d` accepts the output, which the ELF tests check when it is installed.
 */

export interface ElfSpec {
  /** `e_machine`: 183 aarch64, 62 x86_64, 40 arm. */
  machine: number;
  bits?: 32 | 64;
  /** Libraries for DT_NEEDED. */
  needed?: string[];
  /** Version needs per library, e.g. `{ 'libc.so.6': ['GLIBC_2.17', 'GLIBC_2.38'] }`. */
  versionNeeds?: Record<string, string[]>;
  /** Leave out `.gnu.version_r` (so only the `.dynstr` scan can find versions). */
  omitVersionSection?: boolean;
  /** `e_type`: a shared object (ET_DYN, what addons are) or a relocatable object file (ET_REL, a `.o`). @default 'shared-object' */
  type?: 'shared-object' | 'relocatable';
}

const SHT_STRTAB = 3;
const SHT_DYNAMIC = 6;
const SHT_GNU_VERNEED = 0x6ffffffe;

/** A string table: NUL first, then each string NUL-terminated; remembers offsets. */
class StringTable {
  private text = '\0';
  private readonly offsets = new Map<string, number>();
  add(s: string): number {
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const offset = this.text.length;
    this.text += `${s}\0`;
    this.offsets.set(s, offset);
    return offset;
  }
  bytes(): Buffer {
    return Buffer.from(this.text, 'latin1');
  }
}

/** The ELF hash of a version name, as `vna_hash` stores it (System V ABI). */
function elfHash(name: string): number {
  let h = 0;
  for (const ch of Buffer.from(name, 'latin1')) {
    h = ((h << 4) + ch) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h &= ~g >>> 0;
  }
  return h >>> 0;
}

/** Returns the bytes of a little-endian ELF shared object matching `spec`. */
export function buildElf(spec: ElfSpec): Buffer {
  const is64 = (spec.bits ?? 64) === 64;
  const needed = spec.needed ?? Object.keys(spec.versionNeeds ?? {});
  const versionNeeds = Object.entries(spec.versionNeeds ?? {});

  const dynstr = new StringTable();
  const shstrtab = new StringTable();

  // .gnu.version_r: Verneed (16 bytes) followed by its Vernaux entries (16 bytes each).
  const verneedParts: Buffer[] = [];
  let versionIndex = 2; // 0 and 1 are reserved for local and global symbols.
  versionNeeds.forEach(([file, versions], i) => {
    const entry = Buffer.alloc(16 + 16 * versions.length);
    entry.writeUInt16LE(1, 0); // vn_version
    entry.writeUInt16LE(versions.length, 2); // vn_cnt
    entry.writeUInt32LE(dynstr.add(file), 4); // vn_file
    entry.writeUInt32LE(16, 8); // vn_aux: right after this entry
    entry.writeUInt32LE(i === versionNeeds.length - 1 ? 0 : entry.length, 12); // vn_next
    versions.forEach((version, j) => {
      const at = 16 + 16 * j;
      entry.writeUInt32LE(elfHash(version), at); // vna_hash
      entry.writeUInt16LE(0, at + 4); // vna_flags
      entry.writeUInt16LE(versionIndex++, at + 6); // vna_other
      entry.writeUInt32LE(dynstr.add(version), at + 8); // vna_name
      entry.writeUInt32LE(j === versions.length - 1 ? 0 : 16, at + 12); // vna_next
    });
    verneedParts.push(entry);
  });
  const verneed = Buffer.concat(verneedParts);

  // .dynamic: DT_NEEDED entries then DT_NULL; each entry is two address-sized words.
  const word = is64 ? 8 : 4;
  const dynamic = Buffer.alloc((needed.length + 1) * 2 * word);
  needed.forEach((lib, i) => {
    const at = i * 2 * word;
    if (is64) {
      dynamic.writeBigUInt64LE(1n, at);
      dynamic.writeBigUInt64LE(BigInt(dynstr.add(lib)), at + word);
    } else {
      dynamic.writeUInt32LE(1, at);
      dynamic.writeUInt32LE(dynstr.add(lib), at + word);
    }
  });

  // Sections: [0] null, [1] .shstrtab, [2] .dynstr, [3] .dynamic, [4] .gnu.version_r (optional).
  const sections: { name: string; type: number; data: Buffer; link: number; info: number; entsize: number }[] = [
    { name: '', type: 0, data: Buffer.alloc(0), link: 0, info: 0, entsize: 0 },
    { name: '.shstrtab', type: SHT_STRTAB, data: Buffer.alloc(0), link: 0, info: 0, entsize: 0 },
    { name: '.dynstr', type: SHT_STRTAB, data: dynstr.bytes(), link: 0, info: 0, entsize: 0 },
    { name: '.dynamic', type: SHT_DYNAMIC, data: dynamic, link: 2, info: 0, entsize: 2 * word },
  ];
  if (!spec.omitVersionSection && versionNeeds.length > 0) {
    sections.push({ name: '.gnu.version_r', type: SHT_GNU_VERNEED, data: verneed, link: 2, info: versionNeeds.length, entsize: 0 });
  }
  const nameOffsets = sections.map((s) => (s.name ? shstrtab.add(s.name) : 0));
  sections[1]!.data = shstrtab.bytes();

  // Layout: header, then each section's bytes (8-aligned), then the section header table.
  const headerSize = is64 ? 64 : 52;
  const shentsize = is64 ? 64 : 40;
  const align = (n: number): number => Math.ceil(n / 8) * 8;
  const offsets: number[] = [];
  let cursor = headerSize;
  for (const s of sections) {
    cursor = align(cursor);
    offsets.push(cursor);
    cursor += s.data.length;
  }
  const shoff = align(cursor);
  const file = Buffer.alloc(shoff + shentsize * sections.length);

  // ELF header: magic, class, data (LE), version, then the fields by layout.
  file.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, 1, 1, 0], 0);
  file.writeUInt16LE(spec.type === 'relocatable' ? 1 : 3, 0x10); // e_type: ET_REL or ET_DYN
  file.writeUInt16LE(spec.machine, 0x12);
  file.writeUInt32LE(1, 0x14); // e_version
  if (is64) {
    file.writeBigUInt64LE(BigInt(shoff), 0x28);
    file.writeUInt16LE(headerSize, 0x34);
    file.writeUInt16LE(shentsize, 0x3a);
    file.writeUInt16LE(sections.length, 0x3c);
    file.writeUInt16LE(1, 0x3e); // e_shstrndx
  } else {
    file.writeUInt32LE(shoff, 0x20);
    file.writeUInt16LE(headerSize, 0x28);
    file.writeUInt16LE(shentsize, 0x2e);
    file.writeUInt16LE(sections.length, 0x30);
    file.writeUInt16LE(1, 0x32);
  }

  sections.forEach((s, i) => {
    s.data.copy(file, offsets[i]);
    const at = shoff + i * shentsize;
    file.writeUInt32LE(nameOffsets[i]!, at);
    file.writeUInt32LE(s.type, at + 4);
    if (is64) {
      file.writeBigUInt64LE(BigInt(i === 0 ? 0 : offsets[i]!), at + 0x18);
      file.writeBigUInt64LE(BigInt(s.data.length), at + 0x20);
      file.writeUInt32LE(s.link, at + 0x28);
      file.writeUInt32LE(s.info, at + 0x2c);
      file.writeBigUInt64LE(1n, at + 0x30); // sh_addralign
      file.writeBigUInt64LE(BigInt(s.entsize), at + 0x38);
    } else {
      file.writeUInt32LE(i === 0 ? 0 : offsets[i]!, at + 0x10);
      file.writeUInt32LE(s.data.length, at + 0x14);
      file.writeUInt32LE(s.link, at + 0x18);
      file.writeUInt32LE(s.info, at + 0x1c);
      file.writeUInt32LE(1, at + 0x20);
      file.writeUInt32LE(s.entsize, at + 0x24);
    }
  });
  return file;
}
