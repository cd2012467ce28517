/** Number formats shared by the pages, so a figure reads the same on every page. */

const MiB = 2 ** 20;

/** Bytes in binary units, as Lambda counts them: `11.6 KiB`, `25.3 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < MiB) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / MiB).toFixed(bytes < 100 * MiB ? 1 : 0)} MiB`;
}

/** Milliseconds: `412 ms`, `61.2 s`. */
export function formatMs(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
