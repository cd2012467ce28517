/**
 * Matrix factorisation by alternating least squares (ALS) with biases, trained so
 * that its scores rank well over the whole catalog.
 *
 * Model: a rating is predicted as `μ + c_u + b_i + u·v_i` (global mean, user bias,
 * movie bias, user and movie embeddings of `dimensions` numbers).
 *
 * Objective: squared error on the observed ratings, plus squared error towards a low
 * rating `missingRating` on every unobserved (user, movie) pair with a small weight
 * `missingWeight`, plus L2 regularisation:
 *
 *   Σ_observed (r − r̂)² + w_m Σ_unobserved (r_m − r̂)² + λ (‖u‖² + ‖v‖² + c² + b²)
 *
 * Why the unobserved term: an explicit-ratings model only learns how much a user
 * would like a movie *if* they watched it, and ranks obscure movies with two glowing
 * ratings first; it is known to lose to plain popularity on top-N lists (Cremonesi et
 * al., RecSys 2010). Treating "not rated" as weak evidence of a low rating (Steck, KDD
 * 2010, "Training and testing of recommender systems on data missing not at random")
 * teaches the movie bias how often a movie is chosen and the embeddings which movies
 * a taste chooses. It costs nothing extra per step: the sum over all pairs is a Gram
 * matrix computed once per half-iteration.
 *
 * Each half-step minimises over one (d+1)-vector per user (for [u, c_u]) or per movie
 * (for [v_i, b_i]), exactly or by a few conjugate-gradient steps (`solver`); either
 * way the objective never increases. Edit this file to change
 * the objective; `foldIn` (fold-in.ts) solves the same user step at serving time and
 * must stay consistent with it.
 */
import { createRandom } from '../random.js';
import type { Interactions, SparseRows } from './interactions.js';
import { addOuterProduct, choleskySolve } from './linalg.js';

/** Training settings. Defaults are tuned on the generated data (see the package README). */
export interface AlsOptions {
  /** Embedding size d. @default 64 */
  dimensions?: number;
  /** Full iterations (user step + movie step). @default 10 */
  iterations?: number;
  /** L2 weight λ on embeddings and biases. @default 5 (tuned on a validation split: `npm run tune`) */
  regularization?: number;
  /** Weight w_m of each unobserved (user, movie) pair (an observed rating weighs 1). @default 0.2 */
  missingWeight?: number;
  /** Rating r_m that unobserved pairs are pulled towards: "not chosen" counts like a 1-star rating. @default 1 */
  missingRating?: number;
  /** Seed of the initial movie embeddings. @default 1 */
  seed?: number;
  /** How each row's least-squares system is solved (see `solveSide`). @default 'cg' */
  solver?: 'cg' | 'exact';
  /** Conjugate-gradient steps per row and half-iteration, for `solver: 'cg'`. @default 3 */
  cgSteps?: number;
  /** Called after initialisation (iteration 0) and after every iteration. */
  onIteration?: (progress: AlsProgress) => void;
}

/** Objective and timing after one iteration. */
export interface AlsProgress {
  iteration: number;
  iterations: number;
  /** The training objective divided by the number of observed ratings. */
  loss: number;
  /** Root mean squared error on the observed (training) ratings. */
  rmse: number;
  /** Seconds spent on this iteration. */
  seconds: number;
}

/** Resolved hyper-parameters, recorded in the model card and needed again by fold-in. */
export interface AlsHyperParameters {
  dimensions: number;
  iterations: number;
  regularization: number;
  missingWeight: number;
  missingRating: number;
  seed: number;
  solver: 'cg' | 'exact';
  cgSteps: number;
}

/** A trained factorisation. Rows follow `Interactions` numbering. */
export interface AlsModel extends AlsHyperParameters {
  globalMean: number;
  /** movies × dimensions, row-major. */
  movieFactors: Float64Array;
  movieBiases: Float64Array;
  /** users × dimensions, row-major. */
  userFactors: Float64Array;
  userBiases: Float64Array;
  /** Iteration 0 is the initial state. */
  history: AlsProgress[];
}

/** The defaults of `AlsOptions`. */
export const ALS_DEFAULTS: AlsHyperParameters = {
  dimensions: 64,
  iterations: 10,
  regularization: 5,
  missingWeight: 0.2,
  missingRating: 1,
  seed: 1,
  solver: 'cg',
  cgSteps: 3,
};

/** Trains the factorisation. Deterministic for given data and options. */
export function trainAls(data: Interactions, options: AlsOptions = {}): AlsModel {
  const params: AlsHyperParameters = {
    dimensions: options.dimensions ?? ALS_DEFAULTS.dimensions,
    iterations: options.iterations ?? ALS_DEFAULTS.iterations,
    regularization: options.regularization ?? ALS_DEFAULTS.regularization,
    missingWeight: options.missingWeight ?? ALS_DEFAULTS.missingWeight,
    missingRating: options.missingRating ?? ALS_DEFAULTS.missingRating,
    seed: options.seed ?? ALS_DEFAULTS.seed,
    solver: options.solver ?? ALS_DEFAULTS.solver,
    cgSteps: options.cgSteps ?? ALS_DEFAULTS.cgSteps,
  };
  const { dimensions: d, regularization, missingWeight } = params;
  if (!(missingWeight >= 0 && missingWeight < 1)) throw new RangeError('missingWeight must be in [0, 1)');
  if (!(regularization > 0)) throw new RangeError('regularization must be positive');
  const width = d + 1;
  const mean = data.globalMean;
  const missingTarget = params.missingRating - mean;

  // P holds [u, c_u] per user, Q holds [v_i, b_i] per movie.
  const P = new Float64Array(data.users * width);
  const Q = new Float64Array(data.movies * width);
  const random = createRandom(params.seed);
  const scale = 0.1 / Math.sqrt(d);
  for (let i = 0; i < data.movies; i++) for (let k = 0; k < d; k++) Q[i * width + k] = scale * random.normal();

  const history: AlsProgress[] = [];
  const report = (iteration: number, seconds: number): void => {
    const { loss, rmse } = objective(data, P, Q, params, mean);
    const progress = { iteration, iterations: params.iterations, loss, rmse, seconds };
    history.push(progress);
    options.onIteration?.(progress);
  };
  report(0, 0);

  const features = new Float64Array(Math.max(data.users, data.movies) * width);
  const offsets = new Float64Array(Math.max(data.users, data.movies));
  for (let iteration = 1; iteration <= params.iterations; iteration++) {
    const started = performance.now();
    // User step: features are [v_i, 1], the movie bias moves into the target.
    splitBias(Q, data.movies, d, features, offsets);
    solveSide(data.byUser, data.users, data.movies, features, offsets, P, params, mean, missingTarget);
    // Movie step: features are [u, 1], the user bias moves into the target.
    splitBias(P, data.users, d, features, offsets);
    solveSide(data.byMovie, data.movies, data.users, features, offsets, Q, params, mean, missingTarget);
    report(iteration, (performance.now() - started) / 1000);
  }

  const unpack = (packed: Float64Array, rows: number) => {
    const factors = new Float64Array(rows * d);
    const biases = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      factors.set(packed.subarray(r * width, r * width + d), r * d);
      biases[r] = packed[r * width + d]!;
    }
    return { factors, biases };
  };
  const movies = unpack(Q, data.movies);
  const users = unpack(P, data.users);
  return {
    ...params,
    globalMean: mean,
    movieFactors: movies.factors,
    movieBiases: movies.biases,
    userFactors: users.factors,
    userBiases: users.biases,
    history,
  };
}

/** Turns packed [x, bias] rows into feature rows [x, 1] and a separate bias column. */
function splitBias(packed: Float64Array, rows: number, d: number, features: Float64Array, biases: Float64Array): void {
  const width = d + 1;
  for (let r = 0; r < rows; r++) {
    const at = r * width;
    for (let k = 0; k < d; k++) features[at + k] = packed[at + k]!;
    features[at + d] = 1;
    biases[r] = packed[at + d]!;
  }
}

/**
 * Solves every row of one side given the other side's features. For row r with
 * observed entries j (rating y_j, other side's bias o_j), the normal equations are
 *   (λI + w_m Σ_all x xᵀ + Σ_j (1 − w_m) x_j x_jᵀ) p = w_m Σ_all (t_m − o) x + Σ_j [(y_j − μ − o_j) − w_m (t_m − o_j)] x_j
 * The two Σ_all terms are shared by every row and computed once.
 *
 * `exact` forms that matrix per row and solves it by Cholesky: O(n_r d² + d³) per row.
 * `cg` never forms it: it runs `cgSteps` conjugate-gradient steps from the row's
 * current value, each one a product with the shared Gram matrix plus two passes over
 * the row's entries, O(d² + n_r d). That is the approach of Takács et al. (2011) and
 * of the `implicit` library; from a warm start, three steps per half-iteration reach
 * the same quality about four times faster, and every step still lowers the objective.
 */
function solveSide(
  rows: SparseRows,
  rowCount: number,
  columnCount: number,
  features: Float64Array,
  otherBiases: Float64Array,
  out: Float64Array,
  params: AlsHyperParameters,
  mean: number,
  missingTarget: number,
): void {
  const width = params.dimensions + 1;
  const { missingWeight, regularization } = params;
  const baseA = new Float64Array(width * width);
  const baseRhs = new Float64Array(width);
  for (let c = 0; c < columnCount; c++) {
    addOuterProduct(baseA, features, c, width, missingWeight);
    const scaled = missingWeight * (missingTarget - otherBiases[c]!);
    for (let k = 0; k < width; k++) baseRhs[k]! += scaled * features[c * width + k]!;
  }
  for (let k = 0; k < width; k++) baseA[k * width + k]! += regularization;
  const observedWeight = 1 - missingWeight;
  const rhs = new Float64Array(width);
  const targetOf = (e: number): number => {
    const o = otherBiases[rows.indices[e]!]!;
    return rows.values[e]! - mean - o - missingWeight * (missingTarget - o);
  };
  const buildRhs = (r: number): void => {
    rhs.set(baseRhs);
    for (let e = rows.offsets[r]!; e < rows.offsets[r + 1]!; e++) {
      const at = rows.indices[e]! * width;
      const scaled = targetOf(e);
      for (let k = 0; k < width; k++) rhs[k]! += scaled * features[at + k]!;
    }
  };

  if (params.solver === 'exact') {
    const a = new Float64Array(width * width);
    const solution = new Float64Array(width);
    for (let r = 0; r < rowCount; r++) {
      a.set(baseA);
      for (let e = rows.offsets[r]!; e < rows.offsets[r + 1]!; e++) addOuterProduct(a, features, rows.indices[e]!, width, observedWeight);
      buildRhs(r);
      choleskySolve(a, rhs, width, solution);
      out.set(solution, r * width);
    }
    return;
  }

  // Conjugate gradient needs the full symmetric base matrix for its products.
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) baseA[i * width + j] = baseA[j * width + i]!;
  const residual = new Float64Array(width);
  const direction = new Float64Array(width);
  const product = new Float64Array(width);
  // product = A v for row r, where A = baseA + (1 − w_m) Σ_j x_j x_jᵀ.
  const multiply = (r: number, v: Float64Array, into: Float64Array): void => {
    for (let i = 0; i < width; i++) {
      let sum = 0;
      for (let j = 0; j < width; j++) sum += baseA[i * width + j]! * v[j]!;
      into[i] = sum;
    }
    for (let e = rows.offsets[r]!; e < rows.offsets[r + 1]!; e++) {
      const at = rows.indices[e]! * width;
      let dot = 0;
      for (let k = 0; k < width; k++) dot += features[at + k]! * v[k]!;
      dot *= observedWeight;
      for (let k = 0; k < width; k++) into[k]! += dot * features[at + k]!;
    }
  };
  for (let r = 0; r < rowCount; r++) {
    const p = out.subarray(r * width, (r + 1) * width);
    buildRhs(r);
    multiply(r, p, product);
    let residualNorm = 0;
    for (let k = 0; k < width; k++) {
      residual[k] = rhs[k]! - product[k]!;
      direction[k] = residual[k]!;
      residualNorm += residual[k]! * residual[k]!;
    }
    for (let step = 0; step < params.cgSteps && residualNorm > 1e-20; step++) {
      multiply(r, direction, product);
      let curvature = 0;
      for (let k = 0; k < width; k++) curvature += direction[k]! * product[k]!;
      const alpha = residualNorm / curvature;
      let nextNorm = 0;
      for (let k = 0; k < width; k++) {
        p[k]! += alpha * direction[k]!;
        residual[k]! -= alpha * product[k]!;
        nextNorm += residual[k]! * residual[k]!;
      }
      const beta = nextNorm / residualNorm;
      for (let k = 0; k < width; k++) direction[k] = residual[k]! + beta * direction[k]!;
      residualNorm = nextNorm;
    }
  }
}

/**
 * The training objective (per observed rating) and the RMSE on observed ratings.
 * The sum over unobserved pairs is the sum over all pairs minus the observed ones;
 * the all-pairs sum of (t_m − p·q)² expands into Gram matrices of the augmented
 * rows p = [u, c_u, 1] and q = [v_i, 1, b_i], so it costs O((users + movies) d²).
 */
function objective(data: Interactions, P: Float64Array, Q: Float64Array, params: AlsHyperParameters, mean: number): { loss: number; rmse: number } {
  const d = params.dimensions;
  const width = d + 1;
  const augmented = d + 2;
  const missingTarget = params.missingRating - mean;
  const gram = (packed: Float64Array, rows: number, userSide: boolean) => {
    const g = new Float64Array(augmented * augmented);
    const sum = new Float64Array(augmented);
    const row = new Float64Array(augmented);
    let squaredNorm = 0;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < d; k++) row[k] = packed[r * width + k]!;
      const bias = packed[r * width + d]!;
      row[d] = userSide ? bias : 1;
      row[d + 1] = userSide ? 1 : bias;
      for (let k = 0; k < width; k++) squaredNorm += packed[r * width + k]! ** 2;
      for (let i = 0; i < augmented; i++) {
        sum[i]! += row[i]!;
        for (let j = 0; j < augmented; j++) g[i * augmented + j]! += row[i]! * row[j]!;
      }
    }
    return { g, sum, squaredNorm };
  };
  const users = gram(P, data.users, true);
  const movies = gram(Q, data.movies, false);
  let allPairsSquares = 0;
  for (let i = 0; i < augmented * augmented; i++) allPairsSquares += users.g[i]! * movies.g[i]!;
  let allPairsCross = 0;
  for (let i = 0; i < augmented; i++) allPairsCross += users.sum[i]! * movies.sum[i]!;
  const pairs = data.users * data.movies;
  const allMissing = pairs * missingTarget * missingTarget - 2 * missingTarget * allPairsCross + allPairsSquares;

  let observed = 0;
  let observedAsMissing = 0;
  const { offsets, indices, values } = data.byUser;
  for (let u = 0; u < data.users; u++) {
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const i = indices[e]!;
      let predicted = P[u * width + d]! + Q[i * width + d]!;
      for (let k = 0; k < d; k++) predicted += P[u * width + k]! * Q[i * width + k]!;
      observed += (values[e]! - mean - predicted) ** 2;
      observedAsMissing += (missingTarget - predicted) ** 2;
    }
  }
  const count = Math.max(1, values.length);
  const total =
    observed + params.missingWeight * (allMissing - observedAsMissing) + params.regularization * (users.squaredNorm + movies.squaredNorm);
  return { loss: total / count, rmse: Math.sqrt(observed / count) };
}
