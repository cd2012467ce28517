/**
 * Error metrics and the two naive baselines every footfall model must beat.
 *
 * Baselines are what a store manager would do without a model, so they show whether
 * the model earns its keep: "same weekday last week" (lag 7) and "the 7-day mean".
 * Both read their value straight from the feature row, so the comparison uses exactly
 * the rows and targets the model sees.
 */
import { FEATURE_COUNT, FEATURE_INDEX } from '../features.js';

/**
 * Mean absolute error (customers), mean absolute percentage error (%) and root mean
 * squared error (customers). A type alias, not an interface, so it fits the model card's
 * `MetricValue` record type.
 */
export type ErrorMetrics = {
  mae: number;
  /** In percent: 5.1 means 5.1 %. */
  mape: number;
  rmse: number;
};

/** Computes MAE, MAPE (%) and RMSE over paired predictions and actual values (actuals must be > 0). */
export function errorMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>): ErrorMetrics {
  if (predicted.length !== actual.length || actual.length === 0) throw new RangeError('Need equally many predictions and actual values, at least one');
  let absolute = 0;
  let percentage = 0;
  let squared = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = predicted[i]! - actual[i]!;
    absolute += Math.abs(error);
    percentage += Math.abs(error) / actual[i]!;
    squared += error * error;
  }
  const n = actual.length;
  return { mae: absolute / n, mape: (100 * percentage) / n, rmse: Math.sqrt(squared / n) };
}

/** The naive forecasts the model is compared with. */
export type BaselineName = 'sameWeekdayLastWeek' | 'sevenDayMean';

/** The baseline's forecast for each given row of a row-major feature matrix. */
export function baselinePredictions(features: Float64Array, rows: Int32Array, baseline: BaselineName): Float64Array {
  const column = baseline === 'sameWeekdayLastWeek' ? FEATURE_INDEX.customersLag7 : FEATURE_INDEX.customersMean7d;
  return Float64Array.from(rows, (r) => features[r * FEATURE_COUNT + column]!);
}

/** Rounds for the model card: enough digits to compare, few enough to read. */
export function roundMetrics(metrics: ErrorMetrics): ErrorMetrics {
  return { mae: Math.round(metrics.mae * 100) / 100, mape: Math.round(metrics.mape * 100) / 100, rmse: Math.round(metrics.rmse * 100) / 100 };
}
