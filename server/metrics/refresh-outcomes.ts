import type { Owners } from '../../lib/handoff/packet';
import { type PacketOutcome, packetOutcome } from '../../lib/handoff/packet-outcome';
import { calendarForPolicy, calendarForTeam, type HandoffPoint } from '../../lib/handoff/playbook';
import type { Tx } from '../db/workspace-transaction';
import { type EventRow, historiesOf } from '../sync/packet-store';
import { currentPlaybook } from '../sync/playbook-store';

/** The first day of a timestamp's UTC month (see submitted_month in migration 007). */
const monthOf = (column: string) => `date_trunc('month', ${column} AT TIME ZONE 'UTC')::date`;

type PacketRow = {
  id: string;
  handoff_point: HandoffPoint;
  version: string;
  giving_user_id: string | null;
  giving_team_id: string | null;
  receiving_user_id: string | null;
  receiving_team_id: string | null;
};

interface Staleness {
  /** The workspace's change counter and playbook version now, for the new watermark. */
  version: string;
  playbook: number;
  /** Summarise every packet again (first time, or another playbook); else those past `seen`. */
  everything: boolean;
  seen: string | null;
}

/** Whether the summaries are behind the workspace's changes or playbook; null when they are current. */
async function staleness(tx: Tx, workspaceId: string): Promise<Staleness | null> {
  const [state] = await tx.query<{
    version: string;
    playbook: number;
    seen: string | null;
    seen_playbook: number | null;
  }>(
    `SELECT w.version::text, coalesce((SELECT max(version) FROM playbooks WHERE workspace_id = $1), 0) AS playbook,
            m.version::text AS seen, m.playbook_version AS seen_playbook
       FROM workspaces w LEFT JOIN outcome_watermarks m ON m.workspace_id = w.id
      WHERE w.id = $1`,
    [workspaceId],
  );
  if (!state) return null;
  const everything = state.seen === null || state.seen_playbook !== state.playbook;
  if (!everything && state.seen === state.version) return null;
  return { version: state.version, playbook: state.playbook, everything, seen: state.seen };
}

/** Packets summarised per round trip: their events fit comfortably in memory. */
const batchSize = 2_000;

/**
 * Brings the workspace's packet summaries (migration 007) up to date before metrics read them: the
 * packets changed since the watermark, or all of them when the playbook (calendars, SLA policies) is
 * not the one they were computed with. Every write takes the workspace's next version (commitChanges),
 * so the packets past the watermark are exactly the ones to summarise again. Returns how many were.
 */
export async function refreshOutcomes(tx: Tx, workspaceId: string, now: Date): Promise<number> {
  if (!(await staleness(tx, workspaceId))) return 0;
  // One refresh at a time per workspace: the next waits here, then finds the work done.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('packet_outcomes:' || $1))`, [workspaceId]);
  const state = await staleness(tx, workspaceId);
  if (!state) return 0;
  const { everything } = state;
  const since = everything ? '-1' : (state.seen ?? '-1');
  const playbook = await currentPlaybook(tx, workspaceId);
  let refreshed = 0;
  for (let afterId = '00000000-0000-0000-0000-000000000000'; ; ) {
    const packets = await tx.query<PacketRow>(
      `SELECT id, handoff_point, version::text, giving_user_id, giving_team_id, receiving_user_id, receiving_team_id
         FROM packets
        WHERE workspace_id = $1 AND version > $2 AND id > $3 ORDER BY id LIMIT ${batchSize}`,
      [workspaceId, since, afterId],
    );
    if (packets.length === 0) break;
    afterId = packets[packets.length - 1]?.id ?? afterId;
    const events = await tx.query<EventRow>(
      `SELECT packet_id, seq, type, at, actor_id, data FROM events
        WHERE workspace_id = $1 AND packet_id = ANY($2::uuid[]) ORDER BY packet_id, seq`,
      [workspaceId, packets.map((packet) => packet.id)],
    );
    const histories = historiesOf(events);
    const summaries = packets.map((packet) => {
      const teams: Pick<Owners, 'givingTeamId' | 'receivingTeamId'> = {
        givingTeamId: packet.giving_team_id,
        receivingTeamId: packet.receiving_team_id,
      };
      const outcome = packetOutcome({
        events: histories.get(packet.id) ?? [],
        policies: playbook.handoffPoints[packet.handoff_point].slas,
        calendarFor: (policy) => calendarForPolicy(playbook, policy, teams),
        businessCalendar: calendarForTeam(playbook, packet.receiving_team_id),
        now,
      });
      return { packet, outcome };
    });
    await save(tx, workspaceId, summaries);
    refreshed += packets.length;
  }
  await tx.query(
    `INSERT INTO outcome_watermarks (workspace_id, version, playbook_version) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id) DO UPDATE SET version = excluded.version, playbook_version = excluded.playbook_version`,
    [workspaceId, state.version, state.playbook],
  );
  return refreshed;
}

async function save(
  tx: Tx,
  workspaceId: string,
  summaries: ReadonlyArray<{ packet: PacketRow; outcome: PacketOutcome }>,
): Promise<void> {
  const rows = summaries.map(({ packet, outcome }) => ({
    packet_id: packet.id,
    version: packet.version,
    handoff_point: packet.handoff_point,
    giving_user_id: packet.giving_user_id,
    giving_team_id: packet.giving_team_id,
    receiving_user_id: packet.receiving_user_id,
    receiving_team_id: packet.receiving_team_id,
    created_at: outcome.createdAt,
    submitted_at: outcome.submittedAt,
    furthest_stage: outcome.furthestStage,
    kickoff_ms: outcome.kickoffMs,
    kickoff_business_ms: outcome.kickoffBusinessMs,
    first_value_ms: outcome.firstValueMs,
    first_value_business_ms: outcome.firstValueBusinessMs,
    completeness_at_submit: outcome.completenessAtSubmit,
    ever_accepted: outcome.everAccepted,
    ever_returned: outcome.everReturned,
    edited_after_acceptance: outcome.editedAfterAcceptance,
    reached_first_value: outcome.reachedFirstValue,
  }));
  const clocks = summaries.flatMap(({ packet, outcome }) =>
    outcome.slaClocks.map((clock) => ({
      packet_id: packet.id,
      handoff_point: packet.handoff_point,
      giving_user_id: packet.giving_user_id,
      giving_team_id: packet.giving_team_id,
      receiving_user_id: packet.receiving_user_id,
      receiving_team_id: packet.receiving_team_id,
      submitted_at: outcome.submittedAt,
      policy_id: clock.policyId,
      state: clock.state,
      stopped: clock.stopped,
      deadline: clock.deadline,
    })),
  );
  await tx.query(
    `WITH rows AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(
         packet_id uuid, version bigint, handoff_point text, giving_user_id text, giving_team_id text,
         receiving_user_id text, receiving_team_id text, created_at timestamptz, submitted_at timestamptz, furthest_stage smallint,
         kickoff_ms bigint, kickoff_business_ms bigint, first_value_ms bigint, first_value_business_ms bigint,
         completeness_at_submit double precision, ever_accepted boolean, ever_returned boolean,
         edited_after_acceptance boolean, reached_first_value boolean)
     ), cleared AS (
       DELETE FROM packet_sla_outcomes WHERE workspace_id = $1 AND packet_id IN (SELECT packet_id FROM rows)
     ), saved AS (
       INSERT INTO packet_outcomes (workspace_id, packet_id, version, handoff_point, giving_user_id,
         giving_team_id, receiving_user_id, receiving_team_id, submitted_month, created_at, submitted_at, furthest_stage,
         kickoff_ms, kickoff_business_ms, first_value_ms, first_value_business_ms, completeness_at_submit,
         ever_accepted, ever_returned, edited_after_acceptance, reached_first_value)
       SELECT $1, packet_id, version, handoff_point, giving_user_id, giving_team_id, receiving_user_id,
         receiving_team_id, ${monthOf('submitted_at')}, created_at, submitted_at, furthest_stage, kickoff_ms, kickoff_business_ms,
         first_value_ms, first_value_business_ms, completeness_at_submit, ever_accepted, ever_returned,
         edited_after_acceptance, reached_first_value FROM rows
       ON CONFLICT (workspace_id, packet_id) DO UPDATE SET version = excluded.version,
         handoff_point = excluded.handoff_point, giving_user_id = excluded.giving_user_id,
         giving_team_id = excluded.giving_team_id, receiving_user_id = excluded.receiving_user_id,
         receiving_team_id = excluded.receiving_team_id,
         created_at = excluded.created_at, submitted_at = excluded.submitted_at,
         furthest_stage = excluded.furthest_stage, kickoff_ms = excluded.kickoff_ms,
         kickoff_business_ms = excluded.kickoff_business_ms, first_value_ms = excluded.first_value_ms,
         first_value_business_ms = excluded.first_value_business_ms,
         completeness_at_submit = excluded.completeness_at_submit, ever_accepted = excluded.ever_accepted,
         ever_returned = excluded.ever_returned, edited_after_acceptance = excluded.edited_after_acceptance,
         reached_first_value = excluded.reached_first_value, submitted_month = excluded.submitted_month
     )
     SELECT 1`,
    [workspaceId, JSON.stringify(rows)],
  );
  // After the DELETE has run: data-modifying CTEs of one statement cannot see each other's rows.
  await tx.query(
    `INSERT INTO packet_sla_outcomes (workspace_id, packet_id, policy_id, handoff_point, giving_user_id,
       giving_team_id, receiving_user_id, receiving_team_id, submitted_at, submitted_month, state, stopped, deadline)
     SELECT $1, packet_id, policy_id, handoff_point, giving_user_id, giving_team_id, receiving_user_id,
            receiving_team_id, submitted_at, ${monthOf('submitted_at')}, state, stopped, deadline
       FROM jsonb_to_recordset($2::jsonb) AS c(packet_id uuid, policy_id text, handoff_point text,
         giving_user_id text, giving_team_id text, receiving_user_id text, receiving_team_id text,
         submitted_at timestamptz, state text, stopped boolean, deadline timestamptz)`,
    [workspaceId, JSON.stringify(clocks)],
  );
}
