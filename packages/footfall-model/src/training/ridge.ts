/**
 * Ridge regression in closed form, with the feature scaling it needs.
 *
 * Why ridge: the simulated world is multiplicative, so on a log scale it is close to
 * linear in the features, and a linear model is the natural fit. The 100 features are
 * strongly correlated (14 lags, rolling means of the same counts), which makes plain
 * least squares unstable; the L2 penalty fixes that, and with standardised features one
 * penalty suits them all. The closed form makes training exact and deterministic.
 *
 * The solution minimises  (1/n) Σ (y - ȳ - Z w)² + λ ‖w‖²,  i.e.
 *   w = (ZᵀZ + nλ I)⁻¹ Zᵀ(y - ȳ),   intercept = ȳ,
 * solved with a Cholesky factorisation from ml-matrix (the system is symmetric
 * positive definite for λ > 0). Edit this file to change the estimator.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { FeatureTransform } from '../features.js';

/** Per-feature transform, mean and standard deviation, fitted on training rows only. */
export interface Standardiser {
  transforms: readonly FeatureTransform[];
  means: Float64Array;
  stds: Float64Array;
}

/** Applies the per-feature transforms to every row: a fresh rows × p matrix (row-major). */
export function transformFeatures(features: Float64Array, featureCount: number, transforms: readonly FeatureTransform[]): Float64Array {
  const out = new Float64Array(features.length);
  for (let k = 0; k < features.length; k++) {
    const value = features[k]!;
    out[k] = transforms[k % featureCount] === 'log1p' ? Math.log1p(value > 0 ? value : 0) : value;
  }
  return out;
}

/**
 * Fits means and standard deviations on the given rows of an already transformed matrix.
 * A constant column gets std 1, so it stays finite and its weight shrinks to zero.
 */
export function fitStandardiser(transformed: Float64Array, featureCount: number, rows: Int32Array, transforms: readonly FeatureTransform[]): Standardiser {
  const means = new Float64Array(featureCount);
  const stds = new Float64Array(featureCount);
  for (const r of rows) for (let i = 0; i < featureCount; i++) means[i]! += transformed[r * featureCount + i]!;
  for (let i = 0; i < featureCount; i++) means[i]! /= rows.length;
  for (const r of rows) {
    for (let i = 0; i < featureCount; i++) stds[i]! += (transformed[r * featureCount + i]! - means[i]!) ** 2;
  }
  for (let i = 0; i < featureCount; i++) {
    const std = Math.sqrt(stds[i]! / rows.length);
    stds[i] = std > 1e-9 ? std : 1;
  }
  return { transforms, means, stds };
}

/** The standardised design matrix Z of the given rows. */
export function standardise(transformed: Float64Array, featureCount: number, rows: Int32Array, scaler: Standardiser): Matrix {
  const z = new Matrix(rows.length, featureCount);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    for (let i = 0; i < featureCount; i++) z.set(k, i, (transformed[r * featureCount + i]! - scaler.means[i]!) / scaler.stds[i]!);
  }
  return z;
}

/** Sufficient statistics of a ridge problem: solving for many λ reuses them. */
export interface RidgeProblem {
  gram: Matrix;
  zTy: Matrix;
  yMean: number;
  rows: number;
}

/** Computes ZᵀZ, Zᵀ(y - ȳ) and ȳ once for a design matrix and target. */
export function prepareRidge(z: Matrix, y: Float64Array): RidgeProblem {
  let yMean = 0;
  for (const value of y) yMean += value;
  yMean /= y.length;
  const centred = Matrix.columnVector(Array.from(y, (value) => value - yMean));
  return { gram: z.gram(), zTy: z.transposeMultiply(centred), yMean, rows: y.length };
}

/** Solves the ridge problem for one penalty λ: returns the weights (standardised space) and intercept. */
export function solveRidge(problem: RidgeProblem, lambda: number): { weights: Float64Array; intercept: number } {
  const p = problem.gram.rows;
  const system = problem.gram.clone();
  for (let i = 0; i < p; i++) system.set(i, i, system.get(i, i) + problem.rows * lambda);
  const cholesky = new CholeskyDecomposition(system);
  if (!cholesky.isPositiveDefinite()) throw new Error(`Ridge system is not positive definite for λ=${lambda}`);
  const solution = cholesky.solve(problem.zTy);
  return { weights: Float64Array.from(solution.getColumn(0)), intercept: problem.yMean };
}
