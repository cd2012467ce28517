/**
 * The train command on bad input: one clear line naming file and line, a non-zero
 * exit, and no stack trace (issue 8, defect 6). Runs the real script with tsx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const TRAIN = fileURLToPath(new URL('../scripts/train.ts', import.meta.url));
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('npm run train on bad input', () => {
  it('prints one line with the file and the line of the malformed row and exits 1', () => {
    // Arrange: line 3 of movies.csv has two fields.
    const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
    folders.push(dir);
    writeFileSync(join(dir, 'movies.csv'), 'movieId,title,genres\n1,Toy Story (1995),Comedy\n2,Jumanji (1995)\n');
    writeFileSync(join(dir, 'ratings.csv'), 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n');
    const out = join(dir, 'out');

    // Act
    const run = spawnSync(TSX, [TRAIN, '--movielens', dir, '--out', out, '--skip-evaluation'], { encoding: 'utf8', timeout: 60_000 });

    // Assert
    const errorLines = run.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('Loading MovieLens data'));
    expect(run.status).toBe(1);
    expect(errorLines).toEqual([`Cannot load MovieLens data: ${join(dir, 'movies.csv')}:3: expected 3 fields (movieId,title,genres), found 2`]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
  });
});
