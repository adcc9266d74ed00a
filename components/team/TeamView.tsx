import { useCallback, useState } from 'preact/hooks';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { formatInstant } from '../../lib/panel/format';
import { type TeamFilters, type TeamHandoffView, teamFiltersKey } from '../../lib/team/handoffs';
import { teamViewName } from '../../lib/team/view-name';
import { useNow } from '../panel/use-now';
import { ViewToggle } from '../panel/ViewToggle';
import { TeamFilterBar } from './TeamFilterBar';
import { TeamHandoffRow } from './TeamHandoffRow';
import { type LoadTeamHandoffs, type ReadKeptTeamHandoffs, useTeamHandoffs } from './use-team-handoffs';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** Seconds matter only within an hour of a deadline; otherwise a minute's tick keeps the countdowns true. */
function tickInterval(rows: TeamHandoffView[]): number | null {
  const deadlines = rows.flatMap((row) => (row.nextDeadline === null ? [] : [Date.parse(row.nextDeadline)]));
  if (deadlines.length === 0) return null;
  return deadlines.some((deadline) => Math.abs(deadline - Date.now()) < hour) ? second : minute;
}

function TeamList({ load, filters }: { load: LoadTeamHandoffs; filters: TeamFilters }) {
  const { db } = usePanelEnvironment();
  const readKept = useCallback<ReadKeptTeamHandoffs>(
    async (chosen) => (await db.teamHandoffs.get(teamFiltersKey(chosen))) ?? null,
    [db],
  );
  const { state, loadingMore, showMore, retry } = useTeamHandoffs(load, readKept, filters);
  const rows = state.status === 'ready' ? state.list.handoffs : [];
  const now = useNow(tickInterval(rows)).getTime();
  if (state.status === 'loading') return <p class="baton-muted">Loading handoffs…</p>;
  if (state.status === 'failed')
    return (
      <div class="baton-error" role="alert">
        <p>Could not load the handoffs: {state.problem}</p>
        <button type="button" class="baton-secondary" onClick={retry}>
          Try again
        </button>
      </div>
    );
  const { list, stale, refreshing, moreProblem } = state;
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      {refreshing ? (
        <p class="baton-muted">
          Showing the list as of {formatInstant(list.fetchedAt)} while Baton asks for a newer one…
        </p>
      ) : stale === null ? (
        <p class="baton-muted">
          Updated {formatInstant(list.fetchedAt)}.{' '}
          <button type="button" class="baton-link" onClick={retry}>
            Refresh
          </button>
        </p>
      ) : (
        <div class="baton-team-stale" role="status">
          <p>
            Showing the list as of {formatInstant(list.fetchedAt)}: {stale}
          </p>
          <button type="button" class="baton-secondary" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {rows.length === 0 ? (
        <p>{filtered ? 'No open handoff matches these filters.' : 'No open handoffs.'}</p>
      ) : (
        <ol class="baton-team-list" aria-label="Open handoffs, most urgent first">
          {rows.map((row) => (
            <TeamHandoffRow key={row.id} row={row} now={now} />
          ))}
        </ol>
      )}
      {list.skipped > 0 && (
        <p class="baton-muted">
          {list.skipped === 1 ? '1 handoff' : `${list.skipped} handoffs`} not shown: the API sent values this
          version of Baton does not know. Updating the extension shows them.
        </p>
      )}
      {moreProblem !== null && (
        <p class="baton-error" role="alert">
          Could not load more: {moreProblem}
        </p>
      )}
      {list.nextOffset !== null && (
        <button type="button" onClick={showMore} disabled={loadingMore || refreshing}>
          {loadingMore ? 'Loading…' : 'Show more'}
        </button>
      )}
    </>
  );
}

/**
 * The open handoffs a person follows, most urgent first: a manager's or admin's teams ("Team"), everybody
 * else's own queue ("My handoffs"). `inPanel` when it fills the panel frame, with the toggle back to the
 * record; `openOptions` for someone not signed in.
 */
export function TeamView({
  load,
  inPanel,
  openOptions,
}: {
  load: LoadTeamHandoffs;
  inPanel: boolean;
  openOptions(): void;
}) {
  const { actor, sync } = usePanelEnvironment();
  const [filters, setFilters] = useState<TeamFilters>({});
  const name = teamViewName(actor);
  return (
    <div class="baton-panel baton-team">
      {inPanel && <ViewToggle current="team" teamName={name} />}
      <h1>{name}</h1>
      {sync === undefined ? (
        <p>
          Sign in to Baton to see your handoffs.{' '}
          <button type="button" class="baton-link" onClick={openOptions}>
            Open Baton's options
          </button>
        </p>
      ) : (
        <>
          <p class="baton-muted">
            {name === 'Team'
              ? 'Open handoffs of the teams you manage, most urgent first.'
              : 'Your open handoffs, most urgent first.'}
          </p>
          <TeamFilterBar filters={filters} onChange={setFilters} />
          <TeamList load={load} filters={filters} />
        </>
      )}
    </div>
  );
}
