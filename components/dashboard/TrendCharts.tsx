import { useMemo } from 'preact/hooks';
import type { MonthlyCohort } from '@/lib/handoff/metrics';
import { TrendChart } from './TrendChart';

const HOUR = 3_600_000;
const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 10) / 10);
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** The monthly cohort trends: medians in working hours, and the rates in percent. */
export function TrendCharts(props: { months: readonly MonthlyCohort[] }) {
  const { months } = props;
  const labels = useMemo(() => months.map((row) => row.month), [months]);
  const durations = useMemo(
    () => [
      {
        label: 'Time to kickoff, median',
        color: '#0b6bcb',
        values: months.map((row) => hours(row.businessTimeToKickoff.medianMs)),
      },
      {
        label: 'Time to first value, median',
        color: '#a1420d',
        values: months.map((row) => hours(row.businessTimeToFirstValue.medianMs)),
      },
    ],
    [months],
  );
  const rates = useMemo(
    () => [
      {
        label: 'SLA attainment',
        color: '#1a7f37',
        values: months.map((row) => percent(row.slaAttainment.rate)),
      },
      {
        label: 'Completeness at submission',
        color: '#8250df',
        values: months.map((row) => percent(row.dataCompleteness.mean)),
      },
      {
        label: 'Returned (rework)',
        color: '#cf222e',
        values: months.map((row) => percent(row.returnedRate.rate)),
      },
    ],
    [months],
  );
  if (months.length === 0) return <p class="empty">No handoffs were first submitted in this window.</p>;
  return (
    <section class="charts" aria-label="Monthly trends">
      <TrendChart
        title="Time to kickoff and to first value"
        months={labels}
        series={durations}
        unit="working hours"
      />
      <TrendChart title="SLA attainment, completeness and rework" months={labels} series={rates} unit="%" />
    </section>
  );
}
