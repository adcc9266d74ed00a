import type { MaturityReport, Rung } from '../../lib/handoff/maturity';

const rungWords: Record<Rung, string> = {
  ad_hoc: 'Ad hoc',
  defined: 'Defined',
  managed: 'Managed',
  operationalized: 'Operationalized',
};

/** A figure as read: shares as percentages, counts as they are, an unknown as a dash. */
function shown(label: string, value: number | null): string {
  if (value === null) return '–';
  if (/share|rate|attainment|completion|completeness/i.test(label)) return `${Math.round(value * 100)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/**
 * The handoff maturity matrix on the dashboard: each capability's rung (ad hoc → operationalized),
 * the evidence it was scored from, and the next step up.
 */
export function MaturitySection({ report }: { report: MaturityReport }) {
  return (
    <section class="baton-maturity" aria-labelledby="baton-maturity-title">
      <h2 id="baton-maturity-title">Handoff maturity</h2>
      <table class="baton-table">
        <caption class="baton-muted">
          Scored from this workspace between {report.from.slice(0, 10)} and {report.to.slice(0, 10)}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Capability</th>
            <th scope="col">Level</th>
            <th scope="col">Evidence</th>
            <th scope="col">Next step</th>
          </tr>
        </thead>
        <tbody>
          {report.capabilities.map((capability) => (
            <tr key={capability.capability}>
              <th scope="row">
                {capability.label}
                <br />
                <span class="baton-muted">
                  {capability.owner} · {capability.kpi}
                </span>
              </th>
              <td>
                <meter
                  min={0}
                  max={3}
                  value={capability.score}
                  aria-label={`${capability.label}: level ${capability.score} of 3, ${rungWords[capability.rung]}`}
                />{' '}
                {rungWords[capability.rung]}
              </td>
              <td>
                <dl class="baton-evidence">
                  {capability.evidence.map((item) => (
                    <div key={item.label}>
                      <dt>{item.label}</dt>
                      <dd>{shown(item.label, item.value)}</dd>
                    </div>
                  ))}
                </dl>
              </td>
              <td>{capability.nextStep ?? 'Operationalized: keep reviewing it each quarter.'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
