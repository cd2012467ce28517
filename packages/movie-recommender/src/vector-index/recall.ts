/**
 * Recall: the share of the true nearest neighbours an approximate search found.
 * Tests and the benchmark report the HNSW index's quality with it, always against
 * `ExactIndex` / `bruteForceKnn` on the same queries.
 */

/**
 * recall@k of one query: |approximate ∩ exact| / |exact|, where both lists hold the
 * first k labels (k defaults to the exact list's length). 1 when `exact` is empty.
 */
export function recallAtK(approximate: readonly number[], exact: readonly number[], k = exact.length): number {
  const truth = exact.slice(0, k);
  if (truth.length === 0) return 1;
  const found = new Set(approximate.slice(0, k));
  let hits = 0;
  for (const label of truth) if (found.has(label)) hits++;
  return hits / truth.length;
}

/** Mean recall@k over many queries (`approximate[i]` answers the query of `exact[i]`). */
export function meanRecallAtK(approximate: readonly (readonly number[])[], exact: readonly (readonly number[])[], k?: number): number {
  if (approximate.length !== exact.length) throw new RangeError(`${approximate.length} answers for ${exact.length} queries`);
  if (exact.length === 0) return 1;
  let sum = 0;
  for (let i = 0; i < exact.length; i++) sum += recallAtK(approximate[i]!, exact[i]!, k);
  return sum / exact.length;
}
