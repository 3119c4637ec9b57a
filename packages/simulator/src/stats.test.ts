import { describe, expect, it } from 'vitest';
import { ci95, mean, stddev } from './stats.js';

describe('stats', () => {
  it('computes mean and sample standard deviation', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // Σ(x − 5)² = 32, n − 1 = 7.
    expect(stddev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(Number.isNaN(mean([]))).toBe(true);
    expect(Number.isNaN(stddev([3]))).toBe(true);
  });

  it('gives the Student-t 95% interval of a hand-computed case', () => {
    // Values 10, 12, 14: mean 12, s = 2, t(0.975, 2) = 4.302653, half-width = 4.302653 · 2 / √3 = 4.968275.
    const ci = ci95([10, 12, 14]);
    expect(ci.mean).toBe(12);
    expect(ci.n).toBe(3);
    expect(ci.low).toBeCloseTo(12 - 4.968275, 5);
    expect(ci.high).toBeCloseTo(12 + 4.968275, 5);
  });

  it('uses t(0.975, 9) = 2.262157 for ten values', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const s = stddev(values); // 3.02765
    const ci = ci95(values);
    expect(ci.high! - ci.mean).toBeCloseTo((2.262157 * s) / Math.sqrt(10), 5);
  });

  it('has no interval for a single value, and a zero-width one for identical values', () => {
    expect(ci95([7])).toEqual({ mean: 7, low: null, high: null, n: 1 });
    expect(ci95([3, 3, 3])).toEqual({ mean: 3, low: 3, high: 3, n: 3 });
  });
});

describe('ci95 with a value range', () => {
  it('clamps the bounds to the range and leaves the mean alone', () => {
    // 0, 0, 9: mean 3, s = 5.196, half-width 12.91 → raw [-9.91, 15.91].
    const raw = ci95([0, 0, 9]);
    expect(raw.low).toBeLessThan(0);
    expect(ci95([0, 0, 9], { min: 0 })).toEqual({ mean: 3, low: 0, high: raw.high, n: 3 });
    expect(ci95([0, 0, 9], { min: 0, max: 10 })).toEqual({ mean: 3, low: 0, high: 10, n: 3 });
  });
});
