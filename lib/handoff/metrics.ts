import * as z from 'zod/mini';
import { HandoffPoint } from './handoff-points';
import type { EventType, HistoryEvent } from './history';
import { Timestamp } from './packet';
import type { SlaState } from './sla-state';

/*
 * Outcome metrics: the playbook's "Verify outcomes" step (time-to-kickoff, time-to-first-value,
 * onboarding completion) and the maturity matrix KPIs (stage conversion, kickoff within SLA, data
 * completeness, rework %), all derived from packet histories so that they agree with the audit trail.
 *
 * Definitions shared by every metric:
 * - Cohort: the packets whose first `submitted` event is at or after `from` and before `to`. A packet
 *   belongs to the window in which it was first handed over, so resubmissions never move it to a later
 *   window, and a packet never submitted is in no cohort.
 * - Outcomes count whenever they happened, also after `to`: a cohort is followed to the present.
 * - "First" event of a type means the one with the lowest `seq`; "after" an event means a higher `seq`.
 * - Durations are elapsed milliseconds between the events' `at` timestamps (calendar time, not
 *   business hours).
 * - Percentiles are nearest-rank: the p-th percentile of n values is the value at 1-based rank
 *   ceil(p/100 × n) of the values sorted ascending. The median is the 50th percentile, so it is always
 *   an observed value (for an even n, the lower of the two middle values).
 * - The mean is the arithmetic mean.
 * - A statistic over nothing is null, never 0, so "no data" cannot be read as "zero".
 */

const Count = z.number().check(z.int(), z.nonnegative());
const Fraction = z.nullable(z.number().check(z.gte(0), z.lte(1)));

/**
 * Statistics of `count` durations in milliseconds: nearest-rank median and 90th percentile, and the
 * mean. All three are null when `count` is 0.
 */
export const DurationStats = z.object({
  count: Count,
  medianMs: z.nullable(z.number()),
  p90Ms: z.nullable(z.number()),
  meanMs: z.nullable(z.number()),
});
export type DurationStats = z.infer<typeof DurationStats>;

/** `matching` out of `count`; `rate` is matching / count, null when `count` is 0. */
export const Proportion = z.object({ count: Count, matching: Count, rate: Fraction });
export type Proportion = z.infer<typeof Proportion>;

/** The mean of `count` scores between 0 and 1; null when `count` is 0. */
export const MeanScore = z.object({ count: Count, mean: Fraction });
export type MeanScore = z.infer<typeof MeanScore>;

/**
 * The funnel of the packets created in the window at one handoff point. A packet has reached a stage
 * when its history holds that stage's event or a later stage's, so the funnel never widens even when a
 * step went unrecorded. Each rate is the next stage's count over the previous one's, null when the
 * previous count is 0.
 */
export const StageFunnel = z.object({
  created: Count,
  submitted: Count,
  accepted: Count,
  kickoffHeld: Count,
  firstValueReached: Count,
  createdToSubmitted: Fraction,
  submittedToAccepted: Fraction,
  acceptedToKickoffHeld: Fraction,
  kickoffHeldToFirstValueReached: Fraction,
});
export type StageFunnel = z.infer<typeof StageFunnel>;

export const Metrics = z.object({
  /** The window, as given: the cohort is the packets first submitted in [from, to). */
  from: Timestamp,
  to: Timestamp,
  cohortSize: Count,
  /** First `submitted` → first `kickoff_held`, over the cohort packets that had a kickoff. */
  timeToKickoff: DurationStats,
  /** First `submitted` → first `first_value_reached`, over the cohort packets that reached first value. */
  timeToFirstValue: DurationStats,
  /** Of the cohort's `sales_to_cs` packets that were ever accepted, those that reached first value. */
  onboardingCompletion: Proportion,
  /**
   * Of the cohort's SLA clocks that are `met` or `breached` (stopped, or still running but already
   * late), those `met`; overall and per policy. Every policy with a clock in the cohort is listed,
   * with a null rate while none of its clocks has finished.
   */
  slaAttainment: z.extend(Proportion, { byPolicy: z.record(z.string(), Proportion) }),
  /**
   * The mean of `data.completeness` of each cohort packet's first submission: how complete packets
   * are when first handed over, before any return for missing facts. A submission without a numeric
   * score in 0..1 is left out of `count`.
   */
  dataCompleteness: MeanScore,
  rework: z.object({
    /** Of the cohort, the packets returned at least once. */
    returnedRate: Proportion,
    /** Of the cohort packets ever accepted, those with an edit event after their first acceptance. */
    editedAfterAcceptanceRate: Proportion,
  }),
  /**
   * Per handoff point, the funnel of the packets whose first `created` event is in [from, to) —
   * drafts included, which is why this is the one metric not computed over the submission cohort.
   */
  stageConversion: z.record(HandoffPoint, StageFunnel),
});
export type Metrics = z.infer<typeof Metrics>;

export interface MetricsInput {
  packets: ReadonlyArray<{
    id: string;
    handoffPoint: HandoffPoint;
    /** The packet's history in `seq` order, as stored. */
    events: readonly HistoryEvent[];
    slaClocks: ReadonlyArray<{ policyId: string; state: SlaState }>;
  }>;
  from: Date;
  to: Date;
}

const editEventTypes: ReadonlySet<EventType> = new Set<EventType>([
  'field_set',
  'item_added',
  'item_updated',
  'item_removed',
]);

/** The funnel's stages after `created`, in order: a packet's stage is its index here plus one. */
const funnelStages: readonly EventType[] = ['submitted', 'accepted', 'kickoff_held', 'first_value_reached'];

/** How far along the funnel a history went: 0 for created only, up to 4 for first value reached. */
function furthestFunnelStage(events: readonly HistoryEvent[]): number {
  let furthest = 0;
  for (const event of events) furthest = Math.max(furthest, funnelStages.indexOf(event.type) + 1);
  return furthest;
}

/** Computes the outcome metrics of the packets first submitted in [from, to); see the definitions above. */
export function computeMetrics(input: MetricsInput): Metrics {
  const fromMs = input.from.getTime();
  const toMs = input.to.getTime();
  const inWindow = (event: HistoryEvent | undefined): event is HistoryEvent => {
    if (event === undefined) return false;
    const atMs = Date.parse(event.at);
    return atMs >= fromMs && atMs < toMs;
  };

  const kickoffDurations: number[] = [];
  const firstValueDurations: number[] = [];
  const completenessScores: number[] = [];
  const onboarding = { count: 0, matching: 0 };
  const returned = { count: 0, matching: 0 };
  const editedAfterAcceptance = { count: 0, matching: 0 };
  const slaByPolicy = new Map<string, { count: number; matching: number }>();
  const funnelStagesByPoint = new Map<HandoffPoint, number[]>();
  let cohortSize = 0;

  for (const packet of input.packets) {
    const { events } = packet;
    const firstOf = (type: EventType) => events.find((event) => event.type === type);

    if (inWindow(firstOf('created'))) {
      const stages = funnelStagesByPoint.get(packet.handoffPoint) ?? [];
      stages.push(furthestFunnelStage(events));
      funnelStagesByPoint.set(packet.handoffPoint, stages);
    }

    const submission = firstOf('submitted');
    if (!inWindow(submission)) continue;
    cohortSize++;
    const submittedMs = Date.parse(submission.at);

    const kickoff = firstOf('kickoff_held');
    if (kickoff) kickoffDurations.push(Date.parse(kickoff.at) - submittedMs);
    const firstValue = firstOf('first_value_reached');
    if (firstValue) firstValueDurations.push(Date.parse(firstValue.at) - submittedMs);

    const completeness = submission.data.completeness;
    if (typeof completeness === 'number' && completeness >= 0 && completeness <= 1) {
      completenessScores.push(completeness);
    }

    const acceptedIndex = events.findIndex((event) => event.type === 'accepted');
    if (acceptedIndex !== -1) {
      if (packet.handoffPoint === 'sales_to_cs') tally(onboarding, firstValue !== undefined);
      tally(
        editedAfterAcceptance,
        events.slice(acceptedIndex + 1).some((event) => editEventTypes.has(event.type)),
      );
    }
    tally(returned, firstOf('returned') !== undefined);

    for (const clock of packet.slaClocks) {
      let policy = slaByPolicy.get(clock.policyId);
      if (!policy) {
        policy = { count: 0, matching: 0 };
        slaByPolicy.set(clock.policyId, policy);
      }
      if (clock.state === 'met' || clock.state === 'breached') tally(policy, clock.state === 'met');
    }
  }

  const slaPolicies = [...slaByPolicy].sort(([a], [b]) => a.localeCompare(b));
  const slaTotal = { count: 0, matching: 0 };
  for (const [, policy] of slaPolicies) {
    slaTotal.count += policy.count;
    slaTotal.matching += policy.matching;
  }

  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    cohortSize,
    timeToKickoff: durationStats(kickoffDurations),
    timeToFirstValue: durationStats(firstValueDurations),
    onboardingCompletion: proportion(onboarding),
    slaAttainment: {
      ...proportion(slaTotal),
      byPolicy: Object.fromEntries(slaPolicies.map(([policyId, policy]) => [policyId, proportion(policy)])),
    },
    dataCompleteness: { count: completenessScores.length, mean: mean(completenessScores) },
    rework: {
      returnedRate: proportion(returned),
      editedAfterAcceptanceRate: proportion(editedAfterAcceptance),
    },
    stageConversion: Object.fromEntries(
      HandoffPoint.options.map((point) => [point, stageFunnel(funnelStagesByPoint.get(point) ?? [])]),
    ) as Record<HandoffPoint, StageFunnel>,
  };
}

function tally(counter: { count: number; matching: number }, matches: boolean): void {
  counter.count++;
  if (matches) counter.matching++;
}

function proportion({ count, matching }: { count: number; matching: number }): Proportion {
  return { count, matching, rate: ratio(matching, count) };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** The funnel of packets given the furthest stage each reached (see `furthestFunnelStage`). */
function stageFunnel(furthestStages: readonly number[]): StageFunnel {
  const reached = (stage: number) => furthestStages.filter((furthest) => furthest >= stage).length;
  const created = furthestStages.length;
  const submitted = reached(1);
  const accepted = reached(2);
  const kickoffHeld = reached(3);
  const firstValueReached = reached(4);
  return {
    created,
    submitted,
    accepted,
    kickoffHeld,
    firstValueReached,
    createdToSubmitted: ratio(submitted, created),
    submittedToAccepted: ratio(accepted, submitted),
    acceptedToKickoffHeld: ratio(kickoffHeld, accepted),
    kickoffHeldToFirstValueReached: ratio(firstValueReached, kickoffHeld),
  };
}

function durationStats(durations: number[]): DurationStats {
  const ascending = [...durations].sort((a, b) => a - b);
  return {
    count: ascending.length,
    medianMs: nearestRankPercentile(ascending, 50),
    p90Ms: nearestRankPercentile(ascending, 90),
    meanMs: mean(ascending),
  };
}

/**
 * The value at 1-based rank ceil(percent/100 × n) of `ascending`; null for no values. The rank is
 * computed as ceil(percent × n / 100) because the integer product and a correctly rounded division
 * keep exact ranks exact, where 0.9 × n in floating point can land just above an integer.
 */
function nearestRankPercentile(ascending: readonly number[], percent: number): number | null {
  return ascending[Math.ceil((percent * ascending.length) / 100) - 1] ?? null;
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
