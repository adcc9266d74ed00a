import { HandoffPoint, handoffPoints } from '@/lib/handoff/handoff-points';
import type {
  DurationStats,
  Metrics,
  MonthlyCohort,
  OwnerAttainment,
  Proportion,
  StageFunnel,
} from '@/lib/handoff/metrics';
import { DataTable } from './DataTable';
import type { Drill } from './DrillDown';
import { formatCount, formatDuration, formatRate } from './format';

interface FigureRow {
  figure: string;
  value: string;
  raw: number | null;
  count: number;
  detail: string;
  drill: Drill;
}

const duration = (stats: DurationStats, working: DurationStats) =>
  `median ${formatDuration(stats.medianMs)} (${formatDuration(working.medianMs, true)}), p90 ${formatDuration(stats.p90Ms)}`;

const rate = (proportion: Proportion) => formatCount(proportion.matching, proportion.count);

function figureRows(metrics: Metrics): FigureRow[] {
  return [
    {
      figure: 'Handed over (cohort)',
      value: String(metrics.cohortSize),
      raw: metrics.cohortSize,
      count: metrics.cohortSize,
      detail: 'first submitted in the window',
      drill: { title: 'Handed over', figure: 'cohort' },
    },
    {
      figure: 'Time to kickoff',
      value: formatDuration(metrics.businessTimeToKickoff.medianMs, true),
      raw: metrics.businessTimeToKickoff.medianMs,
      count: metrics.timeToKickoff.count,
      detail: duration(metrics.timeToKickoff, metrics.businessTimeToKickoff),
      drill: { title: 'Time to kickoff', figure: 'time_to_kickoff' },
    },
    {
      figure: 'Time to first value',
      value: formatDuration(metrics.businessTimeToFirstValue.medianMs, true),
      raw: metrics.businessTimeToFirstValue.medianMs,
      count: metrics.timeToFirstValue.count,
      detail: duration(metrics.timeToFirstValue, metrics.businessTimeToFirstValue),
      drill: { title: 'Time to first value', figure: 'time_to_first_value' },
    },
    {
      figure: 'Onboarding completion',
      value: formatRate(metrics.onboardingCompletion.rate),
      raw: metrics.onboardingCompletion.rate,
      count: metrics.onboardingCompletion.count,
      detail: `${rate(metrics.onboardingCompletion)} accepted Sales → CS handoffs reached first value`,
      drill: { title: 'Onboarding completion', figure: 'onboarding_completion' },
    },
    {
      figure: 'SLA attainment',
      value: formatRate(metrics.slaAttainment.rate),
      raw: metrics.slaAttainment.rate,
      count: metrics.slaAttainment.count,
      detail: `${rate(metrics.slaAttainment)} finished clocks met`,
      drill: { title: 'SLA attainment', figure: 'sla_attainment' },
    },
    {
      figure: 'Data completeness',
      value: formatRate(metrics.dataCompleteness.mean),
      raw: metrics.dataCompleteness.mean,
      count: metrics.dataCompleteness.count,
      detail: 'mean score at first submission',
      drill: { title: 'Data completeness', figure: 'data_completeness' },
    },
    {
      figure: 'Rework: returned',
      value: formatRate(metrics.rework.returnedRate.rate),
      raw: metrics.rework.returnedRate.rate,
      count: metrics.rework.returnedRate.count,
      detail: `${rate(metrics.rework.returnedRate)} returned at least once`,
      drill: { title: 'Returned packets', figure: 'returned' },
    },
    {
      figure: 'Rework: edited after acceptance',
      value: formatRate(metrics.rework.editedAfterAcceptanceRate.rate),
      raw: metrics.rework.editedAfterAcceptanceRate.rate,
      count: metrics.rework.editedAfterAcceptanceRate.count,
      detail: rate(metrics.rework.editedAfterAcceptanceRate),
      drill: { title: 'Edited after acceptance', figure: 'edited_after_acceptance' },
    },
  ];
}

export function FigureTables(props: { metrics: Metrics; onDrill: (drill: Drill) => void }) {
  const { metrics, onDrill } = props;
  const policies = Object.entries(metrics.slaAttainment.byPolicy);
  const funnels = HandoffPoint.options.map((point) => [point, metrics.stageConversion[point]] as const);
  return (
    <>
      <DataTable<FigureRow>
        caption="Outcomes"
        filename="baton-outcomes.csv"
        columns={[
          { title: 'Figure', show: (row) => row.figure, csv: (row) => row.figure },
          { title: 'Value', show: (row) => row.value, csv: (row) => row.raw },
          { title: 'Packets', show: (row) => row.count, csv: (row) => row.count },
          { title: 'Detail', show: (row) => row.detail, csv: (row) => row.detail },
        ]}
        rows={figureRows(metrics)}
        onOpen={(row) => onDrill(row.drill)}
      />
      <DataTable<MonthlyCohort>
        caption="Monthly cohorts"
        filename="baton-monthly-cohorts.csv"
        columns={[
          { title: 'Month', show: (row) => row.month, csv: (row) => row.month },
          { title: 'Handed over', show: (row) => row.cohortSize, csv: (row) => row.cohortSize },
          {
            title: 'Kickoff, median working h',
            show: (row) => formatDuration(row.businessTimeToKickoff.medianMs, true),
            csv: (row) => row.businessTimeToKickoff.medianMs,
          },
          {
            title: 'First value, median working h',
            show: (row) => formatDuration(row.businessTimeToFirstValue.medianMs, true),
            csv: (row) => row.businessTimeToFirstValue.medianMs,
          },
          {
            title: 'SLA attainment',
            show: (row) => formatRate(row.slaAttainment.rate),
            csv: (row) => row.slaAttainment.rate,
          },
          {
            title: 'Completeness',
            show: (row) => formatRate(row.dataCompleteness.mean),
            csv: (row) => row.dataCompleteness.mean,
          },
          {
            title: 'Returned',
            show: (row) => formatRate(row.returnedRate.rate),
            csv: (row) => row.returnedRate.rate,
          },
        ]}
        rows={metrics.months}
        onOpen={(row) =>
          onDrill({ title: `Handed over in ${row.month}`, figure: 'cohort', month: row.month })
        }
      />
      <DataTable<[string, Proportion]>
        caption="SLA attainment by policy"
        filename="baton-sla-by-policy.csv"
        columns={[
          { title: 'Policy', show: ([id]) => id, csv: ([id]) => id },
          { title: 'Met', show: ([, p]) => rate(p), csv: ([, p]) => p.matching },
          { title: 'Finished clocks', show: ([, p]) => p.count, csv: ([, p]) => p.count },
          { title: 'Attainment', show: ([, p]) => formatRate(p.rate), csv: ([, p]) => p.rate },
        ]}
        rows={policies}
        onOpen={([id]) => onDrill({ title: `SLA clocks of ${id}`, figure: 'sla_attainment', policy: id })}
      />
      <DataTable<OwnerAttainment>
        caption="SLA attainment by owner"
        filename="baton-sla-by-owner.csv"
        columns={[
          {
            title: 'Receiving owner',
            show: (row) => row.name ?? row.userId ?? 'nobody yet',
            csv: (row) => row.name ?? row.userId,
          },
          { title: 'Met', show: (row) => rate(row), csv: (row) => row.matching },
          { title: 'Finished clocks', show: (row) => row.count, csv: (row) => row.count },
          { title: 'Attainment', show: (row) => formatRate(row.rate), csv: (row) => row.rate },
        ]}
        rows={metrics.slaAttainment.byOwner}
        onOpen={(row) =>
          onDrill({
            title: `SLA clocks of ${row.name ?? 'nobody yet'}`,
            figure: 'sla_attainment',
            owner: row.userId ?? 'none',
          })
        }
      />
      <DataTable<readonly [HandoffPoint, StageFunnel]>
        caption="Stage conversion (packets created in the window)"
        filename="baton-stage-conversion.csv"
        columns={[
          { title: 'Handoff point', show: ([point]) => handoffPoints[point].label, csv: ([point]) => point },
          { title: 'Created', show: ([, f]) => f.created, csv: ([, f]) => f.created },
          {
            title: 'Submitted',
            show: ([, f]) => `${f.submitted} (${formatRate(f.createdToSubmitted)})`,
            csv: ([, f]) => f.submitted,
          },
          {
            title: 'Accepted',
            show: ([, f]) => `${f.accepted} (${formatRate(f.submittedToAccepted)})`,
            csv: ([, f]) => f.accepted,
          },
          {
            title: 'Kickoff held',
            show: ([, f]) => `${f.kickoffHeld} (${formatRate(f.acceptedToKickoffHeld)})`,
            csv: ([, f]) => f.kickoffHeld,
          },
          {
            title: 'First value',
            show: ([, f]) => `${f.firstValueReached} (${formatRate(f.kickoffHeldToFirstValueReached)})`,
            csv: ([, f]) => f.firstValueReached,
          },
        ]}
        rows={funnels.filter(([, funnel]) => funnel.created > 0)}
        onOpen={([point]) =>
          onDrill({
            title: `Created at ${handoffPoints[point].label}`,
            figure: 'stage_conversion',
            handoffPoint: point,
          })
        }
      />
    </>
  );
}
