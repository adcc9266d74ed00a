import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import { Me } from '@/lib/api';
import { Directory } from '@/lib/directory';
import { Metrics } from '@/lib/handoff/metrics';
import { type Drill, DrillDown } from './DrillDown';
import type { DashboardSource } from './data-source';
import { FigureTables } from './FigureTables';
import { type DashboardFilters, Filters, filterQuery } from './Filters';
import { defaultWindow } from './format';
import { type Load, problemOf } from './load';
import { OutcomeReviews } from './OutcomeReviews';
import { TrendCharts } from './TrendCharts';

/**
 * The outcome dashboard, the same in the extension and on the API's /dashboard page: filters, the
 * figures and their monthly trends, tables with CSV downloads, and the packets behind any figure.
 * Under them, the Improve loop and the maturity matrix, under the same filters.
 */
export function Dashboard(props: { source: DashboardSource; now?: Date; header?: ComponentChildren }) {
  const { source } = props;
  const [filters, setFilters] = useState<DashboardFilters>(() => ({
    ...defaultWindow(props.now ?? new Date()),
    handoffPoint: '',
    team: '',
  }));
  const [me, setMe] = useState<Load<{ me: Me; teams: Array<{ id: string; name: string }> }>>({
    state: 'loading',
  });
  const [metrics, setMetrics] = useState<Load<Metrics>>({ state: 'loading' });
  const [drill, setDrill] = useState<Drill | null>(null);

  useEffect(() => {
    (async () => {
      const who = z.parse(Me, await source.get('/v1/me'));
      // Admins see every team; a manager chooses among those they manage.
      const teams =
        who.user.role === 'admin'
          ? z.parse(Directory, await source.get('/v1/directory')).teams
          : who.teams.filter((team) => team.manages);
      setMe({ state: 'ready', value: { me: who, teams } });
    })().catch((error: unknown) => setMe({ state: 'failed', problem: problemOf(error) }));
  }, [source]);

  const valid = filters.from !== '' && filters.to !== '' && filters.from < filters.to;
  useEffect(() => {
    if (!valid) return;
    setMetrics({ state: 'loading' });
    source
      .get(`/v1/metrics?${filterQuery(filters)}`)
      .then((body) => setMetrics({ state: 'ready', value: z.parse(Metrics, body) }))
      .catch((error: unknown) => setMetrics({ state: 'failed', problem: problemOf(error) }));
  }, [source, filters, valid]);

  const teams = me.state === 'ready' ? me.value.teams : [];

  return (
    <main class="dashboard">
      <header class="dashboard-header">
        <h1>Outcome dashboard</h1>
        {me.state === 'ready' && (
          <p class="who">
            {me.value.me.workspace.name} · {me.value.me.user.name} ({me.value.me.user.role})
          </p>
        )}
        {props.header}
      </header>
      {me.state === 'failed' && (
        <p class="problem" role="alert">
          {me.problem}
        </p>
      )}
      <Filters filters={filters} teams={teams} onChange={(next) => setFilters(next)} />
      {!valid && (
        <p class="problem" role="alert">
          The window must start before it ends.
        </p>
      )}
      {metrics.state === 'loading' && valid && <p aria-live="polite">Loading the figures…</p>}
      {metrics.state === 'failed' && (
        <p class="problem" role="alert">
          {metrics.problem}
        </p>
      )}
      {metrics.state === 'ready' && (
        <>
          <TrendCharts months={metrics.value.months} />
          {drill && (
            <DrillDown source={source} filters={filters} drill={drill} onClose={() => setDrill(null)} />
          )}
          <FigureTables metrics={metrics.value} onDrill={setDrill} />
        </>
      )}
      {valid && <OutcomeReviews source={source} filters={filters} />}
    </main>
  );
}
