import { Hono } from 'hono';
import { TeamHandoffsQuery } from '../../lib/api-queries';
import { incomingPointsManagedBy } from '../../lib/handoff/actor';
import { openStatuses } from '../../lib/handoff/packet';
import type { SlaState } from '../../lib/handoff/sla-state';
import type { Caller } from '../auth-context';
import { inWorkspace } from '../db/workspace-transaction';
import { parseOrFail } from '../http/errors';
import type { ApiEnv } from '../http/types';
import { unaddressedAt } from '../sync/unaddressed';

/** SQL for what a caller sees in team lists: admins all, managers their teams, others their own handoffs. */
function visibility(caller: Caller, params: unknown[]): string {
  if (caller.actor.role === 'admin') return 'true';
  params.push(caller.actor.userId, caller.actor.managedTeamIds, incomingPointsManagedBy(caller.actor));
  const me = `$${params.length - 2}`;
  const managed = `$${params.length - 1}::text[]`;
  const incoming = `$${params.length}::text[]`;
  return `(giving_user_id = ${me} OR receiving_user_id = ${me}
           OR giving_team_id = ANY(${managed}) OR receiving_team_id = ANY(${managed})
           OR ${unaddressedAt(incoming)})`;
}

/** A running clock's state follows from the wall clock; a stopped one's was stored when it stopped. */
const liveSlaState = (now: string) => `CASE
    WHEN next_deadline IS NOT NULL AND next_deadline <= ${now} THEN 'breached'
    WHEN due_soon_at IS NOT NULL AND due_soon_at <= ${now} THEN 'due_soon'
    WHEN next_deadline IS NOT NULL THEN 'on_track'
    ELSE sla_state END`;

/**
 * `next_deadline ASC NULLS LAST` as one value, the expression packets_by_urgency is ordered by, so
 * a bound on it is a bound of the index scan. A CASE, not coalesce: under row-level security only
 * conditions PostgreSQL knows to be leakproof become index conditions, and coalesce is not one.
 */
const deadlineOrder = `(CASE WHEN next_deadline IS NULL THEN 'infinity'::timestamptz ELSE next_deadline END)`;

/**
 * `liveSlaState(now) = ANY(states)` spelt out on the columns: unlike a filter on the CASE, the
 * planner can estimate it, so it still walks packets_by_urgency in order and stops at the page.
 */
function slaStateIn(states: readonly SlaState[], now: string, statesParam: string): string {
  const terms: string[] = [];
  if (states.includes('breached')) terms.push(`next_deadline <= ${now}`);
  if (states.includes('due_soon')) terms.push(`(next_deadline > ${now} AND due_soon_at <= ${now})`);
  if (states.includes('on_track'))
    terms.push(`(next_deadline > ${now} AND (due_soon_at IS NULL OR due_soon_at > ${now}))`);
  terms.push(
    `(next_deadline IS NULL AND (CASE WHEN due_soon_at <= ${now} THEN 'due_soon' ELSE sla_state END) = ANY(${statesParam}::text[]))`,
  );
  return `(${terms.join(' OR ')})`;
}

/**
 * Where in deadline order the states can start, as a bound packets_by_urgency can seek to: without
 * `breached`, nothing is overdue; without any running state, only packets without a deadline.
 */
function slaStateBound(states: readonly SlaState[], now: string): string | null {
  if (states.includes('breached')) return null;
  if (states.includes('due_soon') || states.includes('on_track')) return `${deadlineOrder} > ${now}`;
  return `${deadlineOrder} = 'infinity'::timestamptz`;
}

export const teamRoutes = new Hono<ApiEnv>().get('/team/handoffs', async (c) => {
  const query = parseOrFail(TeamHandoffsQuery, c.req.query(), 'query');
  const { caller } = c.var;
  const params: unknown[] = [caller.workspaceId, new Date().toISOString()];
  const where = ['workspace_id = $1', visibility(caller, params)];
  const filter = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  filter((p) => `status = ANY(${p}::text[])`, query.status ?? openStatuses);
  if (query.handoffPoint) filter((p) => `handoff_point = ANY(${p}::text[])`, query.handoffPoint);
  if (query.owner) filter((p) => `(giving_user_id = ${p} OR receiving_user_id = ${p})`, query.owner);
  if (query.team) filter((p) => `(giving_team_id = ${p} OR receiving_team_id = ${p})`, query.team);
  if (query.slaState) {
    const states = query.slaState;
    filter((p) => slaStateIn(states, '$2', p), states);
    const bound = slaStateBound(states, '$2');
    if (bound) where.push(bound);
  }
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  params.push(limit + 1, offset);
  const rows = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
    tx.query(
      `SELECT id, handoff_point AS "handoffPoint", status, customer_name AS "customerName",
                giving_user_id AS "givingUserId", giving_team_id AS "givingTeamId",
                receiving_user_id AS "receivingUserId", receiving_team_id AS "receivingTeamId",
                completeness, exit_met AS "exitMet", ${liveSlaState('$2')} AS "slaState",
                next_deadline AS "nextDeadline", due_soon_at AS "dueSoonAt", submitted_at AS "submittedAt",
                accepted_at AS "acceptedAt", updated_at AS "updatedAt",
                document->'records' AS records
           FROM packets WHERE ${where.join(' AND ')}
          ORDER BY ${deadlineOrder}, id
          LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    ),
  );
  const more = rows.length > limit;
  return c.json({ handoffs: rows.slice(0, limit), nextOffset: more ? offset + limit : null });
});
