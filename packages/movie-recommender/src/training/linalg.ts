/**
 * The little dense linear algebra that ALS and fold-in need: one symmetric positive
 * definite solve per user or movie, of size (dimensions + 1)².
 *
 * Hand-rolled on Float64Array because the systems are small (65 × 65 by default) and
 * solved tens of thousands of times per iteration: a general matrix library would
 * allocate per call and cost more than the arithmetic.
 */

/**
 * Solves `A x = b` by Cholesky for a symmetric positive definite `A` (n × n,
 * row-major). Only the upper triangle (with the diagonal) of `a` is read; `a` is
 * overwritten by the factor, `b` is left alone.
 * @throws RangeError when `A` is not positive definite (add regularisation).
 */
export function choleskySolve(a: Float64Array, b: ArrayLike<number>, n: number, out: Float64Array): Float64Array {
  // Factor A = L Lᵀ in place: inputs are read from the upper triangle, L is written
  // to the lower triangle and the diagonal, so no element is read after it is written.
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = a[rowJ + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[rowJ + k]! * a[rowJ + k]!;
    if (!(diagonal > 0)) throw new RangeError(`Matrix is not positive definite (pivot ${j} is ${diagonal})`);
    const pivot = Math.sqrt(diagonal);
    a[rowJ + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowJ + i]!;
      for (let k = 0; k < j; k++) sum -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = sum / pivot;
    }
  }
  // Forward substitution L y = b, then back substitution Lᵀ x = y.
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= a[rowI + k]! * out[k]!;
    out[i] = sum / a[rowI + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = out[i]!;
    for (let k = i + 1; k < n; k++) sum -= a[k * n + i]! * out[k]!;
    out[i] = sum / a[i * n + i]!;
  }
  return out;
}

/**
 * Adds `weight · x xᵀ` to the upper triangle of the n × n matrix `a`, where `x` is
 * row `row` of the row-major matrix `rows`.
 */
export function addOuterProduct(a: Float64Array, rows: ArrayLike<number>, row: number, n: number, weight: number): void {
  const offset = row * n;
  for (let i = 0; i < n; i++) {
    const scaled = weight * rows[offset + i]!;
    if (scaled === 0) continue;
    const rowI = i * n;
    for (let j = i; j < n; j++) a[rowI + j]! += scaled * rows[offset + j]!;
  }
}

/** Dot product of row `row` of `rows` (width n) with `x`. */
export function dotRow(rows: ArrayLike<number>, row: number, x: ArrayLike<number>, n: number): number {
  const offset = row * n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += rows[offset + i]! * x[i]!;
  return sum;
}
