import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CannotAnalyseError, detectBundleKind, isCodePath, listDataFiles, scanFolder, scanZip } from '../src/bundle.js';
import { EM_AARCH64, EM_X86_64 } from '../src/elf.js';
import { seededRandom } from './fixtures.js';
import { buildElf } from './helpers/elf-builder.js';
import { buildJavaClassHeader, buildMachO, buildPe, buildUniversalMachO, CPU_TYPE, MH_FILETYPE, PE_MACHINE } from './helpers/macho-pe-builder.js';

let root: string;
let bundle: string;
/** The files written into `bundle`, by path, for independent cross-checks. */
const written = new Map<string, Uint8Array>();

async function put(path: string, data: Uint8Array | string): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  await mkdir(join(bundle, path, '..'), { recursive: true });
  await writeFile(join(bundle, path), bytes);
  written.set(path, bytes);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fitcheck-bundle-'));
  bundle = join(root, 'bundle');
  const random = seededRandom(5);
  const noise = new Uint8Array(300_000).map(() => Math.floor(random() * 256));
  await put('index.mjs', 'export const handler = async () => ({ statusCode: 200 });\n'.repeat(50));
  await put('model.json', JSON.stringify({ weights: Array.from({ length: 2000 }, () => random()) }));
  await put('embeddings.f32', noise);
  await put('zeros.bin', new Uint8Array(2 * 1024 * 1024));
  await put('node_modules/pkg/package.json', '{"name":"pkg"}');
  await put('node_modules/pkg/build/Release/addon.node', buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17', 'GLIBC_2.38'] } }));
  await put('node_modules/pkg/lib/libhelper.so.1', buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17'] } }));
  await put('node_modules/mac/mac.node', Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1, 0, 0, 0, 0]));
  // A symlinked file is followed (zip tools store its content); a dangling one is skipped.
  await symlink(join(bundle, 'model.json'), join(bundle, 'model-link.json'));
  await symlink(join(bundle, 'missing.txt'), join(bundle, 'dangling.txt'));
  written.set('model-link.json', written.get('model.json')!);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanFolder', () => {
  it('counts every file, follows symlinks and skips dangling ones', async () => {
    // Act
    const scan = await scanFolder(bundle);

    // Assert
    const expected = [...written.entries()].map(([path, data]) => ({ path, bytes: data.byteLength }));
    expect(scan.files.sort((a, b) => a.path.localeCompare(b.path))).toEqual(expected.sort((a, b) => a.path.localeCompare(b.path)));
    expect(scan.unzippedBytes).toBe(expected.reduce((sum, f) => sum + f.bytes, 0));
  });

  it('streams a zipped size within 1% of zipping the same files in one go', async () => {
    // Arrange: an independent, all-in-memory zip of the same files at the same level.
    const oneShot = zipSync(Object.fromEntries(written), { level: 6 });

    // Act
    const scan = await scanFolder(bundle);

    // Assert
    expect(scan.zippedMethod).toBe('fflate-deflate-level-6');
    expect(Math.abs(scan.zippedBytes - oneShot.byteLength) / oneShot.byteLength).toBeLessThan(0.01);
    // Random bytes do not compress and 2 MB of zeros nearly vanish: the total sits in between.
    expect(scan.zippedBytes).toBeGreaterThan(300_000);
    expect(scan.zippedBytes).toBeLessThan(scan.unzippedBytes / 2);
  });

  it('finds native binaries by .node name or ELF magic and parses them', async () => {
    const scan = await scanFolder(bundle);

    const byPath = new Map(scan.natives.map((n) => [n.path, n]));
    expect([...byPath.keys()].sort()).toEqual(['node_modules/mac/mac.node', 'node_modules/pkg/build/Release/addon.node', 'node_modules/pkg/lib/libhelper.so.1']);
    expect(byPath.get('node_modules/pkg/build/Release/addon.node')).toMatchObject({ kind: 'addon', format: 'elf', elf: { architecture: 'aarch64', requiredGlibc: '2.38' } });
    expect(byPath.get('node_modules/pkg/lib/libhelper.so.1')).toMatchObject({ kind: 'shared-library', elf: { requiredGlibc: '2.17' } });
    expect(byPath.get('node_modules/mac/mac.node')).toMatchObject({ kind: 'addon', format: 'mach-o' });
  });
});

describe('scanZip', () => {
  let zipPath: string;
  beforeAll(async () => {
    zipPath = join(root, 'bundle.zip');
    await writeFile(zipPath, zipSync(Object.fromEntries(written), { level: 6 }));
  });

  it('reads entry sizes from the zip and takes the file size as the zipped size', async () => {
    // Act
    const scan = await scanZip(zipPath);

    // Assert
    expect(scan.kind).toBe('zip');
    expect(scan.zippedBytes).toBe((await readFile(zipPath)).byteLength);
    expect(scan.unzippedBytes).toBe([...written.values()].reduce((sum, d) => sum + d.byteLength, 0));
    expect(scan.natives.map((n) => n.path).sort()).toEqual(['node_modules/mac/mac.node', 'node_modules/pkg/build/Release/addon.node', 'node_modules/pkg/lib/libhelper.so.1']);
  });

  it('extracts every entry byte for byte when asked to', async () => {
    // Arrange
    const out = join(root, 'extracted');
    const sha = (d: Uint8Array): string => createHash('sha256').update(d).digest('hex');

    // Act
    await scanZip(zipPath, out);

    // Assert
    for (const [path, data] of written) expect(sha(await readFile(join(out, path))), path).toBe(sha(data));
  });

  it('refuses, with a clear message, a zip whose entry fails its CRC-32 check', async () => {
    // Arrange: store the entries uncompressed, then flip one byte of model.json's content,
    // as a bad disk or a cut-and-patched download would. Sizes and names stay valid.
    const model = Buffer.from(JSON.stringify({ weights: [0.25, 0.5, 0.75] }));
    const archive = Buffer.from(zipSync({ 'index.mjs': Buffer.from('export const handler = async () => 1;\n'), 'model.json': model }, { level: 0 }));
    const at = archive.indexOf(model);
    expect(at).toBeGreaterThan(0);
    archive[at + 5] = archive[at + 5]! ^ 0xff;
    const corrupt = join(root, 'crc-corrupt.zip');
    await writeFile(corrupt, archive);

    // Act + Assert
    await expect(scanZip(corrupt)).rejects.toThrow(CannotAnalyseError);
    await expect(scanZip(corrupt)).rejects.toThrow(/model\.json fails its CRC-32 check/);
  });

  it('refuses an entry that would escape the extraction folder', async () => {
    const evil = join(root, 'evil.zip');
    await writeFile(evil, zipSync({ 'index.mjs': Buffer.from('x'), '../escape.txt': Buffer.from('x') }));

    await expect(scanZip(evil, join(root, 'evil-out'))).rejects.toThrow(/Unsafe path in zip: \.\.\/escape\.txt/);
  });

  it('reports a file that is not a zip as CannotAnalyseError', async () => {
    const notZip = join(root, 'not-a-zip.txt');
    await writeFile(notZip, 'hello');

    await expect(detectBundleKind(notZip)).rejects.toThrow(CannotAnalyseError);
    await expect(detectBundleKind(join(root, 'nope'))).rejects.toThrow(/No such file or folder/);
    await expect(detectBundleKind(bundle)).resolves.toBe('folder');
    await expect(detectBundleKind(zipPath)).resolves.toBe('zip');
  });
});

describe('native binaries beyond ELF, and binaries that never load', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, 'natives');
    const files: Record<string, Uint8Array> = {
      'index.mjs': Buffer.from('export const handler = async () => 1;\n'),
      // node-gyp leaves relocatable objects next to the addon; nothing ever loads them.
      'node_modules/pkg/build/Release/obj.target/addon/src/addon.o': buildElf({ machine: EM_X86_64, type: 'relocatable' }),
      'node_modules/pkg/lib/libmac.1.2.dylib': buildMachO({ cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.dylib }),
      'node_modules/pkg/prebuilds/darwin/universal.node': buildUniversalMachO([
        { cpuType: CPU_TYPE.x86_64, fileType: MH_FILETYPE.bundle },
        { cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.bundle },
      ]),
      'node_modules/pkg/prebuilds/win32/addon.node': buildPe({ machine: PE_MACHINE.x86_64, dll: true }),
      'node_modules/pkg/prebuilds/win32/helper.dll': buildPe({ machine: PE_MACHINE.arm64, dll: true }),
      // A download cut short: the ELF header is intact, the section headers are gone.
      'node_modules/cut/cut.node': buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17'] } }).subarray(0, 64),
      'node_modules/java/Foo.class': buildJavaClassHeader(),
      'notes/MZ.txt': Buffer.from('MZ is how this text file happens to start, and nothing more.'),
    };
    for (const [path, data] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), data);
    }
  });

  it('lists Mach-O (thin and universal) and PE files as native binaries, with their architecture', async () => {
    const scan = await scanFolder(dir);

    const byPath = new Map(scan.natives.map((n) => [n.path, n]));
    expect(byPath.get('node_modules/pkg/lib/libmac.1.2.dylib')).toMatchObject({ format: 'mach-o', kind: 'shared-library', architecture: 'aarch64' });
    expect(byPath.get('node_modules/pkg/prebuilds/darwin/universal.node')).toMatchObject({ format: 'mach-o', kind: 'addon', architecture: 'universal (x86_64, aarch64)' });
    expect(byPath.get('node_modules/pkg/prebuilds/win32/addon.node')).toMatchObject({ format: 'pe', kind: 'addon', architecture: 'x86_64' });
    expect(byPath.get('node_modules/pkg/prebuilds/win32/helper.dll')).toMatchObject({ format: 'pe', kind: 'shared-library', architecture: 'aarch64' });
  });

  it('keeps ELF relocatable objects (.o) out of the native binaries that must load, and lists them as object files', async () => {
    const scan = await scanFolder(dir);

    const objectPath = 'node_modules/pkg/build/Release/obj.target/addon/src/addon.o';
    expect(scan.natives.map((n) => n.path)).not.toContain(objectPath);
    expect(scan.objectFiles).toEqual([expect.objectContaining({ path: objectPath, kind: 'object-file', format: 'elf', architecture: 'x86_64' })]);
  });

  it('still reports the e_machine of a truncated ELF whose header is readable, with the parse error', async () => {
    const scan = await scanFolder(dir);

    const cut = scan.natives.find((n) => n.path === 'node_modules/cut/cut.node');
    expect(cut).toMatchObject({ format: 'elf', kind: 'addon', architecture: 'aarch64', parseError: expect.stringMatching(/Truncated/) as string });
    expect(cut?.elf).toBeUndefined();
  });

  it('does not take a Java class file or a text file starting with "MZ" for a native binary', async () => {
    const scan = await scanFolder(dir);

    const paths = [...scan.natives, ...(scan.objectFiles ?? [])].map((n) => n.path);
    expect(paths).not.toContain('node_modules/java/Foo.class');
    expect(paths).not.toContain('notes/MZ.txt');
  });

  it('finds the same binaries in a .zip of the folder', async () => {
    const folderScan = await scanFolder(dir);
    const zipPath = join(root, 'natives.zip');
    const entries: Record<string, Uint8Array> = {};
    for (const file of folderScan.files) entries[file.path] = await readFile(join(dir, file.path));
    await writeFile(zipPath, zipSync(entries));

    const zipScan = await scanZip(zipPath);

    const summary = (list: { path: string; kind: string; architecture?: string }[]) => list.map(({ path, kind, architecture }) => ({ path, kind, architecture })).sort((a, b) => a.path.localeCompare(b.path));
    expect(summary(zipScan.natives)).toEqual(summary(folderScan.natives));
    expect(summary(zipScan.objectFiles ?? [])).toEqual(summary(folderScan.objectFiles ?? []));
  });
});

describe('listDataFiles', () => {
  it('leaves native code out: versioned .so, .dylib, .dll, static archives, object files, C/C++ sources and headers', () => {
    // Arrange: what onnxruntime-node, better-sqlite3 and sharp ship, each over the 1 MiB "large file" line.
    const nativeCode = [
      'node_modules/onnxruntime-node/bin/napi-v3/linux/x64/libonnxruntime.so.1.17.0',
      'node_modules/onnxruntime-node/bin/napi-v3/darwin/arm64/libonnxruntime.1.17.0.dylib',
      'node_modules/onnxruntime-node/bin/napi-v3/win32/x64/onnxruntime.dll',
      'node_modules/sharp/vendor/lib/libvips.a',
      'node_modules/sharp/vendor/lib/libvips.lib',
      'node_modules/better-sqlite3/build/Release/obj.target/sqlite3/gen/sqlite3/sqlite3.o',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.h',
      'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      'node_modules/better-sqlite3/src/better_sqlite3.hpp',
      'node_modules/sharp/src/pipeline.cc',
    ];
    const files = [...nativeCode.map((path) => ({ path, bytes: 9_000_000 })), { path: 'model.onnx', bytes: 5_000_000 }];

    // Act
    const listed = listDataFiles(files);

    // Assert
    expect(listed.map((f) => f.path)).toEqual(['model.onnx']);
    for (const path of nativeCode) expect(isCodePath(path), path).toBe(true);
    expect(isCodePath('model.onnx')).toBe(false);
  });

  it('leaves out a native binary found by its magic number whatever its name', () => {
    const files = [{ path: 'bin/ffmpeg', bytes: 40_000_000 }, { path: 'weights.bin', bytes: 2_000_000 }];

    expect(listDataFiles(files, [{ path: 'bin/ffmpeg' }]).map((f) => f.path)).toEqual(['weights.bin']);
  });

  it('lists data by extension or size, largest first, and leaves code and package.json out', () => {
    const listed = listDataFiles([
      { path: 'index.mjs', bytes: 5_000_000 },
      { path: 'node_modules/x/package.json', bytes: 900 },
      { path: 'model.json', bytes: 20_000 },
      { path: 'vectors.f32', bytes: 80_000_000 },
      { path: 'README.md', bytes: 3_000 },
      { path: 'catalog.unknown', bytes: 2_000_000 },
      { path: 'addon.node', bytes: 300_000 },
    ]);

    expect(listed.map((f) => f.path)).toEqual(['vectors.f32', 'catalog.unknown', 'model.json']);
  });
});
