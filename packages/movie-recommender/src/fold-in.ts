/**
 * Fold-in: a user's embedding computed on the fly from their latest activity.
 *
 * Why: training (training/als.ts) learns an embedding v for every movie and one u for
 * every user it saw. A user who rated something a minute ago, or who is brand new, has
 * no trained u, and keeping one per user would make the service stateful. Fold-in
 * solves for u from the ratings the request carries, with the movie side held fixed:
 * it is the user step of ALS for one user, plus recency weights:
 *
 *   minimise  Σ_j w_j (r_j − μ − b_j − c − u·v_j)²            (the user's recent ratings)
 *           + w_m Σ_all-movies (r_m − μ − b_i − c − u·v_i)²   (unrated = weakly disliked)
 *           + λ (‖u‖² + c²)
 *
 * - Ratings are centred by the global mean μ and each movie's bias b_j, so a 4-star
 *   rating of a movie everyone rates 4.5 says "a bit less than most".
 * - λ (regularization) pulls u and the user bias c towards zero. With three ratings
 *   there are far fewer equations than the d + 1 unknowns; λ makes the system solvable
 *   and keeps a short history from producing an extreme taste vector. Larger λ, more
 *   cautious recommendations (closer to "what everyone likes").
 * - w_m (missingWeight) counts every movie the user has not rated as a weak dislike
 *   (rating r_m). Without it, a user who only gave 5 stars would be best explained by
 *   a u that likes everything.
 * - Recency: the newest item has weight 1, and weights halve every `halfLife` items
 *   back in time (by position, not by clock, so a caller's clock cannot skew it); only
 *   the newest `maxItems` count. A weight never drops below w_m, so an old rating still
 *   counts at least as much as not having rated at all.
 *
 * Setting the gradient to zero gives the normal equations, a (d+1) × (d+1) system
 * A [u, c] = b; `foldInReference` builds and solves it, and is the one to read.
 *
 * At runtime the service calls `foldIn`, which gives the same vector (within 1e-6
 * relative, tests/fold-in-woodbury.test.ts) through a faster solver: the all-movies term
 * is the same for every user, so it is factored once per artifacts and each request adds
 * only its own items (going-further/fold-in-woodbury.ts). That is several times faster
 * for a short history at d = 64 (bench/predict-bench.ts times both side by side), which
 * matters because fold-in runs on every recommendation request.
 */
import { foldInSolverFor } from './going-further/fold-in-woodbury.js';
import { choleskySolve } from './training/linalg.js';

export { FoldInSolver } from './going-further/fold-in-woodbury.js';

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
 * The straightforward solve: builds the normal equations of the objective above for
 * one user and solves them by Cholesky. O(d³) per call; the reference `foldIn` is
 * tested against.
 * @param items the user's rated movies, ordered oldest first.
 * @returns `[u_1 … u_d, c]`: the embedding followed by the user bias.
 */
export function foldInReference(items: readonly FoldInItem[], params: FoldInParameters, stats: FoldInStatistics): Float64Array {
  const d = params.dimensions;
  const width = d + 1; // unknowns: u (d values) and the user bias c
  const { missingWeight: wm, regularization } = params;
  const missingTarget = params.missingRating - params.globalMean;
  const recent = items.length > params.maxItems ? items.slice(items.length - params.maxItems) : items;
  const weights = recencyWeights(recent.length, params.halfLife);

  // Start from the part every user shares: every movie as a weak dislike (w_m G,
  // w_m Σ (r_m − μ − b_i) x_i) plus λ on the diagonal.
  const a = new Float64Array(width * width);
  const rhs = new Float64Array(width);
  for (let i = 0; i < a.length; i++) a[i] = wm * stats.gram[i]!;
  for (let k = 0; k < width; k++) {
    a[k * width + k]! += regularization;
    rhs[k] = wm * stats.missingRhs[k]!;
  }
  // #region fold-in-request-items
  // Each rated movie replaces its weak-dislike term (weight w_m, target r_m) by its
  // real rating with its recency weight: add (weight − w_m) x xᵀ to A and the
  // difference of the two targets to b. x = [v_j, 1], the 1 multiplying c.
  const x = new Float64Array(width);
  recent.forEach((item, j) => {
    for (let k = 0; k < d; k++) x[k] = item.embedding[k]!;
    x[d] = 1;
    const weight = Math.max(weights[j]!, wm);
    const scaled = weight * (item.rating - params.globalMean - item.bias) - wm * (missingTarget - item.bias);
    for (let p = 0; p < width; p++) {
      rhs[p]! += scaled * x[p]!;
      const extra = (weight - wm) * x[p]!;
      for (let q = p; q < width; q++) a[p * width + q]! += extra * x[q]!; // upper triangle: all choleskySolve reads
    }
  });
  return choleskySolve(a, rhs, width, new Float64Array(width));
  // #endregion fold-in-request-items
}

/**
 * Solves for a user's embedding and bias from their items, ordered oldest first: what
 * the service calls. Same result as `foldInReference`, through the solver that keeps
 * the catalog-wide part factored (going-further/fold-in-woodbury.ts).
 * @returns `[u_1 … u_d, c]`: the embedding followed by the user bias.
 */
export function foldIn(items: readonly FoldInItem[], params: FoldInParameters, stats: FoldInStatistics): Float64Array {
  return foldInSolverFor(params, stats).solve(items);
}
