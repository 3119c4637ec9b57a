/**
 * Small descriptive statistics used to summarise repeated simulation runs (CLI compare, backend
 * comparisons). Pure functions, no I/O.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface ConfidenceInterval {
  mean: number;
  /** Lower / upper bound of the two-sided 95% interval for the mean; null with fewer than 2 values. */
  low: number | null;
  high: number | null;
  n: number;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n − 1 denominator); NaN with fewer than 2 values. */
export function stddev(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (n - 1));
}

/** The values a quantity can take, e.g. `{ min: 0 }` for a time, `{ min: 0, max: 100 }` for a percentage. */
export interface ValueRange {
  min?: number;
  max?: number;
}

/**
 * 95% confidence interval of the mean with Student's t (the runs are few and their spread unknown):
 * mean ± t(0.975, n − 1) · s / √n.
 *
 * The t interval is symmetric, so with few, skewed values it can reach past what the quantity can
 * take (a negative wait count from 3 seeds). With `range`, the bounds are clamped to it: the mean of
 * values inside the range is inside it too, and no value outside it is plausible.
 */
export function ci95(values: readonly number[], range: ValueRange = {}): ConfidenceInterval {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { mean: m, low: null, high: null, n };
  const halfWidth = tQuantile(0.975, n - 1) * (stddev(values) / Math.sqrt(n));
  return { mean: m, low: clamp(m - halfWidth, range), high: clamp(m + halfWidth, range), n };
}

function clamp(x: number, { min = -Infinity, max = Infinity }: ValueRange): number {
  return Math.min(max, Math.max(min, x));
}
