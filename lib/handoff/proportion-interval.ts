/*
 * 95% confidence intervals for the Improve loop, written out rather than taken from a library: each is
 * a closed formula of a few lines, cited below, and checked against published values in the unit tests.
 */

/** The standard normal quantile for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for `matching` successes out of `count` (Wilson, 1927; Newcombe, 1998, method 3):
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) × √(p̂(1 − p̂)/n + z²/4n²)
 * Unlike the Wald interval it stays inside [0, 1] and is sensible at 0 or n successes. Null for n = 0.
 */
export function wilsonInterval(matching: number, count: number, z = Z95): Interval | null {
  if (count === 0) return null;
  const p = matching / count;
  const z2 = z * z;
  const denominator = 1 + z2 / count;
  const centre = (p + z2 / (2 * count)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / count + z2 / (4 * count * count));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Interval for the difference of two proportions p₁ − p₂ by Newcombe's hybrid score method (Newcombe,
 * 1998, method 10), built from each group's Wilson interval (l, u):
 *   low = d − √((p₁ − l₁)² + (u₂ − p₂)²),  high = d + √((u₁ − p₁)² + (p₂ − l₂)²)
 * Null when either group is empty.
 */
export function proportionDifferenceInterval(
  first: { matching: number; count: number },
  second: { matching: number; count: number },
): Interval | null {
  const one = wilsonInterval(first.matching, first.count);
  const two = wilsonInterval(second.matching, second.count);
  if (!one || !two) return null;
  const p1 = first.matching / first.count;
  const p2 = second.matching / second.count;
  const difference = p1 - p2;
  return {
    low: difference - Math.sqrt((p1 - one.low) ** 2 + (two.high - p2) ** 2),
    high: difference + Math.sqrt((one.high - p1) ** 2 + (p2 - two.low) ** 2),
  };
}

/** Count, sum and sum of squares of a sample: what SQL aggregates in one pass and a mean needs. */
export interface SampleSums {
  count: number;
  sum: number;
  sumOfSquares: number;
}

/** The sample variance (n − 1 in the denominator), from its sums; null below two values. */
export function sampleVariance({ count, sum, sumOfSquares }: SampleSums): number | null {
  if (count < 2) return null;
  // Rounding can leave a hair below zero when every value is equal.
  return Math.max(0, (sumOfSquares - (sum * sum) / count) / (count - 1));
}

/**
 * Normal-approximation interval for a mean: x̄ ± z·s/√n. With the group sizes the Improve loop
 * requires (20 and more) the central limit theorem makes this a fair interval for the mean of
 * durations, skewed as they are. Null below two values.
 */
export function meanInterval(sample: SampleSums): Interval | null {
  const variance = sampleVariance(sample);
  if (variance === null) return null;
  const mean = sample.sum / sample.count;
  const half = Z95 * Math.sqrt(variance / sample.count);
  return { low: mean - half, high: mean + half };
}

/**
 * Interval for the difference of two means x̄₁ − x̄₂ with unequal variances (Welch), normal quantile:
 *   d ± z·√(s₁²/n₁ + s₂²/n₂)
 * Null when either group has fewer than two values.
 */
export function meanDifferenceInterval(first: SampleSums, second: SampleSums): Interval | null {
  const v1 = sampleVariance(first);
  const v2 = sampleVariance(second);
  if (v1 === null || v2 === null) return null;
  const difference = first.sum / first.count - second.sum / second.count;
  const half = Z95 * Math.sqrt(v1 / first.count + v2 / second.count);
  return { low: difference - half, high: difference + half };
}
