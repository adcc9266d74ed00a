import { HandoffPoint, handoffPoints } from '@/lib/handoff/handoff-points';

export interface DashboardFilters {
  /** `YYYY-MM-DD`, UTC: the window is [from, to). */
  from: string;
  to: string;
  handoffPoint: HandoffPoint | '';
  team: string;
}

/** The query string of GET /v1/metrics (and its drill-down) for the filters. */
export function filterQuery(filters: DashboardFilters): URLSearchParams {
  const query = new URLSearchParams({
    from: `${filters.from}T00:00:00Z`,
    to: `${filters.to}T00:00:00Z`,
  });
  if (filters.handoffPoint) query.set('handoffPoint', filters.handoffPoint);
  if (filters.team) query.set('team', filters.team);
  return query;
}

export function Filters(props: {
  filters: DashboardFilters;
  teams: ReadonlyArray<{ id: string; name: string }>;
  /** Admins may see every team together; a manager picks among theirs or all of them. */
  onChange: (filters: DashboardFilters) => void;
}) {
  const { filters, onChange } = props;
  const set = (change: Partial<DashboardFilters>) => onChange({ ...filters, ...change });
  return (
    <form class="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filters">
      <label>
        From
        <input
          type="date"
          value={filters.from}
          required
          onChange={(event) => set({ from: event.currentTarget.value })}
        />
      </label>
      <label>
        To (not included)
        <input
          type="date"
          value={filters.to}
          required
          onChange={(event) => set({ to: event.currentTarget.value })}
        />
      </label>
      <label>
        Handoff point
        <select
          value={filters.handoffPoint}
          onChange={(event) => set({ handoffPoint: event.currentTarget.value as HandoffPoint | '' })}
        >
          <option value="">All</option>
          {HandoffPoint.options.map((point) => (
            <option key={point} value={point}>
              {handoffPoints[point].label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Team
        <select value={filters.team} onChange={(event) => set({ team: event.currentTarget.value })}>
          <option value="">All my teams</option>
          {props.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
