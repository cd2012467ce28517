/**
 * Bench internals: read this when you want to know how the memory per movie is measured (a fresh child process per size, see ./memory-probe.ts).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryProbeRequest, MemoryProbeResult } from './memory-probe.js';

/** packages/movie-recommender: the child runs there so tsx finds the package's tsconfig. */
const packageDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** Builds the requested index in a fresh Node process and returns its memory deltas. */
export function measureMemory(request: MemoryProbeRequest): MemoryProbeResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(packageDir, 'bench/internals/memory-probe.ts'), JSON.stringify(request)], {
    cwd: packageDir,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`memory probe failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as MemoryProbeResult;
}
