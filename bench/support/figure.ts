/** One measured number, as every bench module reports it and bench/run.ts prints it. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The target, as words for the table (`≥ 500`, `≤ 30 ms`). */
  goal?: string;
  /** Whether the value meets the goal; absent when there is no goal. */
  ok?: boolean;
}

/** Every bench module's one export. Benchmarks report; they do not fail the build. */
export type Bench = () => Promise<Figure[]>;

export function figure(
  name: string,
  value: number,
  unit: string,
  goal?: { text: string; met: (value: number) => boolean },
): Figure {
  return goal ? { name, value, unit, goal: goal.text, ok: goal.met(value) } : { name, value, unit };
}

export const minimum = (bound: number, unit = '') => ({
  text: `≥ ${bound}${unit ? ` ${unit}` : ''}`,
  met: (value: number) => value >= bound,
});

export const maximum = (bound: number, unit = '') => ({
  text: `≤ ${bound}${unit ? ` ${unit}` : ''}`,
  met: (value: number) => value <= bound,
});

/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}
