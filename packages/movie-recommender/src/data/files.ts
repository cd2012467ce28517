/**
 * Durable writing of large text files line by line (generated `ratings.csv` can be
 * hundreds of MB): model-interface's `replaceFileDurably` does the temp + fsync +
 * rename + folder fsync; this only streams the lines into the temporary file, in
 * chunks, because `writeFileDurably` would need the whole content in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { replaceFileDurably } from '@serverless-ai/model-interface';

const CHUNK_CHARS = 1 << 20;

/** Writes `lines` (each followed by `\n`) to `path` atomically and durably. */
export function writeLinesDurably(path: string, lines: Iterable<string>): void {
  replaceFileDurably(path, (temp) => {
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
    } finally {
      closeSync(fd);
    }
  });
}
