import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The few draws traffic generation needs, on top of a seeded pure-rand generator. */
export interface TrafficRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Exponentially distributed with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Index i with probability weight[i] / total, given the running sums of the weights. */
  pickCumulative(cumulative: readonly number[]): number;
}

export function createTrafficRandom(seed: number): TrafficRandom {
  const rng = xoroshiro128plus(seed);
  const uniform = () => uniformFloat64(rng);
  return {
    uniform,
    // 1 - u lies in (0, 1], so the logarithm is finite.
    exponential: (rate) => -Math.log(1 - uniform()) / rate,
    pickCumulative: (cumulative) => {
      const total = cumulative[cumulative.length - 1] ?? 0;
      const target = uniform() * total;
      // First index whose running sum exceeds the target (binary search; zero weights are never picked).
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}

/** Running sums of the weights. */
export function cumulativeSums(weights: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const w of weights) out.push((sum += w));
  return out;
}
