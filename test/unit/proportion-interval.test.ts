import { describe, expect, it } from 'vitest';
import {
  meanDifferenceInterval,
  meanInterval,
  proportionDifferenceInterval,
  sampleVariance,
  wilsonInterval,
} from '../../lib/handoff/proportion-interval';

/** Published values are given to four decimals. */
function expectInterval(actual: { low: number; high: number } | null, low: number, high: number) {
  expect(actual).not.toBeNull();
  expect(actual?.low).toBeCloseTo(low, 4);
  expect(actual?.high).toBeCloseTo(high, 4);
}

describe('Wilson score interval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it('matches the published intervals', () => {
    expectInterval(wilsonInterval(81, 263), 0.2553, 0.3662);
    expectInterval(wilsonInterval(15, 148), 0.0624, 0.1605);
    expectInterval(wilsonInterval(0, 20), 0, 0.1611);
    expectInterval(wilsonInterval(1, 29), 0.0061, 0.1718);
    // And the usual textbook ones: 0 of 10, 5 of 10, 10 of 10.
    expectInterval(wilsonInterval(0, 10), 0, 0.2775);
    expectInterval(wilsonInterval(5, 10), 0.2366, 0.7634);
    expectInterval(wilsonInterval(10, 10), 0.7225, 1);
  });

  it('has no interval for no observations, and stays within [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    const one = wilsonInterval(1, 1);
    expect(one?.low).toBeGreaterThan(0);
    expect(one?.high).toBe(1);
  });
});

describe("Newcombe's interval of a difference of proportions", () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions",
  // Table II, method 10.
  it('matches the published intervals', () => {
    expectInterval(
      proportionDifferenceInterval({ matching: 56, count: 70 }, { matching: 48, count: 80 }),
      0.0524,
      0.3339,
    );
    expectInterval(
      proportionDifferenceInterval({ matching: 9, count: 10 }, { matching: 3, count: 10 }),
      0.1705,
      0.809,
    );
  });

  it('has none when a group is empty', () => {
    expect(proportionDifferenceInterval({ matching: 0, count: 0 }, { matching: 1, count: 2 })).toBeNull();
  });
});

describe('intervals of means from sums', () => {
  const sums = (values: number[]) => ({
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    sumOfSquares: values.reduce((a, b) => a + b * b, 0),
  });

  it('computes the sample variance and the normal interval of the mean', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
    const sample = sums([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(sampleVariance(sample)).toBeCloseTo(32 / 7, 12);
    const half = 1.959963984540054 * Math.sqrt(32 / 7 / 8);
    expectInterval(meanInterval(sample), 5 - half, 5 + half);
  });

  it('computes the Welch interval of a difference of means', () => {
    const first = sums([10, 12, 14]);
    const second = sums([1, 2, 3, 4]);
    const half = 1.959963984540054 * Math.sqrt(4 / 3 + 5 / 3 / 4);
    expectInterval(meanDifferenceInterval(first, second), 12 - 2.5 - half, 12 - 2.5 + half);
  });

  it('has none below two values, and no negative variance for equal values', () => {
    expect(meanInterval(sums([3]))).toBeNull();
    expect(meanDifferenceInterval(sums([]), sums([1, 2]))).toBeNull();
    expect(sampleVariance(sums([0.1, 0.1, 0.1]))).toBeGreaterThanOrEqual(0);
  });
});
