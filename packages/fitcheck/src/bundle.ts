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
 * 3. Native binaries: any `.node` file and any file starting with the ELF magic
 *    number, parsed by `elf.ts`.
 *
 * Edit this file to change what counts as a data file, or how bundles are read.
 */
import { mkdir, open, readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, posix, relative, resolve, sep } from 'node:path';
import { Zip, ZipDeflate, unzipSync, type UnzipFileInfo } from 'fflate';
import { detectBinaryFormat, type ElfInfo, parseElf } from './elf.js';
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
  /** `addon`: a `.node` file Node loads with `process.dlopen`; `shared-library`: a `.so`; `executable`: anything else ELF. */
  kind: 'addon' | 'shared-library' | 'executable';
  format: 'elf' | 'mach-o' | 'pe' | 'unknown';
  /** Present for ELF files that parsed. */
  elf?: ElfInfo;
  /** Why an ELF file could not be parsed. */
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
  natives: NativeBinary[];
}

/** Deflate level used to estimate the zipped size of a folder: zip's and CDK's (archiver's) default. */
export const ZIP_LEVEL = 6;
/** Chunk size for streaming files through the compressor. */
const CHUNK_BYTES = MB;
/** Upper bound on uncompressed bytes inflated at once when reading a zip. */
const INFLATE_BATCH_BYTES = 64 * MB;

const CODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.map', '.node', '.jsx', '.tsx']);
const DATA_EXTENSIONS = new Set([
  '.json', '.jsonl', '.ndjson', '.csv', '.tsv', '.parquet', '.arrow', '.feather',
  '.bin', '.f32', '.f16', '.i8', '.u8', '.npy', '.npz', '.dat', '.vec', '.emb',
  '.onnx', '.pt', '.pth', '.safetensors', '.gguf', '.ggml', '.tflite', '.pb', '.h5', '.model',
  '.index', '.idx', '.hnsw', '.ann', '.faiss', '.db', '.sqlite', '.msgpack',
]);
/** Non-code files at least this large are listed as data whatever their extension. */
const LARGE_FILE_BYTES = MB;

/** True for files that are program text rather than data (used to split init reads into code and data). */
export function isCodePath(path: string): boolean {
  return CODE_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * The bundle's data files, largest first: known data extensions (`.json`, `.bin`,
 * `.f32`, `.onnx`, `.csv`, index files…) except `package.json`, plus any non-code
 * file of 1 MiB or more. A static cross-check for what init is measured to read.
 */
export function listDataFiles(files: BundleFile[]): BundleFile[] {
  return files
    .filter((f) => {
      if (isCodePath(f.path) || posix.basename(f.path) === 'package.json') return false;
      return DATA_EXTENSIONS.has(extname(f.path).toLowerCase()) || f.bytes >= LARGE_FILE_BYTES;
    })
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}

function nativeKind(path: string, elf: ElfInfo | undefined): NativeBinary['kind'] {
  if (path.endsWith('.node')) return 'addon';
  if (/\.so(\.\d+)*$/.test(path) || elf?.type === 'shared-object') return 'shared-library';
  return 'executable';
}

/** A file is a native candidate when it is named `.node` or starts with the ELF magic number. */
function isNativeCandidate(path: string, head: Uint8Array): boolean {
  return path.endsWith('.node') || detectBinaryFormat(head) === 'elf';
}

function describeNative(path: string, bytes: Uint8Array): NativeBinary {
  const format = detectBinaryFormat(bytes);
  const native: NativeBinary = { path, bytes: bytes.byteLength, kind: 'addon', format };
  if (format === 'elf') {
    try {
      native.elf = parseElf(bytes);
    } catch (err) {
      native.parseError = (err as Error).message;
    }
  }
  native.kind = nativeKind(path, native.elf);
  return native;
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
    natives,
  };
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
  const entries: UnzipFileInfo[] = [];
  try {
    unzipSync(archive, {
      filter: (info) => {
        if (!info.name.endsWith('/')) entries.push(info);
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
      if (isNativeCandidate(path, data.subarray(0, 4))) natives.push(describeNative(path, data));
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
    natives,
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
