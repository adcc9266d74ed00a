import { useEffect, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import { ImproveReport } from '@/lib/handoff/improve';
import { MaturityReport } from '@/lib/handoff/maturity';
import type { DashboardSource } from './data-source';
import { type DashboardFilters, filterQuery } from './Filters';
import { ImproveSection } from './ImproveSection';
import { type Load, problemOf } from './load';
import { MaturitySection } from './MaturitySection';

/** One report of the API under the dashboard's filters, fetched again when they change. */
function useReport<T>(
  source: DashboardSource,
  path: string,
  schema: z.ZodMiniType<T>,
  filters: DashboardFilters,
) {
  const [report, setReport] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setReport({ state: 'loading' });
    source
      .get(`${path}?${filterQuery(filters)}`)
      .then((body) => current && setReport({ state: 'ready', value: z.parse(schema, body) }))
      .catch((error: unknown) => current && setReport({ state: 'failed', problem: problemOf(error) }));
    return () => {
      current = false;
    };
  }, [source, path, filters]);
  return report;
}

function Loaded<T>({ load, what, render }: { load: Load<T>; what: string; render: (value: T) => unknown }) {
  if (load.state === 'loading') return <p aria-live="polite">Loading {what}…</p>;
  if (load.state === 'failed')
    return (
      <p class="problem" role="alert">
        {load.problem}
      </p>
    );
  return <>{render(load.value)}</>;
}

/**
 * The playbook's Improve step under the figures: whether each recommended criterion pays off, and where
 * the workspace stands on the handoff maturity matrix.
 */
export function OutcomeReviews({ source, filters }: { source: DashboardSource; filters: DashboardFilters }) {
  const improve = useReport(source, '/v1/improve', ImproveReport, filters);
  const maturity = useReport(source, '/v1/maturity', MaturityReport, filters);
  return (
    <>
      <Loaded
        load={improve}
        what="the Improve loop"
        render={(report) => <ImproveSection report={report} />}
      />
      <Loaded
        load={maturity}
        what="the maturity matrix"
        render={(report) => <MaturitySection report={report} />}
      />
    </>
  );
}
