/**
 * Settings shared by the property-based (fast-check) suites: a fixed default seed so every
 * run of `npm test` replays the same cases, `FUZZ_SEED=<n>` to explore others, and the
 * seed printed with any failure so it can be replayed exactly.
 */
import fc from 'fast-check';

/** The seed of every fuzz suite unless `FUZZ_SEED` says otherwise. */
export const DEFAULT_FUZZ_SEED = 20_261_203;

/** The seed in use. */
export function fuzzSeed(): number {
  const raw = process.env.FUZZ_SEED;
  return raw === undefined || raw === '' ? DEFAULT_FUZZ_SEED : Number(raw);
}

/**
 * Runs `property` for `numRuns` generated cases with the seed in use. On failure the error
 * names the seed, the shrunk counterexample and the command that replays it.
 * @returns how many cases ran (all passed).
 */
export async function checkProperty<Ts>(name: string, property: fc.IAsyncPropertyWithHooks<Ts>, numRuns: number): Promise<number> {
  const seed = fuzzSeed();
  const details = await fc.check(property, { seed, numRuns });
  if (details.failed) {
    throw new Error(
      `${name}: property failed with FUZZ_SEED=${seed} (replay: FUZZ_SEED=${seed} npx vitest run <this file>).\n${fc.defaultReportMessage(details) ?? ''}\nError: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
    );
  }
  return details.numRuns;
}
