/**
 * A zip whose content does not match its CRC-32 is refused by the built `fitcheck`
 * command like any other archive it cannot read: a clear message and exit code 2,
 * never a verdict on bytes that are not what the author zipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let root: string;
let corruptZip: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fitcheck-crc-'));
  // Stored (level 0), so the entry's bytes sit in the file as they are; then one is flipped.
  const handler = Buffer.from('export const handler = async () => ({ statusCode: 200, body: "ok" });\n');
  const archive = Buffer.from(zipSync({ 'index.mjs': handler }, { level: 0 }));
  const at = archive.indexOf(handler) + 10;
  archive[at] = archive[at]! ^ 0xff;
  corruptZip = join(root, 'corrupt.zip');
  await writeFile(corruptZip, archive);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fitcheck on a zip with a CRC error', () => {
  it('exits 2 with a JSON error naming the entry that fails its CRC-32 check', () => {
    const run = spawnSync(process.execPath, [CLI, corruptZip, '--json'], { encoding: 'utf8', timeout: 60_000 });

    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: { code: 'CANNOT_ANALYSE', message: expect.stringMatching(/is corrupt: index\.mjs fails its CRC-32 check/) as string, details: {} },
    });
  });

  it('exits 2 and says why on stderr without --json, even with --static', () => {
    const run = spawnSync(process.execPath, [CLI, corruptZip, '--static'], { encoding: 'utf8', timeout: 60_000 });

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^fitcheck: .*corrupt\.zip is corrupt: index\.mjs fails its CRC-32 check/);
  });
});
