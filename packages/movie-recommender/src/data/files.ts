/**
 * Durable writing of large text files line by line (generated `ratings.csv` can be
 * hundreds of MB), with the same temp + fsync + rename + folder fsync discipline as
 * model-interface's `writeFileDurably`, which needs the whole content in memory.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory } from '@serverless-ai/model-interface';

const CHUNK_CHARS = 1 << 20;

/** Writes `lines` (each followed by `\n`) to `path` atomically and durably. */
export function writeLinesDurably(path: string, lines: Iterable<string>): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    let chunk: string[] = [];
    let size = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const buffer = Buffer.from(`${chunk.join('\n')}\n`);
      let offset = 0;
      while (offset < buffer.byteLength) offset += writeSync(fd, buffer, offset, buffer.byteLength - offset);
      chunk = [];
      size = 0;
    };
    for (const line of lines) {
      chunk.push(line);
      size += line.length + 1;
      if (size >= CHUNK_CHARS) flush();
    }
    flush();
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(temp, path);
  fsyncDirectory(dir);
}
