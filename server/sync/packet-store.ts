import { completeness } from '../../lib/handoff/completeness';
import type { EventType, HistoryEvent } from '../../lib/handoff/history';
import type { Packet } from '../../lib/handoff/packet';
import { calendarForPolicy, calendarForTeam, type Playbook } from '../../lib/handoff/playbook';
import type { RecordKey } from '../../lib/handoff/record';
import { packetSchedule } from '../../lib/handoff/sla-clock';
import type { Tx } from '../db/workspace-transaction';

/** Reads the packet an id names, following the alias of a packet that joined another. */
export async function loadPacket(
  tx: Tx,
  workspaceId: string,
  id: string,
  forUpdate: boolean,
): Promise<Packet | null> {
  const rows = await tx.query<{ document: Packet }>(
    `SELECT p.document FROM packets p
      WHERE p.workspace_id = $1
        AND p.id = coalesce((SELECT packet_id FROM packet_aliases WHERE workspace_id = $1 AND alias_id = $2), $2)
      ${forUpdate ? 'FOR UPDATE OF p' : ''}`,
    [workspaceId, id],
  );
  return rows[0]?.document ?? null;
}

export async function resolveAlias(tx: Tx, workspaceId: string, id: string): Promise<string> {
  const rows = await tx.query<{ packet_id: string }>(
    'SELECT packet_id FROM packet_aliases WHERE workspace_id = $1 AND alias_id = $2',
    [workspaceId, id],
  );
  return rows[0]?.packet_id ?? id;
}

export async function findOpenPacket(
  tx: Tx,
  workspaceId: string,
  record: RecordKey,
  handoffPoint: string,
): Promise<Packet | null> {
  const rows = await tx.query<{ document: Packet }>(
    `SELECT p.document FROM packet_records r
       JOIN packets p ON p.workspace_id = r.workspace_id AND p.id = r.packet_id
      WHERE r.workspace_id = $1 AND r.system = $2 AND r.instance = $3 AND r.object_kind = $4
        AND r.record_id = $5 AND r.handoff_point = $6 AND r.open
      FOR UPDATE OF p`,
    [workspaceId, record.system, record.instance, record.objectKind, record.id, handoffPoint],
  );
  return rows[0]?.document ?? null;
}

export async function loadEvents(tx: Tx, workspaceId: string, packetId: string): Promise<HistoryEvent[]> {
  const rows = await tx.query<{
    seq: number;
    type: string;
    at: Date | string;
    actor_id: string;
    data: unknown;
  }>(
    'SELECT seq, type, at, actor_id, data FROM events WHERE workspace_id = $1 AND packet_id = $2 ORDER BY seq',
    [workspaceId, packetId],
  );
  return rows.map((row) => ({
    packetId,
    seq: row.seq,
    type: row.type as HistoryEvent['type'],
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    data: row.data as Record<string, unknown>,
  }));
}

/**
 * The histories of several packets in one query, each in order, keeping only events of `types`; a
 * packet without such events has none.
 */
export async function loadHistories(
  tx: Tx,
  workspaceId: string,
  packetIds: readonly string[],
  types: readonly EventType[],
): Promise<Map<string, HistoryEvent[]>> {
  const histories = new Map<string, HistoryEvent[]>();
  if (packetIds.length === 0) return histories;
  const rows = await tx.query<{
    packet_id: string;
    seq: number;
    type: string;
    at: Date | string;
    actor_id: string;
    data: unknown;
  }>(
    `SELECT packet_id, seq, type, at, actor_id, data FROM events
      WHERE workspace_id = $1 AND packet_id = ANY($2::uuid[]) AND type = ANY($3::text[])
      ORDER BY packet_id, seq`,
    [workspaceId, packetIds, types],
  );
  for (const row of rows) {
    const history = histories.get(row.packet_id) ?? [];
    history.push({
      packetId: row.packet_id,
      seq: row.seq,
      type: row.type as HistoryEvent['type'],
      at: new Date(row.at).toISOString(),
      actorId: row.actor_id,
      data: row.data as Record<string, unknown>,
    });
    histories.set(row.packet_id, history);
  }
  return histories;
}

export async function insertEvents(
  tx: Tx,
  workspaceId: string,
  events: readonly HistoryEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO events (workspace_id, packet_id, seq, type, at, actor_id, data)
     SELECT $1, e.packet_id, e.seq, e.type, e.at, e.actor_id, e.data
       FROM jsonb_to_recordset($2::jsonb)
         AS e(packet_id uuid, seq integer, type text, at timestamptz, actor_id text, data jsonb)`,
    [
      workspaceId,
      JSON.stringify(
        events.map((event) => ({
          packet_id: event.packetId,
          seq: event.seq,
          type: event.type,
          at: event.at,
          actor_id: event.actorId,
          data: event.data,
        })),
      ),
    ],
  );
}

export async function insertSnapshot(
  tx: Tx,
  workspaceId: string,
  packet: Packet,
  event: HistoryEvent,
  playbookVersion: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO snapshots (workspace_id, packet_id, seq, kind, packet, playbook_version, taken_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [workspaceId, packet.id, event.seq, event.type, JSON.stringify(packet), playbookVersion, event.at],
  );
}

function earliest(instants: readonly (string | null)[]): string | null {
  const known = instants.filter((instant): instant is string => instant !== null).sort();
  return known[0] ?? null;
}

/** The milestones packetSchedule dates, as the first event of each type. */
const milestoneTypes: readonly EventType[] = [
  'submitted',
  'accepted',
  'kickoff_held',
  'first_value_reached',
  'closed',
];

/**
 * The event types savePacket reads from a history: what the playbook's SLA clocks start, stop, pause
 * and resume on, and the milestones. Every other event (field edits, most of a history) is a no-op
 * for packetSchedule, so a push loads only these and its cost does not grow with the edits.
 */
export function scheduleEventTypes(playbook: Playbook): EventType[] {
  const types = new Set<EventType>(milestoneTypes);
  for (const point of Object.values(playbook.handoffPoints))
    for (const policy of point.slas) {
      types.add(policy.start);
      for (const stop of policy.stop) types.add(stop);
      for (const pause of policy.pause) types.add(pause.on).add(pause.resume);
    }
  return [...types];
}

/**
 * The packet's row: its document, and what lib/ computes from it for indexed lists and aggregates.
 * `events` needs only the events of scheduleEventTypes (more do no harm), in order.
 */
export async function savePacket(
  tx: Tx,
  workspaceId: string,
  packet: Packet,
  events: readonly HistoryEvent[],
  playbook: Playbook,
  now: Date,
): Promise<void> {
  const point = playbook.handoffPoints[packet.handoffPoint];
  const score = completeness(packet, point, calendarForTeam(playbook, packet.owners.receivingTeamId));
  const schedule = packetSchedule({
    handoffPointPolicies: point.slas,
    events,
    owners: packet.owners,
    calendarFor: (policy, owners) => calendarForPolicy(playbook, policy, owners),
    now,
  });
  const running = schedule.clocks.filter((clock) => clock.stoppedAt === null && clock.pausedSince === null);
  const customerName = packet.fields['customer.name']?.value;
  const customerDomain = packet.fields['customer.domain']?.value;
  const { milestones } = schedule;
  // The packet's row and its record rows in one statement. Record rows of unlinked records go, new
  // ones come, and rows that did not change are not written again (most saves change no record).
  await tx.query(
    `WITH saved AS (
     INSERT INTO packets (workspace_id, id, handoff_point, status, document, customer_name, customer_domain,
       created_by, giving_user_id, giving_team_id, receiving_user_id, receiving_team_id, completeness, exit_met,
       sla_state, due_soon_at, next_deadline, submitted_at, accepted_at, kickoff_at, first_value_at, closed_at,
       created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
       $23, $24)
     ON CONFLICT (workspace_id, id) DO UPDATE SET
       status = excluded.status, document = excluded.document, customer_name = excluded.customer_name,
       customer_domain = excluded.customer_domain, giving_user_id = excluded.giving_user_id,
       giving_team_id = excluded.giving_team_id, receiving_user_id = excluded.receiving_user_id,
       receiving_team_id = excluded.receiving_team_id, completeness = excluded.completeness,
       exit_met = excluded.exit_met, sla_state = excluded.sla_state, due_soon_at = excluded.due_soon_at,
       next_deadline = excluded.next_deadline, submitted_at = excluded.submitted_at,
       accepted_at = excluded.accepted_at, kickoff_at = excluded.kickoff_at,
       first_value_at = excluded.first_value_at, closed_at = excluded.closed_at, updated_at = excluded.updated_at
     ), wanted AS (
       SELECT r.system, r.instance, r."objectKind" AS object_kind, r.id AS record_id
         FROM jsonb_to_recordset($26::jsonb) AS r(system text, instance text, "objectKind" text, id text)
     ), unlinked AS (
       DELETE FROM packet_records p
        WHERE p.workspace_id = $1 AND p.packet_id = $2
          AND NOT EXISTS (SELECT 1 FROM wanted w
                           WHERE w.system = p.system AND w.instance = p.instance
                             AND w.object_kind = p.object_kind AND w.record_id = p.record_id)
     )
     INSERT INTO packet_records (workspace_id, packet_id, system, instance, object_kind, record_id, handoff_point, open)
     SELECT $1, $2, system, instance, object_kind, record_id, $3, $25 FROM wanted
     ON CONFLICT (workspace_id, packet_id, system, instance, object_kind, record_id) DO UPDATE
       SET handoff_point = excluded.handoff_point, open = excluded.open
       WHERE (packet_records.handoff_point, packet_records.open) IS DISTINCT FROM (excluded.handoff_point, excluded.open)`,
    [
      workspaceId,
      packet.id,
      packet.handoffPoint,
      packet.status,
      JSON.stringify(packet),
      typeof customerName === 'string' ? customerName : null,
      typeof customerDomain === 'string' ? customerDomain : null,
      packet.createdBy,
      packet.owners.givingUserId,
      packet.owners.givingTeamId,
      packet.owners.receivingUserId,
      packet.owners.receivingTeamId,
      score.score,
      score.exitMet,
      schedule.worstState,
      earliest(running.map((clock) => clock.dueSoonAt)),
      schedule.nextDeadline,
      milestones.submittedAt,
      milestones.acceptedAt,
      milestones.kickoffAt,
      milestones.firstValueAt,
      milestones.closedAt,
      packet.createdAt,
      packet.updatedAt,
      packet.status !== 'closed',
      JSON.stringify(packet.records),
    ],
  );
}
