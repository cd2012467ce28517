import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CannotAnalyseError, detectBundleKind, listDataFiles, scanFolder, scanZip } from '../src/bundle.js';
import { EM_AARCH64 } from '../src/elf.js';
import { seededRandom } from './fixtures.js';
import { buildElf } from './helpers/elf-builder.js';

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

describe('listDataFiles', () => {
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
