import type { SlaState } from './sla-state';

/** Where a packet's clocks stand as the API stores it on the row: enough to tell the state at any instant. */
export interface SlaSummaryValues {
  /** The state of clocks that are not running; a running clock's follows from the two instants. */
  slaState: SlaState;
  /** When the earliest running clock becomes due soon. */
  dueSoonAt: string | null;
  /** The earliest deadline of a running clock. */
  nextDeadline: string | null;
}

/**
 * The state of a packet's clocks at `now` from its summary: breached once a running clock's deadline has
 * passed, due soon from its first reminder, else on track; without a running clock, the stored state.
 * Free of Zod, so that the content script can keep its tab's colour true as time passes.
 */
export function liveSlaState(summary: SlaSummaryValues, now: number): SlaState {
  if (summary.nextDeadline !== null && Date.parse(summary.nextDeadline) <= now) return 'breached';
  if (summary.dueSoonAt !== null && Date.parse(summary.dueSoonAt) <= now) return 'due_soon';
  if (summary.nextDeadline !== null) return 'on_track';
  return summary.slaState;
}

/** The next instant at which liveSlaState changes by itself, or null. */
export function nextSlaChange(summary: SlaSummaryValues, now: number): number | null {
  const ahead = [summary.dueSoonAt, summary.nextDeadline]
    .map((instant) => (instant === null ? Number.NaN : Date.parse(instant)))
    .filter((instant) => instant > now);
  return ahead.length > 0 ? Math.min(...ahead) : null;
}

/** SLA states from the least to the most pressing. */
export const slaSeverity: readonly SlaState[] = [
  'not_started',
  'met',
  'paused',
  'on_track',
  'due_soon',
  'breached',
];

/** Several packets' summaries as one: the earliest instants and the worst stored state. */
export function mergeSlaSummaries(summaries: readonly SlaSummaryValues[]): SlaSummaryValues | null {
  if (summaries.length === 0) return null;
  const earliest = (instants: Array<string | null>) =>
    instants.filter((instant): instant is string => instant !== null).sort()[0] ?? null;
  return {
    slaState: summaries.reduce<SlaState>(
      (worst, { slaState }) =>
        slaSeverity.indexOf(slaState) > slaSeverity.indexOf(worst) ? slaState : worst,
      'not_started',
    ),
    dueSoonAt: earliest(summaries.map((summary) => summary.dueSoonAt)),
    nextDeadline: earliest(summaries.map((summary) => summary.nextDeadline)),
  };
}
