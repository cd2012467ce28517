/**
 * The trained parameters (the artifact's payload) and the arithmetic that turns a
 * feature vector into a customer count.
 *
 * The model is ridge regression on log(customers tomorrow):
 *
 *   z_i   = (t_i(x_i) - mean_i) / std_i           t_i = log1p for customer counts, identity otherwise
 *   log ŷ = intercept + Σ weight_i · z_i
 *   ŷ     = clamp(smearing · exp(log ŷ), 0, clampMax)
 *
 * `smearing` is Duan's correction: exp of a mean log is a median, and the mean of
 * exp(residual) on the training set turns it back into an expected count.
 *
 * At load time the scaling is folded into the weights, so one prediction is 100
 * multiply-adds, a log1p per customer-count feature and one exp (docs/footfall-model.md
 * states the count, generated from the artifact's transforms). No matrix library is needed here, which keeps the
 * Lambda bundle small; ml-matrix is only used by the trainer. Edit this file together
 * with `training/train.ts` when the model's formula changes, and bump `PAYLOAD_FORMAT` (payload-schema.ts).
 */
import { FEATURE_COUNT, FEATURE_NAMES, type FeatureName } from './features.js';
import type { FootfallPayload } from './payload-schema.js';

/** One feature's share of a prediction, on the log scale and as a factor. */
export interface FeatureContribution {
  name: FeatureName;
  value: number;
  /** weight × standardised value: added to log(customers). */
  logContribution: number;
  /** exp(logContribution): multiplies the prediction (1.10 = +10 %). */
  factor: number;
}

/** A prediction broken down per feature, largest effects first. */
export interface PredictionExplanation {
  /** Prediction for a row at the training average (every z = 0). */
  baselineCustomers: number;
  customersTomorrow: number;
  contributions: FeatureContribution[];
}

/** The arithmetic of the model, precomputed for speed. */
export class LinearPredictor {
  private readonly foldedWeights: Float64Array;
  private readonly foldedIntercept: number;
  private readonly logFeature: Uint8Array;

  constructor(readonly payload: FootfallPayload) {
    this.foldedWeights = new Float64Array(FEATURE_COUNT);
    this.logFeature = new Uint8Array(FEATURE_COUNT);
    let intercept = payload.intercept + Math.log(payload.smearing);
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const weight = payload.weights[i]! / payload.stds[i]!;
      this.foldedWeights[i] = weight;
      intercept -= weight * payload.means[i]!;
      this.logFeature[i] = payload.transforms[i] === 'log1p' ? 1 : 0;
    }
    this.foldedIntercept = intercept;
  }

  /** Expected customers for one canonical row of 100 finite numbers. */
  predictRow(row: ArrayLike<number>): number {
    const weights = this.foldedWeights;
    const isLog = this.logFeature;
    let logCustomers = this.foldedIntercept;
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const x = row[i]!;
      // Counts below zero are meaningless; clamping keeps log1p finite for any finite input.
      logCustomers += weights[i]! * (isLog[i] === 1 ? Math.log1p(x > 0 ? x : 0) : x);
    }
    return this.clamp(Math.exp(logCustomers));
  }

  /** Per-feature breakdown of one prediction, in the model's log scale. */
  explain(row: ArrayLike<number>): PredictionExplanation {
    const { payload } = this;
    const contributions: FeatureContribution[] = [];
    let logCustomers = payload.intercept + Math.log(payload.smearing);
    const baselineCustomers = this.clamp(Math.exp(logCustomers));
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const value = row[i]!;
      const transformed = payload.transforms[i] === 'log1p' ? Math.log1p(value > 0 ? value : 0) : value;
      const logContribution = (payload.weights[i]! * (transformed - payload.means[i]!)) / payload.stds[i]!;
      logCustomers += logContribution;
      contributions.push({ name: FEATURE_NAMES[i]!, value, logContribution, factor: Math.exp(logContribution) });
    }
    contributions.sort((a, b) => Math.abs(b.logContribution) - Math.abs(a.logContribution));
    return { baselineCustomers, customersTomorrow: this.clamp(Math.exp(logCustomers)), contributions };
  }

  private clamp(customers: number): number {
    // Absurd inputs (a store of 10^300 m²) must not produce Infinity or NaN, which JSON cannot carry.
    if (Number.isNaN(customers)) return 0;
    return Math.min(this.payload.clampMax, Math.max(0, customers));
  }
}
