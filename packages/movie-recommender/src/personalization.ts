/**
 * How personal are the recommendations? Small, pure measures over top-k lists, used
 * by `npm run personalization` (scripts/personalization.ts) and by the tests.
 *
 * A model that ranks every user's list by popularity can score a fair recall and
 * still give everyone the same ten movies. These measures make that visible:
 * - catalog coverage: how much of the catalog appears in anyone's list;
 * - mean pairwise overlap: how many movies two users' lists share, on average;
 * - genre coherence: for a user whose history is one genre, the share of their
 *   recommendations in that genre.
 */

/** Distinct movies across all lists, as a share of the catalog. */
export function catalogCoverage(lists: readonly (readonly number[])[], catalogSize: number): { distinct: number; share: number } {
  const seen = new Set<number>();
  for (const list of lists) for (const id of list) seen.add(id);
  return { distinct: seen.size, share: catalogSize > 0 ? seen.size / catalogSize : 0 };
}

/** Movies two lists share. */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const inA = new Set(a);
  let shared = 0;
  for (const id of new Set(b)) if (inA.has(id)) shared++;
  return shared;
}

/**
 * Mean and maximum overlap over every pair of lists (n(n−1)/2 pairs).
 * Counts shared movies, so for top-10 lists 1.0 means "one movie in ten in common".
 */
export function pairwiseOverlap(lists: readonly (readonly number[])[]): { mean: number; max: number; pairs: number } {
  // Count, for each movie, how many lists hold it: Σ_pairs |A ∩ B| = Σ_movies C(count, 2).
  const holders = new Map<number, number>();
  for (const list of lists) for (const id of new Set(list)) holders.set(id, (holders.get(id) ?? 0) + 1);
  let sharedTotal = 0;
  for (const count of holders.values()) sharedTotal += (count * (count - 1)) / 2;
  const pairs = (lists.length * (lists.length - 1)) / 2;
  let max = 0;
  // The maximum needs the pairs themselves; fine for the few hundred or thousand lists measured here.
  for (let i = 0; i < lists.length; i++) for (let j = i + 1; j < lists.length; j++) max = Math.max(max, overlap(lists[i]!, lists[j]!));
  return { mean: pairs > 0 ? sharedTotal / pairs : 0, max, pairs };
}

/** Share of recommended movies that carry `genre`, over every list given. */
export function genreShare(lists: readonly (readonly { genres: readonly string[] }[])[], genre: string): number {
  let total = 0;
  let matching = 0;
  for (const list of lists) {
    for (const movie of list) {
      total++;
      if (movie.genres.includes(genre)) matching++;
    }
  }
  return total > 0 ? matching / total : 0;
}
