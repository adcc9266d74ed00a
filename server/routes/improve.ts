import { Hono } from 'hono';
import { MetricsQuery } from '../../lib/api-queries';
import { HandoffPoint } from '../../lib/handoff/handoff-points';
import { COMPLETENESS_THRESHOLD, computeImprove, type ImproveRow } from '../../lib/handoff/improve';
import { assessMaturity } from '../../lib/handoff/maturity';
import type { Caller } from '../auth-context';
import { inWorkspace, type Tx } from '../db/workspace-transaction';
import { ApiFailure, parseOrFail } from '../http/errors';
import type { ApiEnv } from '../http/types';
import { currentPlaybook } from '../sync/playbook-store';

/**
 * Who reads the Improve loop and the maturity matrix: admins, for the workspace or one team; managers,
 * for the teams they manage. Others get a 403 that says so, as does a manager asking for another team.
 * The answer is the SQL condition on packets that scopes the report.
 */
function scopeOf(caller: Caller, team: string | undefined, params: unknown[]): string {
  const { actor } = caller;
  if (actor.role !== 'admin' && actor.managedTeamIds.length === 0)
    throw new ApiFailure(
      403,
      'forbidden',
      'only managers and admins read outcome reports; ask a manager of your team',
    );
  if (team !== undefined) {
    if (actor.role !== 'admin' && !actor.managedTeamIds.includes(team))
      throw new ApiFailure(403, 'forbidden', `you do not manage the team ${team}`);
    params.push(team);
    return `(giving_team_id = $${params.length} OR receiving_team_id = $${params.length})`;
  }
  if (actor.role === 'admin') return 'true';
  params.push(actor.managedTeamIds);
  return `(giving_team_id = ANY($${params.length}::text[]) OR receiving_team_id = ANY($${params.length}::text[]))`;
}

type Query = ReturnType<typeof MetricsQuery.parse>;

/** The part of a report's query one SQL statement answers: a span of the window, and the filters. */
interface Span {
  from: string;
  to: string;
  handoffPoint: HandoffPoint | undefined;
  team: string | undefined;
}

/** `workspace_id = $1`, the span's filters, and the caller's scope, on `params` from $4 on. */
function spanConditions(
  caller: Caller,
  span: Span,
  params: unknown[],
  column: string,
  cast: string,
): string[] {
  const where = ['workspace_id = $1', `${column} >= $2${cast}`, `${column} < $3${cast}`];
  where.push(scopeOf(caller, span.team, params));
  if (span.handoffPoint) {
    params.push(span.handoffPoint);
    where.push(`handoff_point = $${params.length}`);
  }
  return where;
}

type GroupRow = {
  handoff_point: HandoffPoint;
  criteria_met: string[] | null;
  complete_enough: boolean | null;
  packets: number;
  returned: number;
  sla_finished: number;
  sla_met: number;
  fv_count: number;
  fv_sum: number;
  fv_squares: number;
  completeness_sum: number;
  completeness_count: number;
  accepted: number;
  accepted_first_value: number;
};

/** A running clock past its deadline is breached now, as in the team view, whatever the row says. */
const late = (now: string) => `(status <> 'closed' AND next_deadline <= ${now})`;

/** The span's packets aggregated straight from their rows: for the part days at the window's ends. */
async function packetRows(tx: Tx, caller: Caller, span: Span, now: string): Promise<GroupRow[]> {
  const params: unknown[] = [caller.workspaceId, span.from, span.to, now, COMPLETENESS_THRESHOLD];
  const where = spanConditions(caller, span, params, 'submitted_at', '::timestamptz');
  const days = 'extract(epoch FROM first_value_at - submitted_at)::float8 / 86400';
  return tx.query<GroupRow>(
    `SELECT handoff_point, submit_criteria_met AS criteria_met,
            submit_completeness >= $5::float8 AS complete_enough,
            count(*)::int AS packets,
            count(returned_at)::int AS returned,
            count(*) FILTER (WHERE sla_outcome IS NOT NULL OR ${late('$4')})::int AS sla_finished,
            count(*) FILTER (WHERE sla_outcome = 'met' AND NOT coalesce(${late('$4')}, false))::int AS sla_met,
            count(first_value_at)::int AS fv_count,
            coalesce(sum(${days}), 0)::float8 AS fv_sum,
            coalesce(sum((${days}) * (${days})), 0)::float8 AS fv_squares,
            coalesce(sum(submit_completeness), 0)::float8 AS completeness_sum,
            count(submit_completeness)::int AS completeness_count,
            count(accepted_at)::int AS accepted,
            count(*) FILTER (WHERE accepted_at IS NOT NULL AND first_value_at IS NOT NULL)::int AS accepted_first_value
       FROM packets WHERE ${where.join(' AND ')}
      GROUP BY 1, 2, 3`,
    params,
  );
}

/**
 * Whole UTC days from the rollup (migration 009), plus the correction for clocks that ran past their
 * deadline since their packet was last written: the rollup has them as they were then.
 */
async function rollupRows(tx: Tx, caller: Caller, span: Span, now: string): Promise<GroupRow[]> {
  const params: unknown[] = [caller.workspaceId, span.from.slice(0, 10), span.to.slice(0, 10)];
  const where = spanConditions(caller, span, params, 'day', '::date');
  const summed = await tx.query<GroupRow>(
    `SELECT handoff_point, criteria_met, complete_enough,
            sum(packets)::int AS packets, sum(returned)::int AS returned, sum(sla_finished)::int AS sla_finished,
            sum(sla_met)::int AS sla_met, sum(fv_count)::int AS fv_count, sum(fv_sum)::float8 AS fv_sum,
            sum(fv_squares)::float8 AS fv_squares, sum(completeness_sum)::float8 AS completeness_sum,
            sum(completeness_count)::int AS completeness_count, sum(accepted)::int AS accepted,
            sum(accepted_first_value)::int AS accepted_first_value
       FROM improve_rollup WHERE ${where.join(' AND ')}
      GROUP BY 1, 2, 3`,
    params,
  );
  const lateParams: unknown[] = [caller.workspaceId, span.from, span.to, now, COMPLETENESS_THRESHOLD];
  const lateWhere = spanConditions(caller, span, lateParams, 'submitted_at', '::timestamptz');
  // A packet whose clock ran late since its last write has its breach step still to take, so its
  // next_action_at is due: packets_by_next_sla_action finds these few without reading the window's rows.
  const overdue = await tx.query<GroupRow>(
    `SELECT handoff_point, submit_criteria_met AS criteria_met,
            submit_completeness >= $5::float8 AS complete_enough,
            0 AS packets, 0 AS returned,
            count(*) FILTER (WHERE sla_outcome IS NULL)::int AS sla_finished,
            -count(*) FILTER (WHERE sla_outcome = 'met')::int AS sla_met,
            0 AS fv_count, 0 AS fv_sum, 0 AS fv_squares, 0 AS completeness_sum, 0 AS completeness_count,
            0 AS accepted, 0 AS accepted_first_value
       FROM packets
      WHERE ${lateWhere.join(' AND ')} AND status <> 'closed' AND next_action_at IS NOT NULL
        AND next_action_at <= $4 AND next_deadline <= $4 AND sla_outcome IS DISTINCT FROM 'breached'
      GROUP BY 1, 2, 3`,
    lateParams,
  );
  return [...summed, ...overdue];
}

const DAY_MS = 86_400_000;

/**
 * The cohort (first submitted in [from, to)) in groups of the same point, criteria met and side of the
 * completeness threshold, with additive sums of their outcomes: whole days from the rollup, the part days
 * at either end from the packet rows.
 */
async function improveRows(tx: Tx, caller: Caller, query: Query, now: Date): Promise<ImproveRow[]> {
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  const firstWholeDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const endOfWholeDays = Math.floor(to / DAY_MS) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  const span = (start: number, end: number): Span => ({
    from: iso(start),
    to: iso(end),
    handoffPoint: query.handoffPoint,
    team: query.team,
  });
  const at = now.toISOString();
  const groups: GroupRow[] = [];
  if (firstWholeDay >= endOfWholeDays) groups.push(...(await packetRows(tx, caller, span(from, to), at)));
  else {
    if (from < firstWholeDay) groups.push(...(await packetRows(tx, caller, span(from, firstWholeDay), at)));
    groups.push(...(await rollupRows(tx, caller, span(firstWholeDay, endOfWholeDays), at)));
    if (endOfWholeDays < to) groups.push(...(await packetRows(tx, caller, span(endOfWholeDays, to), at)));
  }
  return groups.map((row) => ({
    handoffPoint: row.handoff_point,
    criteriaMet: row.criteria_met,
    completeEnough: row.complete_enough,
    packets: row.packets,
    returned: row.returned,
    slaFinished: row.sla_finished,
    slaMet: row.sla_met,
    firstValueDays: { count: row.fv_count, sum: Number(row.fv_sum), sumOfSquares: Number(row.fv_squares) },
    completenessSum: Number(row.completeness_sum),
    completenessCount: row.completeness_count,
    accepted: row.accepted,
    acceptedFirstValue: row.accepted_first_value,
  }));
}

const pointsAsked = (query: Query): HandoffPoint[] =>
  query.handoffPoint ? [query.handoffPoint] : [...HandoffPoint.options];

async function improveReport(tx: Tx, caller: Caller, query: Query, now: Date) {
  const playbook = await currentPlaybook(tx, caller.workspaceId);
  const rows = await improveRows(tx, caller, query, now);
  const report = computeImprove({
    rows,
    playbook,
    handoffPoints: pointsAsked(query),
    from: new Date(query.from),
    to: new Date(query.to),
  });
  return { playbook, rows, report };
}

const sum = (rows: readonly ImproveRow[], pick: (row: ImproveRow) => number) =>
  rows.reduce((total, row) => total + pick(row), 0);

export const improveRoutes = new Hono<ApiEnv>()
  .get('/improve', async (c) => {
    const query = parseOrFail(MetricsQuery, c.req.query(), 'query');
    const { caller } = c.var;
    const { report } = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
      improveReport(tx, caller, query, new Date()),
    );
    return c.json(report);
  })
  .get('/maturity', async (c) => {
    const query = parseOrFail(MetricsQuery, c.req.query(), 'query');
    const { caller } = c.var;
    const report = await inWorkspace(c.var.db, caller.workspaceId, async (tx) => {
      const improve = await improveReport(tx, caller, query, new Date());
      const { rows } = improve;
      const [workspace] = await tx.query<{
        event_sources: number;
        crm_events: number;
        webhooks: number;
        managers: number;
      }>(
        `SELECT (SELECT count(*) FROM event_sources WHERE workspace_id = $1 AND revoked_at IS NULL)::int AS event_sources,
                (SELECT count(*) FROM crm_events WHERE workspace_id = $1 AND received_at >= $2 AND received_at < $3)::int AS crm_events,
                (SELECT count(*) FROM webhooks WHERE workspace_id = $1 AND removed_at IS NULL)::int AS webhooks,
                (SELECT count(DISTINCT user_id) FROM team_members WHERE workspace_id = $1 AND manages)::int AS managers`,
        [caller.workspaceId, query.from, query.to],
      );
      const inUse = pointsAsked(query).filter((point) =>
        rows.some((row) => row.handoffPoint === point && row.packets > 0),
      );
      const completenessCount = sum(rows, (row) => row.completenessCount);
      const onboarding = rows.filter((row) => row.handoffPoint === 'sales_to_cs');
      return assessMaturity(
        {
          playbook: improve.playbook,
          points: inUse.length > 0 ? inUse : pointsAsked(query),
          cohortSize: sum(rows, (row) => row.packets),
          criteriaRecorded: sum(rows, (row) => (row.criteriaMet === null ? 0 : row.packets)),
          returned: sum(rows, (row) => row.returned),
          meanCompleteness:
            completenessCount === 0 ? null : sum(rows, (row) => row.completenessSum) / completenessCount,
          slaFinished: sum(rows, (row) => row.slaFinished),
          slaMet: sum(rows, (row) => row.slaMet),
          firstValueReached: sum(rows, (row) => row.firstValueDays.count),
          onboardingAccepted: sum(onboarding, (row) => row.accepted),
          onboardingFirstValue: sum(onboarding, (row) => row.acceptedFirstValue),
          liveEventSources: workspace?.event_sources ?? 0,
          crmEventsInWindow: workspace?.crm_events ?? 0,
          liveWebhooks: workspace?.webhooks ?? 0,
          managers: workspace?.managers ?? 0,
          improveVerdicts: improve.report.handoffPoints
            .flatMap((point) => point.factors)
            .filter((factor) => factor.verdict !== 'not_enough_data').length,
        },
        { from: new Date(query.from), to: new Date(query.to) },
      );
    });
    return c.json(report);
  });
