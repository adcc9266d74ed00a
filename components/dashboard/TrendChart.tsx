import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface TrendSeries {
  label: string;
  /** One value per month, null where the month has no data. */
  values: ReadonlyArray<number | null>;
  color: string;
}

/** First instant of a `YYYY-MM` month in Unix seconds, uPlot's time unit. */
function monthSeconds(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) / 1000;
}

/**
 * A line chart of monthly cohorts drawn by uPlot on a canvas; the same numbers are in the monthly
 * table beside it, which is what screen readers and the CSV get.
 */
export function TrendChart(props: {
  title: string;
  months: readonly string[];
  series: readonly TrendSeries[];
  unit: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 320),
        height: 220,
        scales: { x: { time: true } },
        axes: [{}, { label: props.unit, size: 60 }],
        series: [
          {
            label: 'Month',
            value: (_, seconds) =>
              seconds === null ? '–' : new Date(seconds * 1000).toISOString().slice(0, 7),
          },
          ...props.series.map((series) => ({
            label: series.label,
            stroke: series.color,
            width: 2,
            points: { show: true },
            spanGaps: false,
          })),
        ],
      },
      [props.months.map(monthSeconds), ...props.series.map((series) => [...series.values])],
      element,
    );
    return () => chart.destroy();
  }, [props.months, props.series, props.unit]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={host} role="img" aria-label={`${props.title}, by month of first submission`} />
    </figure>
  );
}
