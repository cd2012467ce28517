/**
 * Fold-in: a user's embedding computed on the fly from their latest activity, so the
 * service keeps no per-user state and a brand-new user gets recommendations from
 * their first rating.
 *
 * It is the user step of ALS (training/als.ts) for one user, with the movie side
 * fixed, plus recency weights:
 *
 *   minimise  Σ_j w_j (r_j − μ − b_j − c − u·v_j)²            (the user's recent ratings)
 *           + w_m Σ_all-movies (r_m − μ − b_i − c − u·v_i)²   (unrated = weakly disliked)
 *           + λ (‖u‖² + c²)
 *
 * Ratings are centred by the global mean μ and each movie's bias b_j, so a 4-star
 * rating of a movie everyone rates 4.5 says "a bit less than most". The all-movies
 * term is the same Gram matrix for every user and ships in the artifacts, so one
 * fold-in costs O(n d² + d³) for n recent items: about 0.1 ms at d = 64.
 *
 * Recency: the newest item has weight 1, and weights halve every `halfLife` items
 * back in time (by position, not by clock, so a caller's clock cannot skew it); only
 * the newest `maxItems` count. A weight never drops below w_m, so an old rating still
 * counts at least as much as not having rated at all.
 */
import { choleskySolve } from './training/linalg.js';

/** What fold-in needs from training, stored in the artifacts. */
export interface FoldInParameters {
  dimensions: number;
  globalMean: number;
  /** λ, as in training. */
  regularization: number;
  /** w_m, as in training. */
  missingWeight: number;
  /** r_m, as in training. */
  missingRating: number;
  /** Items back from the newest at which the weight halves. */
  halfLife: number;
  /** Only the newest `maxItems` items are used. */
  maxItems: number;
}

/** Sums over the whole catalog that every fold-in shares, with x_i = [v_i, 1]. */
export interface FoldInStatistics {
  /** Σ_i x_i x_iᵀ, (d+1) × (d+1) row-major. */
  gram: Float64Array;
  /** Σ_i (r_m − μ − b_i) x_i, length d+1. */
  missingRhs: Float64Array;
}

/** Defaults for the recency weighting, chosen with `npm run evaluate` (see the README). */
export const FOLD_IN_DEFAULTS = { halfLife: 50, maxItems: 200 } as const;

/** Computes the shared sums from a catalog's embeddings (rows × d) and biases. */
export function foldInStatistics(
  embeddings: ArrayLike<number>,
  biases: ArrayLike<number>,
  params: Pick<FoldInParameters, 'dimensions' | 'globalMean' | 'missingRating'>,
): FoldInStatistics {
  const d = params.dimensions;
  const width = d + 1;
  const gram = new Float64Array(width * width);
  const missingRhs = new Float64Array(width);
  const x = new Float64Array(width);
  const missingTarget = params.missingRating - params.globalMean;
  for (let i = 0; i < biases.length; i++) {
    for (let k = 0; k < d; k++) x[k] = embeddings[i * d + k]!;
    x[d] = 1;
    const target = missingTarget - biases[i]!;
    for (let a = 0; a < width; a++) {
      missingRhs[a]! += target * x[a]!;
      for (let b = a; b < width; b++) gram[a * width + b]! += x[a]! * x[b]!;
    }
  }
  // Mirror the upper triangle so the stored matrix is plainly symmetric.
  for (let a = 0; a < width; a++) for (let b = 0; b < a; b++) gram[a * width + b] = gram[b * width + a]!;
  return { gram, missingRhs };
}

/** Recency weights for `count` items ordered oldest first: the last is 1, halving every `halfLife` items back. */
export function recencyWeights(count: number, halfLife: number): Float64Array {
  const weights = new Float64Array(count);
  for (let j = 0; j < count; j++) weights[j] = Math.pow(0.5, (count - 1 - j) / halfLife);
  return weights;
}

/** One rated movie as fold-in sees it. */
export interface FoldInItem {
  /** The movie's embedding v_j (length d). */
  embedding: ArrayLike<number>;
  /** The movie's bias b_j. */
  bias: number;
  rating: number;
}

/**
 * Solves for a user's embedding and bias from their items, ordered oldest first.
 * @returns `[u_1 … u_d, c]`: the embedding followed by the user bias.
 */
export function foldIn(items: readonly FoldInItem[], params: FoldInParameters, stats: FoldInStatistics): Float64Array {
  const d = params.dimensions;
  const width = d + 1;
  const { missingWeight: wm, regularization } = params;
  const missingTarget = params.missingRating - params.globalMean;
  const recent = items.length > params.maxItems ? items.slice(items.length - params.maxItems) : items;
  const weights = recencyWeights(recent.length, params.halfLife);

  const a = new Float64Array(width * width);
  const rhs = new Float64Array(width);
  for (let i = 0; i < a.length; i++) a[i] = wm * stats.gram[i]!;
  for (let k = 0; k < width; k++) {
    a[k * width + k]! += regularization;
    rhs[k] = wm * stats.missingRhs[k]!;
  }
  const x = new Float64Array(width);
  recent.forEach((item, j) => {
    for (let k = 0; k < d; k++) x[k] = item.embedding[k]!;
    x[d] = 1;
    const weight = Math.max(weights[j]!, wm);
    const scaled = weight * (item.rating - params.globalMean - item.bias) - wm * (missingTarget - item.bias);
    for (let p = 0; p < width; p++) {
      rhs[p]! += scaled * x[p]!;
      const extra = (weight - wm) * x[p]!;
      for (let q = p; q < width; q++) a[p * width + q]! += extra * x[q]!;
    }
  });
  return choleskySolve(a, rhs, width, new Float64Array(width));
}
