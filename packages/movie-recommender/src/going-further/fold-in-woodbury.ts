/**
 * Going further: read this when you want to know how `foldIn` serves a request several times faster than the main-path solve (../fold-in.ts, `foldInReference`), which gives the same vector.
 *
 * The speed-up behind `foldIn`: the catalog-wide part of the fold-in system is factored
 * once per artifacts, and each request adds its few weighted items through the Woodbury
 * identity. tests/fold-in-woodbury.test.ts checks it against `foldInReference` on random
 * catalogs and activities (relative error < 1e-6).
 */
import type { FoldInItem, FoldInParameters, FoldInStatistics } from '../fold-in.js';
import { choleskySolve } from '../training/linalg.js';

/** One solver per statistics object; rebuilt only when the parameters change. */
const solvers = new WeakMap<FoldInStatistics, FoldInSolver>();

/** The `FoldInSolver` prepared for these statistics and parameters, built on first use and then reused. */
export function foldInSolverFor(params: FoldInParameters, stats: FoldInStatistics): FoldInSolver {
  const cached = solvers.get(stats);
  if (cached?.fits(params)) return cached;
  const solver = new FoldInSolver(params, stats);
  solvers.set(stats, solver);
  return solver;
}

/**
 * Fold-in with everything that does not depend on the user computed once.
 *
 * Every request solves (A₀ + Σ_j ω_j x_j x_jᵀ) u = b, where A₀ = w_m G + λI is the
 * same for everyone and ω_j = weight_j − w_m is zero for items past the weight floor.
 * Refactoring the whole (d+1)² system per request (O(d³), ~75 µs at d = 64)
 * dominated serving. With A₀ = L Lᵀ factored once and L⁻¹ kept, the Woodbury
 * identity turns k weighted items into k triangular products w_j = L⁻¹x_j
 * (k d²/2) plus a k × k solve: u = L⁻ᵀ(g − Wᵀ S C⁻¹ S W g), g = L⁻¹b,
 * C = I + S W Wᵀ S, S = diag(√ω_j). That is exact up to rounding, and C's eigenvalues
 * are ≥ 1, so it loses nothing to conditioning. Past `woodburyMaxRank` items the
 * k × k solve costs more than refactoring, so long histories add their outer
 * products to a copy of A₀ and factor it as the reference does.
 *
 * Scratch buffers are shared between calls: `solve` is synchronous and calls no user
 * code, so no two solves can interleave.
 */
export class FoldInSolver {
  /** Above this many weighted items, factoring the full system is cheaper than Woodbury (measured by bench/predict-bench.ts). */
  static readonly woodburyMaxRank = 40;
  private readonly params: FoldInParameters;
  private readonly width: number;
  /** A₀ = w_m G + λI, row-major (upper triangle used by the direct path). */
  private readonly base: Float64Array;
  /** L⁻¹ for A₀ = L Lᵀ, row-major lower triangle. */
  private readonly inverseFactor: Float64Array;
  /** L⁻ᵀ, row-major upper triangle, so the back step also reads rows. */
  private readonly inverseFactorT: Float64Array;
  /** w_m · missingRhs. */
  private readonly baseRhs: Float64Array;
  /** 0.5^(t / halfLife) for t = 0 … maxItems − 1: recency weights by age. */
  private readonly decay: Float64Array;
  private readonly xs: Float64Array;
  private readonly ws: Float64Array;
  private readonly omegaRoot: Float64Array;
  private readonly capacitance: Float64Array;
  private readonly projected: Float64Array;
  private readonly alpha: Float64Array;
  private readonly whitened: Float64Array;
  private readonly system: Float64Array;
  private readonly rows: Int32Array;

  /** Prepares the catalog-wide part: one (d+1)³ factorisation and inversion. */
  constructor(params: FoldInParameters, stats: FoldInStatistics) {
    this.params = { ...params };
    const width = params.dimensions + 1;
    this.width = width;
    const { missingWeight: wm, regularization } = params;
    this.base = new Float64Array(width * width);
    for (let i = 0; i < this.base.length; i++) this.base[i] = wm * stats.gram[i]!;
    for (let k = 0; k < width; k++) this.base[k * width + k]! += regularization;
    this.baseRhs = new Float64Array(width);
    for (let k = 0; k < width; k++) this.baseRhs[k] = wm * stats.missingRhs[k]!;

    // choleskySolve leaves L in the lower triangle of `factor`; invert it column by column.
    const factor = Float64Array.from(this.base);
    choleskySolve(factor, this.baseRhs, width, new Float64Array(width));
    this.inverseFactor = new Float64Array(width * width);
    this.inverseFactorT = new Float64Array(width * width);
    const column = new Float64Array(width);
    for (let c = 0; c < width; c++) {
      for (let i = 0; i < width; i++) {
        let sum = i === c ? 1 : 0;
        for (let k = c; k < i; k++) sum -= factor[i * width + k]! * column[k]!;
        column[i] = i < c ? 0 : sum / factor[i * width + i]!;
      }
      for (let r = c; r < width; r++) {
        this.inverseFactor[r * width + c] = column[r]!;
        this.inverseFactorT[c * width + r] = column[r]!;
      }
    }

    this.decay = new Float64Array(params.maxItems);
    for (let t = 0; t < params.maxItems; t++) this.decay[t] = Math.pow(0.5, t / params.halfLife);
    const rank = FoldInSolver.woodburyMaxRank;
    this.rows = new Int32Array(rank);
    this.xs = new Float64Array(params.maxItems * width);
    this.ws = new Float64Array(rank * width);
    this.omegaRoot = new Float64Array(params.maxItems);
    this.capacitance = new Float64Array(rank * rank);
    this.projected = new Float64Array(rank);
    this.alpha = new Float64Array(rank);
    this.whitened = new Float64Array(width);
    this.system = new Float64Array(width * width);
  }

  /** True when this solver was prepared for the same parameters. */
  fits(params: FoldInParameters): boolean {
    const own = this.params;
    return (
      own.dimensions === params.dimensions &&
      own.globalMean === params.globalMean &&
      own.regularization === params.regularization &&
      own.missingWeight === params.missingWeight &&
      own.missingRating === params.missingRating &&
      own.halfLife === params.halfLife &&
      own.maxItems === params.maxItems
    );
  }

  /**
   * The user's embedding and bias from their items, ordered oldest first.
   * @returns `[u_1 … u_d, c]`, a fresh array.
   */
  solve(items: readonly FoldInItem[]): Float64Array {
    const { params, width, xs, omegaRoot } = this;
    const d = params.dimensions;
    const wm = params.missingWeight;
    const missingTarget = params.missingRating - params.globalMean;
    const first = Math.max(0, items.length - params.maxItems);
    const count = items.length - first;
    const out = new Float64Array(width);
    // rhs contributions: scaled_j x_j; kept in `out` until the path is chosen.
    const rhs = out;
    rhs.set(this.baseRhs);
    let weighted = 0;
    for (let j = 0; j < count; j++) {
      const item = items[first + j]!;
      const weight = Math.max(this.decay[count - 1 - j]!, wm);
      const scaled = weight * (item.rating - params.globalMean - item.bias) - wm * (missingTarget - item.bias);
      const row = j * width;
      const embedding = item.embedding;
      for (let k = 0; k < d; k++) {
        const value = embedding[k]!;
        xs[row + k] = value;
        rhs[k]! += scaled * value;
      }
      xs[row + d] = 1;
      rhs[d]! += scaled;
      const omega = weight - wm;
      omegaRoot[j] = omega > 0 ? Math.sqrt(omega) : 0;
      if (omega > 0) weighted++;
    }
    return weighted <= FoldInSolver.woodburyMaxRank ? this.solveWoodbury(count, rhs) : this.solveDirect(count, rhs);
  }

  /** u = L⁻ᵀ(g − Wᵀ S C⁻¹ S W g) with g = L⁻¹b, W rows L⁻¹x_j, C = I + S W Wᵀ S. */
  private solveWoodbury(count: number, rhs: Float64Array): Float64Array {
    const { width, xs, ws, omegaRoot, inverseFactor: li, inverseFactorT: lit, capacitance, projected, alpha, rows } = this;
    const g = this.whitened;
    lowerTimes(li, rhs, 0, width, g, 0);
    let rank = 0;
    for (let j = 0; j < count; j++) if (omegaRoot[j] !== 0) rows[rank++] = j;
    // Two items per pass over L⁻¹ share its loads: ~25% faster than one at a time.
    let done = 0;
    for (; done + 1 < rank; done += 2) lowerTimesPair(li, xs, rows[done]! * width, rows[done + 1]! * width, width, ws, done * width);
    if (done < rank) lowerTimes(li, xs, rows[done]! * width, width, ws, done * width);
    if (rank > 0) {
      for (let a = 0; a < rank; a++) {
        const aRow = a * width;
        const sa = omegaRoot[rows[a]!]!;
        let dot = 0;
        for (let p = 0; p < width; p++) dot += ws[aRow + p]! * g[p]!;
        projected[a] = sa * dot;
        for (let b = a; b < rank; b++) {
          const bRow = b * width;
          let sum = 0;
          for (let p = 0; p < width; p++) sum += ws[aRow + p]! * ws[bRow + p]!;
          capacitance[a * rank + b] = (a === b ? 1 : 0) + sa * omegaRoot[rows[b]!]! * sum;
        }
      }
      choleskySolve(capacitance, projected, rank, alpha);
      for (let a = 0; a < rank; a++) {
        const coefficient = omegaRoot[rows[a]!]! * alpha[a]!;
        const aRow = a * width;
        for (let p = 0; p < width; p++) g[p]! -= coefficient * ws[aRow + p]!;
      }
    }
    // u = L⁻ᵀ g, written over rhs (no longer needed).
    for (let p = 0; p < width; p++) {
      let sum = 0;
      const row = p * width;
      for (let q = p; q < width; q++) sum += lit[row + q]! * g[q]!;
      rhs[p] = sum;
    }
    return rhs;
  }

  /** A₀ + Σ ω_j x_j x_jᵀ, factored: cheaper than Woodbury for long histories. */
  private solveDirect(count: number, rhs: Float64Array): Float64Array {
    const { width, xs, omegaRoot, system } = this;
    system.set(this.base);
    for (let j = 0; j < count; j++) {
      const omega = omegaRoot[j]! * omegaRoot[j]!;
      if (omega === 0) continue;
      const xRow = j * width;
      for (let p = 0; p < width; p++) {
        const extra = omega * xs[xRow + p]!;
        const aRow = p * width;
        for (let q = p; q < width; q++) system[aRow + q]! += extra * xs[xRow + q]!;
      }
    }
    // choleskySolve reads b[i] before writing out[i], so solving in place is safe.
    return choleskySolve(system, rhs, width, rhs);
  }
}

/** out[o…] = L v[v0…] and out[o+n…] = L v[v1…] for a row-major n × n lower-triangular L. */
function lowerTimesPair(l: Float64Array, v: Float64Array, v0: number, v1: number, n: number, out: Float64Array, o: number): void {
  for (let p = 0; p < n; p++) {
    let first = 0;
    let second = 0;
    const row = p * n;
    for (let q = 0; q <= p; q++) {
      const entry = l[row + q]!;
      first += entry * v[v0 + q]!;
      second += entry * v[v1 + q]!;
    }
    out[o + p] = first;
    out[o + n + p] = second;
  }
}

/** out[o…] = L v[v0…] for a row-major n × n lower-triangular L. */
function lowerTimes(l: Float64Array, v: Float64Array, v0: number, n: number, out: Float64Array, o: number): void {
  for (let p = 0; p < n; p++) {
    let sum = 0;
    const row = p * n;
    for (let q = 0; q <= p; q++) sum += l[row + q]! * v[v0 + q]!;
    out[o + p] = sum;
  }
}
