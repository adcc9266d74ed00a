import { handoffPoints } from '../../lib/handoff/handoff-points';
import type { GroupOutcomes, ImproveFactor, ImproveReport, Verdict } from '../../lib/handoff/improve';

const verdictWords: Record<Verdict, string> = {
  pays_off: 'Pays off',
  no_clear_difference: 'No clear difference',
  costs: 'Costs',
  not_enough_data: 'Not enough data',
};

type Interval = { low: number; high: number } | null;

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);
const percentInterval = (interval: Interval) =>
  interval === null ? '' : ` (${percent(interval.low)}–${percent(interval.high)})`;
const days = (value: number | null) => (value === null ? '–' : value.toFixed(1));
const daysInterval = (interval: Interval) =>
  interval === null ? '' : ` (${days(interval.low)}–${days(interval.high)})`;

/** One side of a factor: the packets, and each outcome with its 95% interval in brackets. */
function SideCells({ side }: { side: GroupOutcomes }) {
  return (
    <>
      <td>{side.packets}</td>
      <td>
        {percent(side.rework.rate)}
        {percentInterval(side.rework.interval)}
      </td>
      <td>
        {days(side.timeToFirstValue.meanDays)}
        {daysInterval(side.timeToFirstValue.interval)}
        {side.timeToFirstValue.count > 0 ? (
          <span class="baton-muted"> n={side.timeToFirstValue.count}</span>
        ) : null}
      </td>
      <td>
        {percent(side.slaAttainment.rate)}
        {percentInterval(side.slaAttainment.interval)}
        {side.slaAttainment.count > 0 ? <span class="baton-muted"> n={side.slaAttainment.count}</span> : null}
      </td>
    </>
  );
}

function FactorRows({ factor }: { factor: ImproveFactor }) {
  return (
    <>
      <tr>
        <th scope="row" rowSpan={3}>
          {factor.label}
          <br />
          <span class="baton-muted">{factor.why}</span>
        </th>
        <td>Met</td>
        <SideCells side={factor.met} />
        <td rowSpan={2}>
          <span class={`baton-verdict baton-verdict-${factor.verdict}`}>{verdictWords[factor.verdict]}</span>
        </td>
      </tr>
      <tr>
        <td>Not met</td>
        <SideCells side={factor.unmet} />
      </tr>
      <tr>
        <td colSpan={6}>
          {factor.sentence}
          {factor.unknown > 0
            ? ` ${factor.unknown} packets were handed over before Baton recorded this.`
            : ''}
        </td>
      </tr>
    </>
  );
}

/**
 * The Improve loop on the dashboard: per handoff point, each recommended criterion and the
 * completeness score at first submission, the outcomes of packets that met it against those that did
 * not, with 95% intervals, and whether it pays off.
 */
export function ImproveSection({ report }: { report: ImproveReport }) {
  return (
    <section class="baton-improve" aria-labelledby="baton-improve-title">
      <h2 id="baton-improve-title">Improve: which criteria pay off</h2>
      <p class="baton-muted">
        Packets first handed over between {report.from.slice(0, 10)} and {report.to.slice(0, 10)}. Figures in
        brackets are 95% intervals; a verdict needs at least {report.minimumGroup} packets on each side.
      </p>
      {report.handoffPoints.map((point) => {
        const titleId = `baton-improve-${point.handoffPoint}`;
        return (
          <table key={point.handoffPoint} class="baton-table" aria-labelledby={titleId}>
            <caption id={titleId}>
              {handoffPoints[point.handoffPoint].label} · {point.cohortSize} packets
            </caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">At first submission</th>
                <th scope="col">Packets</th>
                <th scope="col">Returned</th>
                <th scope="col">Days to first value</th>
                <th scope="col">SLAs met</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {point.factors.map((factor) => (
                <FactorRows key={factor.id} factor={factor} />
              ))}
            </tbody>
          </table>
        );
      })}
    </section>
  );
}
