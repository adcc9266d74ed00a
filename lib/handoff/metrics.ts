import * as z from 'zod/mini';
import { HandoffPoint } from './handoff-points';
import { Timestamp } from './packet';

/*
 * Outcome metrics: the playbook's "Verify outcomes" step (time-to-kickoff, time-to-first-value,
 * onboarding completion) and the maturity matrix KPIs (stage conversion, kickoff within SLA, data
 * completeness, rework %), all derived from packet histories so that they agree with the audit trail.
 * `packetOutcome` (packet-outcome.ts) summarises one history; the API keeps those summaries per packet and
 * aggregates them in SQL (server/metrics/), so a dashboard over 100k packets never replays them all.
 *
 * Definitions shared by every metric:
 * - Cohort: the packets whose first `submitted` event is at or after `from` and before `to`. A packet
 *   belongs to the window in which it was first handed over, so resubmissions never move it to a later
 *   window, and a packet never submitted is in no cohort. A monthly cohort is the same with the UTC
 *   calendar month of that first submission.
 * - Outcomes count whenever they happened, also after `to`: a cohort is followed to the present.
 * - "First" event of a type means the one with the lowest `seq`; "after" an event means a higher `seq`.
 * - Durations come twice: `…Ms` figures are elapsed calendar milliseconds between the events' `at`
 *   timestamps; `business…` figures count only the working time of the playbook's calendar of the
 *   packet's receiving team (its default calendar without one), as the SLA clocks do.
 * - Percentiles are nearest-rank: the p-th percentile of n values is the value at 1-based rank
 *   ceil(p/100 × n) of the values sorted ascending. The median is the 50th percentile, so it is always
 *   an observed value (for an even n, the lower of the two middle values).
 * - The mean is the arithmetic mean.
 * - A statistic over nothing is null, never 0, so "no data" cannot be read as "zero".
 * - Who: the owner of a packet is its current receiving user; a team filter keeps the packets whose
 *   giving or receiving team it is.
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

/** SLA attainment of the clocks of packets one receiving user owns (`userId` null: nobody yet). */
export const OwnerAttainment = z.extend(Proportion, {
  userId: z.nullable(z.string()),
  name: z.nullable(z.string()),
});
export type OwnerAttainment = z.infer<typeof OwnerAttainment>;

/** One monthly cohort: the packets first submitted in `month` (UTC, `YYYY-MM`), with the same definitions. */
export const MonthlyCohort = z.object({
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
  cohortSize: Count,
  timeToKickoff: DurationStats,
  businessTimeToKickoff: DurationStats,
  timeToFirstValue: DurationStats,
  businessTimeToFirstValue: DurationStats,
  onboardingCompletion: Proportion,
  slaAttainment: Proportion,
  dataCompleteness: MeanScore,
  returnedRate: Proportion,
});
export type MonthlyCohort = z.infer<typeof MonthlyCohort>;

export const Metrics = z.object({
  /** The window, as given: the cohort is the packets first submitted in [from, to). */
  from: Timestamp,
  to: Timestamp,
  cohortSize: Count,
  /** First `submitted` → first `kickoff_held`, over the cohort packets that had a kickoff; calendar time. */
  timeToKickoff: DurationStats,
  /** The same durations in working time of the receiving team's calendar. */
  businessTimeToKickoff: DurationStats,
  /** First `submitted` → first `first_value_reached`, over the cohort packets that reached first value. */
  timeToFirstValue: DurationStats,
  /** The same durations in working time of the receiving team's calendar. */
  businessTimeToFirstValue: DurationStats,
  /** Of the cohort's `sales_to_cs` packets that were ever accepted, those that reached first value. */
  onboardingCompletion: Proportion,
  /**
   * Of the cohort's SLA clocks (the latest cycle of each policy of the packet's handoff point) that are
   * `met` or `breached` (stopped, or still running but already late), those `met`; overall, per policy
   * and per owner. Every policy and owner with a started clock in the cohort is listed, with a null
   * rate while none of its clocks has finished.
   */
  slaAttainment: z.extend(Proportion, {
    byPolicy: z.record(z.string(), Proportion),
    byOwner: z.array(OwnerAttainment),
  }),
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
  /** One row per UTC month with a first submission in the window, oldest first: the trend charts. */
  months: z.array(MonthlyCohort),
});
export type Metrics = z.infer<typeof Metrics>;

/** The figures a drill-down lists the packets of: each figure's denominator, with whether each counts. */
export const MetricFigure = z.enum([
  'cohort',
  'time_to_kickoff',
  'time_to_first_value',
  'onboarding_completion',
  'sla_attainment',
  'data_completeness',
  'returned',
  'edited_after_acceptance',
  'stage_conversion',
]);
export type MetricFigure = z.infer<typeof MetricFigure>;

/**
 * A packet behind a figure. `value` is the figure's number for it (a duration in calendar ms, the
 * completeness score at submission, the furthest funnel stage 0–4), `businessValue` the duration in
 * working time; `matches` whether it counts in the figure's numerator; `policyId` names the clock of
 * an SLA row (one row per clock).
 */
export const MetricPacket = z.object({
  packetId: z.string(),
  customerName: z.nullable(z.string()),
  handoffPoint: HandoffPoint,
  givingUserId: z.nullable(z.string()),
  givingUserName: z.nullable(z.string()),
  receivingUserId: z.nullable(z.string()),
  receivingUserName: z.nullable(z.string()),
  submittedAt: z.nullable(z.string()),
  policyId: z.nullable(z.string()),
  value: z.nullable(z.number()),
  businessValue: z.nullable(z.number()),
  matches: z.nullable(z.boolean()),
});
export type MetricPacket = z.infer<typeof MetricPacket>;

export const MetricPackets = z.object({
  figure: MetricFigure,
  packets: z.array(MetricPacket),
  nextOffset: z.nullable(Count),
});
export type MetricPackets = z.infer<typeof MetricPackets>;
