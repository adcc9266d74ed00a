import * as z from 'zod/mini';
import { HandoffPoint } from './handoff-points';
import type { HistoryEvent } from './history';
import { Timestamp } from './packet';
import type { Playbook } from './playbook';
import {
  type Interval,
  meanDifferenceInterval,
  meanInterval,
  proportionDifferenceInterval,
  type SampleSums,
  wilsonInterval,
} from './proportion-interval';
import type { SlaClock } from './sla-clock';

/*
 * The Improve loop: does meeting a recommended criterion (or a high completeness score) when a packet
 * is first handed over go with better outcomes? For each factor, the cohort packets (first submitted in
 * [from, to), as in metrics.ts) are split by whether they met it at their FIRST submission:
 *
 * - Time to first value: first `submitted` → first `first_value_reached`, in days, over the packets
 *   that reached first value; the mean, its interval and the interval of the difference of means
 *   (normal approximation, Welch; see proportion-interval.ts).
 * - Rework: of the packets, those returned at least once; Wilson intervals, Newcombe's interval of the
 *   difference.
 * - SLA attainment: of the packets with at least one finished SLA clock (met, or breached — also a
 *   running clock past its deadline), those with none breached; Wilson and Newcombe as for rework.
 *   Per packet rather than per clock, so that the units the interval assumes independent are packets.
 *
 * Verdict rule (the same in docs/improve.md):
 * - `not_enough_data` when either group has fewer than MINIMUM_GROUP packets, or when no outcome has
 *   MINIMUM_GROUP packets with a value on both sides.
 * - Each outcome with enough data on both sides is `better` when the 95% interval of the difference
 *   (met − unmet) excludes zero in the good direction (shorter time, less rework, more SLAs met),
 *   `worse` when it excludes zero in the other, else `no_clear_difference`.
 * - `pays_off` when at least one outcome is better and none worse; `costs` when at least one is worse
 *   and none better; otherwise `no_clear_difference` (also when outcomes disagree).
 *
 * Packets whose first `submitted` event predates the recording of `criteriaMet` are "unknown" for the
 * criteria (counted apart, never as unmet); their completeness score was always recorded.
 */

/** Fewer packets than this in either group and a factor is `not_enough_data`. */
export const MINIMUM_GROUP = 20;
/** The completeness factor splits first submissions at this score. */
export const COMPLETENESS_THRESHOLD = 0.9;

/** What the API stores on a packet's row for the Improve loop, from its history and clocks. */
export interface ImproveSummary {
  /** The criteria met at the first submission; null before then, or when that event did not record them. */
  submitCriteriaMet: string[] | null;
  submitCompleteness: number | null;
  returnedAt: string | null;
  /** `breached` when any clock breached, `met` when at least one stopped in time and none breached. */
  slaOutcome: 'met' | 'breached' | null;
}

/** The summary of a history (all of it, or at least its `submitted` and `returned` events) and its clocks. */
export function improveSummaryOf(
  events: readonly HistoryEvent[],
  clocks: readonly Pick<SlaClock, 'state'>[],
): ImproveSummary {
  const inOrder = [...events].sort((a, b) => a.seq - b.seq);
  const submitted = inOrder.find((event) => event.type === 'submitted');
  const returned = inOrder.find((event) => event.type === 'returned');
  const met = submitted?.data.criteriaMet;
  const score = submitted?.data.completeness;
  const states = clocks.map((clock) => clock.state);
  return {
    submitCriteriaMet: Array.isArray(met) ? met.filter((id) => typeof id === 'string') : null,
    submitCompleteness: typeof score === 'number' && score >= 0 && score <= 1 ? score : null,
    returnedAt: returned ? new Date(returned.at).toISOString() : null,
    slaOutcome: states.includes('breached') ? 'breached' : states.includes('met') ? 'met' : null,
  };
}

/**
 * One group of cohort packets with the same point, the same criteria met and the same side of the
 * completeness threshold, with additive sums of its outcomes: what the API aggregates in SQL.
 */
export interface ImproveRow {
  handoffPoint: HandoffPoint;
  criteriaMet: readonly string[] | null;
  completeEnough: boolean | null;
  packets: number;
  returned: number;
  slaFinished: number;
  slaMet: number;
  /** Days from first submission to first value, over the packets that reached it. */
  firstValueDays: SampleSums;
  /** Sum and count of the completeness scores recorded at first submission. */
  completenessSum: number;
  completenessCount: number;
  /** Packets ever accepted, and those of them that reached first value (onboarding completion). */
  accepted: number;
  acceptedFirstValue: number;
}

const Count = z.number().check(z.int(), z.nonnegative());
const IntervalShape = z.nullable(z.object({ low: z.number(), high: z.number() }));
const RateOutcome = z.object({
  count: Count,
  matching: Count,
  rate: z.nullable(z.number()),
  interval: IntervalShape,
});
export const Finding = z.enum(['better', 'worse', 'no_clear_difference', 'not_enough_data']);
export type Finding = z.infer<typeof Finding>;
const Difference = z.object({
  difference: z.nullable(z.number()),
  interval: IntervalShape,
  finding: Finding,
});
export const Verdict = z.enum(['pays_off', 'no_clear_difference', 'costs', 'not_enough_data']);
export type Verdict = z.infer<typeof Verdict>;

export const GroupOutcomes = z.object({
  packets: Count,
  timeToFirstValue: z.object({
    count: Count,
    meanDays: z.nullable(z.number()),
    interval: IntervalShape,
  }),
  rework: RateOutcome,
  slaAttainment: RateOutcome,
});
export type GroupOutcomes = z.infer<typeof GroupOutcomes>;

export const ImproveFactor = z.object({
  /** A criterion id, or `completeness` for the score at submission. */
  id: z.string(),
  kind: z.enum(['criterion', 'completeness']),
  label: z.string(),
  why: z.string(),
  met: GroupOutcomes,
  unmet: GroupOutcomes,
  /** Cohort packets whose first submission did not record this factor. */
  unknown: Count,
  differences: z.object({ timeToFirstValue: Difference, rework: Difference, slaAttainment: Difference }),
  verdict: Verdict,
  sentence: z.string(),
});
export type ImproveFactor = z.infer<typeof ImproveFactor>;

export const ImproveReport = z.object({
  from: Timestamp,
  to: Timestamp,
  minimumGroup: Count,
  completenessThreshold: z.number(),
  handoffPoints: z.array(
    z.object({ handoffPoint: HandoffPoint, cohortSize: Count, factors: z.array(ImproveFactor) }),
  ),
});
export type ImproveReport = z.infer<typeof ImproveReport>;

interface Tally {
  packets: number;
  returned: number;
  slaFinished: number;
  slaMet: number;
  firstValueDays: SampleSums;
}

const emptyTally = (): Tally => ({
  packets: 0,
  returned: 0,
  slaFinished: 0,
  slaMet: 0,
  firstValueDays: { count: 0, sum: 0, sumOfSquares: 0 },
});

function add(tally: Tally, row: ImproveRow): void {
  tally.packets += row.packets;
  tally.returned += row.returned;
  tally.slaFinished += row.slaFinished;
  tally.slaMet += row.slaMet;
  tally.firstValueDays.count += row.firstValueDays.count;
  tally.firstValueDays.sum += row.firstValueDays.sum;
  tally.firstValueDays.sumOfSquares += row.firstValueDays.sumOfSquares;
}

function rateOutcome(matching: number, count: number) {
  return {
    count,
    matching,
    rate: count === 0 ? null : matching / count,
    interval: wilsonInterval(matching, count),
  };
}

function outcomesOf(tally: Tally): GroupOutcomes {
  const days = tally.firstValueDays;
  return {
    packets: tally.packets,
    timeToFirstValue: {
      count: days.count,
      meanDays: days.count === 0 ? null : days.sum / days.count,
      interval: meanInterval(days),
    },
    rework: rateOutcome(tally.returned, tally.packets),
    slaAttainment: rateOutcome(tally.slaMet, tally.slaFinished),
  };
}

/** `better` or `worse` when the interval excludes zero; `lowerIsBetter` says which side is good. */
function findingOf(interval: Interval | null, counts: [number, number], lowerIsBetter: boolean): Finding {
  if (interval === null || Math.min(...counts) < MINIMUM_GROUP) return 'not_enough_data';
  if (interval.high < 0) return lowerIsBetter ? 'better' : 'worse';
  if (interval.low > 0) return lowerIsBetter ? 'worse' : 'better';
  return 'no_clear_difference';
}

function differencesOf(met: Tally, unmet: Tally): ImproveFactor['differences'] {
  const ttfv = meanDifferenceInterval(met.firstValueDays, unmet.firstValueDays);
  const mean = (sums: SampleSums) => sums.sum / sums.count;
  const rework = proportionDifferenceInterval(
    { matching: met.returned, count: met.packets },
    { matching: unmet.returned, count: unmet.packets },
  );
  const sla = proportionDifferenceInterval(
    { matching: met.slaMet, count: met.slaFinished },
    { matching: unmet.slaMet, count: unmet.slaFinished },
  );
  return {
    timeToFirstValue: {
      difference: ttfv && mean(met.firstValueDays) - mean(unmet.firstValueDays),
      interval: ttfv,
      finding: findingOf(ttfv, [met.firstValueDays.count, unmet.firstValueDays.count], true),
    },
    rework: {
      difference: rework && met.returned / met.packets - unmet.returned / unmet.packets,
      interval: rework,
      finding: findingOf(rework, [met.packets, unmet.packets], true),
    },
    slaAttainment: {
      difference: sla && met.slaMet / met.slaFinished - unmet.slaMet / unmet.slaFinished,
      interval: sla,
      finding: findingOf(sla, [met.slaFinished, unmet.slaFinished], false),
    },
  };
}

/** The verdict rule stated at the top of this file. */
export function verdictOf(
  met: { packets: number },
  unmet: { packets: number },
  findings: readonly Finding[],
): Verdict {
  if (Math.min(met.packets, unmet.packets) < MINIMUM_GROUP) return 'not_enough_data';
  if (findings.every((finding) => finding === 'not_enough_data')) return 'not_enough_data';
  const better = findings.includes('better');
  const worse = findings.includes('worse');
  if (better && !worse) return 'pays_off';
  if (worse && !better) return 'costs';
  return 'no_clear_difference';
}

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const days = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} days`);

const outcomeWords: Record<keyof ImproveFactor['differences'], Record<'better' | 'worse', string>> = {
  timeToFirstValue: { better: 'reach first value sooner', worse: 'take longer to first value' },
  rework: { better: 'are returned less often', worse: 'are returned more often' },
  slaAttainment: { better: 'meet their SLAs more often', worse: 'miss their SLAs more often' },
};

/** A plain sentence for a manager: the verdict, what it rests on, and the figures behind it. */
function sentenceOf(
  label: string,
  met: GroupOutcomes,
  unmet: GroupOutcomes,
  differences: ImproveFactor['differences'],
  verdict: Verdict,
): string {
  const subject = `Packets that met “${label}” at first submission`;
  const figures =
    `returned ${percent(met.rework.rate)} vs ${percent(unmet.rework.rate)}, ` +
    `first value in ${days(met.timeToFirstValue.meanDays)} vs ${days(unmet.timeToFirstValue.meanDays)} on average, ` +
    `SLAs met ${percent(met.slaAttainment.rate)} vs ${percent(unmet.slaAttainment.rate)}`;
  if (verdict === 'not_enough_data')
    return `Not enough data yet: ${met.packets} packets met “${label}” and ${unmet.packets} did not; each side needs at least ${MINIMUM_GROUP}.`;
  const said = (kind: 'better' | 'worse') =>
    (Object.keys(differences) as Array<keyof ImproveFactor['differences']>)
      .filter((key) => differences[key].finding === kind)
      .map((key) => outcomeWords[key][kind])
      .join(' and ');
  if (verdict === 'pays_off') return `It pays off. ${subject} ${said('better')} (${figures}).`;
  if (verdict === 'costs') return `It costs. ${subject} ${said('worse')} (${figures}).`;
  return `No clear difference. ${subject} did about as well as the others, within the 95% intervals (${figures}).`;
}

function factorOf(
  id: string,
  kind: ImproveFactor['kind'],
  label: string,
  why: string,
  rows: readonly ImproveRow[],
  side: (row: ImproveRow) => boolean | null,
): ImproveFactor {
  const metTally = emptyTally();
  const unmetTally = emptyTally();
  let unknown = 0;
  for (const row of rows) {
    const isMet = side(row);
    if (isMet === null) unknown += row.packets;
    else add(isMet ? metTally : unmetTally, row);
  }
  const met = outcomesOf(metTally);
  const unmet = outcomesOf(unmetTally);
  const differences = differencesOf(metTally, unmetTally);
  const verdict = verdictOf(
    met,
    unmet,
    Object.values(differences).map((difference) => difference.finding),
  );
  return {
    id,
    kind,
    label,
    why,
    met,
    unmet,
    unknown,
    differences,
    verdict,
    sentence: sentenceOf(label, met, unmet, differences, verdict),
  };
}

/** `first-contact` → "First contact". */
function labelOf(id: string): string {
  const words = id.replaceAll(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The Improve report over the aggregated cohort rows: for each handoff point asked for, a factor per
 * recommended criterion of the current playbook (exit, then entry) and one for the completeness score.
 */
export function computeImprove(input: {
  rows: readonly ImproveRow[];
  playbook: Playbook;
  handoffPoints: readonly HandoffPoint[];
  from: Date;
  to: Date;
}): ImproveReport {
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    minimumGroup: MINIMUM_GROUP,
    completenessThreshold: COMPLETENESS_THRESHOLD,
    handoffPoints: input.handoffPoints.map((point) => {
      const rows = input.rows.filter((row) => row.handoffPoint === point);
      const { exitCriteria, entryCriteria } = input.playbook.handoffPoints[point];
      const recommended = [...exitCriteria, ...entryCriteria].filter(
        (criterion, index, all) =>
          criterion.severity === 'recommended' &&
          all.findIndex((other) => other.id === criterion.id) === index,
      );
      const threshold = `${Math.round(COMPLETENESS_THRESHOLD * 100)}%`;
      return {
        handoffPoint: point,
        cohortSize: rows.reduce((sum, row) => sum + row.packets, 0),
        factors: [
          ...recommended.map((criterion) =>
            factorOf(criterion.id, 'criterion', labelOf(criterion.id), criterion.why, rows, (row) =>
              row.criteriaMet === null ? null : row.criteriaMet.includes(criterion.id),
            ),
          ),
          factorOf(
            'completeness',
            'completeness',
            `Completeness ≥ ${threshold}`,
            `A packet at least ${threshold} complete when first handed over.`,
            rows,
            (row) => row.completeEnough,
          ),
        ],
      };
    }),
  };
}
