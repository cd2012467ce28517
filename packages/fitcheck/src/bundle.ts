/**
 * Reading a deploy bundle, folder or .zip: every file's size, the zipped size, and
 * the native binaries inside.
 *
 * 1. Folder: walk it (following symlinks, as zip tools do), and stream every file
 *    through an in-memory fflate zip at deflate level 6, counting the output bytes.
 *    Files go through in 1 MiB chunks and nothing is kept, so a 300 MB folder costs
 *    a few MB of memory. That count is the zipped size Lambda would see.
 * 2. Zip: the upload is the file itself, so its size is the zipped size; entry sizes
 *    come from the central directory. Entries are then inflated in bounded batches
 *    to look for native binaries and, when the handler is to be run, written out.
 *    Every entry's CRC-32 is checked against the central directory: a corrupt zip is
 *    refused (exit 2), never judged on bytes that are not what was zipped.
 * 3. Native binaries: any `.node` file and any file that starts like an ELF, Mach-O
 *    or PE binary, read by `elf.ts` and `macho-pe.ts`. Relocatable objects (`.o`,
 *    which node-gyp leaves in `build/Release/obj.target`) are listed apart: nothing
 *    loads them, so their CPU cannot make the bundle fail.
 * 4. Code or data: compiled native code (`.so.1.2`, `.dylib`, `.dll`, `.a`, `.o`…) and
 *    C/C++ sources are code, never "data files", whatever their size.
 *
 * Edit this file to change what counts as a data file, or how bundles are read.
 */
import { mkdir, open, readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, posix, relative, resolve, sep } from 'node:path';
import { crc32 } from 'node:zlib';
import { Zip, ZipDeflate, unzipSync, type UnzipFileInfo } from 'fflate';
import { detectBinaryFormat, type ElfHeader, type ElfInfo, parseElf, readElfHeader } from './elf.js';
import { readMachOHeader, readPeHeader } from './macho-pe.js';
import { MB } from './limits.js';

/** The input cannot be analysed (missing, unreadable, not a zip, unsafe paths). The CLI exits with 2. */
export class CannotAnalyseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CannotAnalyseError';
  }
}

/** One file of the bundle, by its path inside the bundle (always `/`-separated). */
export interface BundleFile {
  path: string;
  bytes: number;
}

/** A compiled binary found in the bundle. */
export interface NativeBinary {
  path: string;
  bytes: number;
  /**
   * `addon`: a `.node` file Node loads with `process.dlopen`; `shared-library`: a `.so`,
   * `.dylib` or `.dll`; `object-file`: a relocatable object (`.o`) that nothing loads;
   * `executable`: any other binary.
   */
  kind: 'addon' | 'shared-library' | 'executable' | 'object-file';
  format: 'elf' | 'mach-o' | 'pe' | 'unknown';
  /**
   * The CPU it was built for, in ELF's names (`x86_64`, `aarch64`…), read from the header
   * of any format; `universal (x86_64, aarch64)` for a universal Mach-O. Absent when unreadable.
   */
  architecture?: string;
  /** Present for ELF files that parsed. */
  elf?: ElfInfo;
  /** Why an ELF file could not be parsed (its `architecture` may still be known from the header). */
  parseError?: string;
}

/** Everything read from the bundle without running it. */
export interface BundleScan {
  kind: 'folder' | 'zip';
  /** Absolute path of the folder or zip file. */
  source: string;
  files: BundleFile[];
  unzippedBytes: number;
  zippedBytes: number;
  /** How `zippedBytes` was obtained. */
  zippedMethod: 'zip-file-size' | 'fflate-deflate-level-6';
  /** Binaries that load (addons, shared libraries, executables): the ones the verdict judges. */
  natives: NativeBinary[];
  /** Relocatable objects (`.o`): build leftovers nothing loads, listed so the report can say so, never judged. */
  objectFiles?: NativeBinary[];
}

/** Deflate level used to estimate the zipped size of a folder: zip's and CDK's (archiver's) default. */
export const ZIP_LEVEL = 6;
/** Chunk size for streaming files through the compressor. */
const CHUNK_BYTES = MB;
/** Upper bound on uncompressed bytes inflated at once when reading a zip. */
const INFLATE_BATCH_BYTES = 64 * MB;

/** JavaScript, TypeScript and source maps: what Node itself reads as code. */
const SCRIPT_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.map', '.jsx', '.tsx']);
/**
 * Compiled native code on Linux, macOS and Windows: addons, shared libraries, static
 * archives and object files. The dynamic linker loads some of them; none is data.
 */
const NATIVE_CODE_EXTENSIONS = new Set(['.node', '.so', '.dylib', '.dll', '.a', '.lib', '.o', '.obj']);
/** A versioned shared library: `libonnxruntime.so.1`, `libvips.so.42.17.1`. */
const VERSIONED_SHARED_LIBRARY = /\.so(\.\d+)+$/i;
/** C and C++ sources and headers, which packages with native code ship beside their build. */
const NATIVE_SOURCE_EXTENSIONS = new Set(['.c', '.cc', '.cpp', '.cxx', '.c++', '.h', '.hh', '.hpp', '.hxx', '.h++', '.inl', '.ipp', '.tcc']);
const DATA_EXTENSIONS = new Set([
  '.json', '.jsonl', '.ndjson', '.csv', '.tsv', '.parquet', '.arrow', '.feather',
  '.bin', '.f32', '.f16', '.i8', '.u8', '.npy', '.npz', '.dat', '.vec', '.emb',
  '.onnx', '.pt', '.pth', '.safetensors', '.gguf', '.ggml', '.tflite', '.pb', '.h5', '.model',
  '.index', '.idx', '.hnsw', '.ann', '.faiss', '.db', '.sqlite', '.msgpack',
]);
/** Non-code files at least this large are listed as data whatever their extension. */
const LARGE_FILE_BYTES = MB;

/**
 * True for files that are program rather than data: JavaScript and TypeScript, compiled
 * native code (including versioned `.so.N` libraries) and C/C++ sources. Used to split
 * what init reads into code and data, and to keep code out of the data-file listing.
 */
export function isCodePath(path: string): boolean {
  const extension = extname(path).toLowerCase();
  return SCRIPT_EXTENSIONS.has(extension) || NATIVE_CODE_EXTENSIONS.has(extension) || NATIVE_SOURCE_EXTENSIONS.has(extension) || VERSIONED_SHARED_LIBRARY.test(path);
}

/**
 * The bundle's data files, largest first: known data extensions (`.json`, `.bin`,
 * `.f32`, `.onnx`, `.csv`, index files…) except `package.json`, plus any non-code
 * file of 1 MiB or more. A static cross-check for what init is measured to read.
 * @param binaries native binaries found by their content (an ELF named `bin/ffmpeg`): never data.
 */
export function listDataFiles(files: BundleFile[], binaries: readonly Pick<NativeBinary, 'path'>[] = []): BundleFile[] {
  const binaryPaths = new Set(binaries.map((b) => b.path));
  return files
    .filter((f) => {
      if (isCodePath(f.path) || binaryPaths.has(f.path) || posix.basename(f.path) === 'package.json') return false;
      return DATA_EXTENSIONS.has(extname(f.path).toLowerCase()) || f.bytes >= LARGE_FILE_BYTES;
    })
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}

/** What a binary's header says about the file, whatever its format. */
interface HeaderFacts {
  architecture?: string;
  /** A relocatable object: compiled, but never loaded. */
  isObjectFile: boolean;
  isSharedLibrary: boolean;
}

function nativeKind(path: string, facts: HeaderFacts): NativeBinary['kind'] {
  if (facts.isObjectFile) return 'object-file';
  if (path.endsWith('.node')) return 'addon';
  if (VERSIONED_SHARED_LIBRARY.test(path) || /\.(so|dylib|dll)$/i.test(path) || facts.isSharedLibrary) return 'shared-library';
  return 'executable';
}

/** A file is a native candidate when it is named `.node` or starts like an ELF, Mach-O or PE binary. */
function isNativeCandidate(path: string, head: Uint8Array): boolean {
  return path.endsWith('.node') || detectBinaryFormat(head) !== 'unknown';
}

function elfFacts(header: ElfHeader): HeaderFacts {
  return { architecture: header.architecture, isObjectFile: header.type === 'relocatable', isSharedLibrary: header.type === 'shared-object' };
}

/** Reads what the header of `bytes` says; for ELF also the full parse (or why it failed). */
function readBinary(format: NativeBinary['format'], bytes: Uint8Array): { facts: HeaderFacts; elf?: ElfInfo; parseError?: string } {
  if (format === 'elf') {
    try {
      const elf = parseElf(bytes);
      return { facts: elfFacts(elf), elf };
    } catch (err) {
      // A truncated file often keeps its first 20 bytes: report its CPU anyway.
      let facts: HeaderFacts = { isObjectFile: false, isSharedLibrary: false };
      try {
        facts = elfFacts(readElfHeader(bytes));
      } catch {
        // Not even e_machine is readable.
      }
      return { facts, parseError: (err as Error).message };
    }
  }
  if (format === 'mach-o') {
    const header = readMachOHeader(bytes);
    if (!header) return { facts: { isObjectFile: false, isSharedLibrary: false } };
    const architecture = header.universal ? `universal (${header.architectures.join(', ')})` : header.architectures[0];
    return { facts: { architecture, isObjectFile: header.fileType === 'object', isSharedLibrary: header.fileType === 'shared-library' || header.fileType === 'bundle' } };
  }
  if (format === 'pe') {
    const header = readPeHeader(bytes);
    return { facts: { architecture: header?.architecture, isObjectFile: false, isSharedLibrary: header?.isDll ?? false } };
  }
  return { facts: { isObjectFile: false, isSharedLibrary: false } };
}

function describeNative(path: string, bytes: Uint8Array): NativeBinary {
  const format = detectBinaryFormat(bytes);
  const { facts, elf, parseError } = readBinary(format, bytes);
  return {
    path,
    bytes: bytes.byteLength,
    kind: nativeKind(path, facts),
    format,
    ...(facts.architecture === undefined ? {} : { architecture: facts.architecture }),
    ...(elf ? { elf } : {}),
    ...(parseError === undefined ? {} : { parseError }),
  };
}

/** Splits binaries into those that load (judged) and relocatable objects (listed only). */
function splitObjectFiles(binaries: NativeBinary[]): { natives: NativeBinary[]; objectFiles: NativeBinary[] } {
  return { natives: binaries.filter((b) => b.kind !== 'object-file'), objectFiles: binaries.filter((b) => b.kind === 'object-file') };
}

/** Lists a folder's files recursively, following symlinks but never the same real folder twice. */
async function walk(root: string): Promise<{ abs: string; path: string; bytes: number }[]> {
  const out: { abs: string; path: string; bytes: number }[] = [];
  const seen = new Set<string>();
  async function visit(dir: string): Promise<void> {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = (await readdir(dir)).sort();
    for (const name of entries) {
      const abs = join(dir, name);
      let info;
      try {
        info = await stat(abs);
      } catch {
        continue; // A dangling symlink: zip tools skip it too.
      }
      if (info.isDirectory()) await visit(abs);
      else if (info.isFile()) out.push({ abs, path: relative(root, abs).split(sep).join('/'), bytes: info.size });
    }
  }
  await visit(root);
  return out;
}

/**
 * Scans a folder: sizes, zipped size (streamed through fflate, level 6) and native binaries.
 * @throws CannotAnalyseError when the folder cannot be read.
 */
export async function scanFolder(folder: string): Promise<BundleScan> {
  const source = resolve(folder);
  const entries = await walk(source).catch((err: Error) => {
    throw new CannotAnalyseError(`Cannot read folder ${source}: ${err.message}`);
  });

  let zippedBytes = 0;
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    zippedBytes += chunk.byteLength;
  });
  const natives: NativeBinary[] = [];

  for (const entry of entries) {
    const member = new ZipDeflate(entry.path, { level: ZIP_LEVEL });
    zip.add(member);
    const handle = await open(entry.abs, 'r');
    try {
      let keep: Buffer[] | undefined;
      let first = true;
      for (;;) {
        // A fresh buffer per chunk: fflate may hold on to input until it has compressed it.
        const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
        const data = chunk.subarray(0, bytesRead);
        if (first) {
          first = false;
          if (isNativeCandidate(entry.path, data)) keep = [];
        }
        keep?.push(data);
        member.push(data, bytesRead === 0);
        if (bytesRead === 0) break;
      }
      if (keep) natives.push(describeNative(entry.path, Buffer.concat(keep)));
    } finally {
      await handle.close();
    }
  }
  zip.end();

  const files = entries.map(({ path, bytes }) => ({ path, bytes }));
  return {
    kind: 'folder',
    source,
    files,
    unzippedBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    zippedBytes,
    zippedMethod: 'fflate-deflate-level-6',
    ...splitObjectFiles(natives),
  };
}

function hex(crc: number): string {
  return `0x${crc.toString(16).padStart(8, '0')}`;
}

/** Little-endian reads that fail as `CannotAnalyseError` past the end of the file. */
function readU32(bytes: Uint8Array, at: number): number {
  if (at < 0 || at + 4 > bytes.length) throw new CannotAnalyseError(`zip structure points past the end of the file (byte ${at})`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}

function readU16(bytes: Uint8Array, at: number): number {
  if (at < 0 || at + 2 > bytes.length) throw new CannotAnalyseError(`zip structure points past the end of the file (byte ${at})`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(at, true);
}

/**
 * The CRC-32 the zip records for each entry, in central-directory order (APPNOTE.TXT
 * 4.3.12: a central file header is "PK\x01\x02", the CRC at +16, the name, extra and
 * comment lengths at +28, +30, +32, the name at +46). fflate inflates entries but does
 * not check their CRC, so fitcheck does, with Node's `zlib.crc32`. The directory is
 * found the way fflate finds it: the end record ("PK\x05\x06") near the end of the
 * file, or its Zip64 form when the zip is too large for 32-bit fields.
 */
function readCentralDirectoryCrcs(archive: Uint8Array): number[] {
  let end = archive.length - 22;
  while (end >= 0 && readU32(archive, end) !== 0x06054b50) {
    if (archive.length - end > 65_557) return [];
    end--;
  }
  if (end < 0) return [];
  let count = readU16(archive, end + 10);
  let offset = readU32(archive, end + 16);
  if (end >= 20 && readU32(archive, end - 20) === 0x07064b50) {
    const zip64End = readU32(archive, end - 12);
    if (readU32(archive, zip64End) === 0x06064b50) {
      count = readU32(archive, zip64End + 32);
      offset = readU32(archive, zip64End + 48);
    }
  }
  const crcs: number[] = [];
  for (let i = 0; i < count; i++) {
    if (readU32(archive, offset) !== 0x02014b50) throw new CannotAnalyseError(`central directory entry ${i} is damaged`);
    crcs.push(readU32(archive, offset + 16));
    offset += 46 + readU16(archive, offset + 28) + readU16(archive, offset + 30) + readU16(archive, offset + 32);
  }
  return crcs;
}

/** Rejects entry names that would escape the extraction folder ("zip slip"). */
function safeEntryPath(name: string): string {
  const normalised = posix.normalize(name.replace(/\\/g, '/'));
  if (normalised.startsWith('/') || normalised === '..' || normalised.startsWith('../') || /^[a-zA-Z]:/.test(normalised)) {
    throw new CannotAnalyseError(`Unsafe path in zip: ${name}`);
  }
  return normalised;
}

/**
 * Scans a .zip bundle: its own size is the zipped size, entry sizes come from the
 * central directory, native binaries from inflating the entries in batches.
 * @param extractTo when given, every entry is also written below this folder, so the handler can be run.
 * @throws CannotAnalyseError when the file is not a readable zip or has unsafe paths.
 */
export async function scanZip(zipFile: string, extractTo?: string): Promise<BundleScan> {
  const source = resolve(zipFile);
  let archive: Uint8Array;
  try {
    archive = await readFile(source);
  } catch (err) {
    throw new CannotAnalyseError(`Cannot read ${source}: ${(err as Error).message}`);
  }

  // Pass 1: the central directory only. Returning false from `filter` skips inflating.
  // fflate visits the entries in central-directory order, the order of `recordedCrcs`.
  const entries: UnzipFileInfo[] = [];
  const expectedCrc = new Map<string, number>();
  try {
    const recordedCrcs = readCentralDirectoryCrcs(archive);
    let index = 0;
    unzipSync(archive, {
      filter: (info) => {
        const crc = recordedCrcs[index++];
        if (!info.name.endsWith('/')) {
          entries.push(info);
          if (crc !== undefined) expectedCrc.set(info.name, crc);
        }
        return false;
      },
    });
  } catch (err) {
    throw new CannotAnalyseError(`${source} is not a readable zip file: ${(err as Error).message}`);
  }
  for (const entry of entries) safeEntryPath(entry.name);

  // Pass 2: inflate in batches of bounded size, look at each file, write it out if asked.
  const natives: NativeBinary[] = [];
  for (let start = 0; start < entries.length; ) {
    const batch = new Set<string>();
    let batchBytes = 0;
    while (start < entries.length && (batch.size === 0 || batchBytes + entries[start]!.originalSize <= INFLATE_BATCH_BYTES)) {
      batch.add(entries[start]!.name);
      batchBytes += entries[start]!.originalSize;
      start++;
    }
    let inflated: Record<string, Uint8Array>;
    try {
      inflated = unzipSync(archive, { filter: (info) => batch.has(info.name) });
    } catch (err) {
      throw new CannotAnalyseError(`Cannot inflate ${source}: ${(err as Error).message}`);
    }
    for (const [name, data] of Object.entries(inflated)) {
      const path = safeEntryPath(name);
      const expected = expectedCrc.get(name);
      const actual = crc32(data);
      if (expected !== undefined && actual !== expected) {
        throw new CannotAnalyseError(
          `${source} is corrupt: ${name} fails its CRC-32 check (the zip records ${hex(expected)}, its content gives ${hex(actual)}); re-create or re-download the zip`,
        );
      }
      if (isNativeCandidate(path, data)) natives.push(describeNative(path, data));
      if (extractTo) {
        const target = join(extractTo, ...path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, data);
      }
    }
  }

  const files = entries.map((e) => ({ path: safeEntryPath(e.name), bytes: e.originalSize }));
  return {
    kind: 'zip',
    source,
    files,
    unzippedBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    zippedBytes: archive.byteLength,
    zippedMethod: 'zip-file-size',
    ...splitObjectFiles(natives),
  };
}

/** Decides whether a path is a zip (by its first bytes, "PK\x03\x04") or a folder. */
export async function detectBundleKind(target: string): Promise<'folder' | 'zip'> {
  let info;
  try {
    info = await stat(target);
  } catch {
    throw new CannotAnalyseError(`No such file or folder: ${target}`);
  }
  if (info.isDirectory()) return 'folder';
  const handle = await open(target, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    // An empty archive starts with the end-of-central-directory record, "PK\x05\x06".
    if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return 'zip';
  } finally {
    await handle.close();
  }
  throw new CannotAnalyseError(`${target} is neither a folder nor a .zip file`);
}
