import type { EventType, HistoryEvent } from '../../lib/handoff/history';
import type { Packet } from '../../lib/handoff/packet';
import type { Playbook } from '../../lib/handoff/playbook';
import type { RecordKey } from '../../lib/handoff/record';
import { slaStepEventTypes } from '../../lib/handoff/sla-steps';
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

/** An events row as the queries here select it (`packet_id, seq, type, at, actor_id, data`). */
export type EventRow = {
  packet_id: string;
  seq: number;
  type: string;
  at: Date | string;
  actor_id: string;
  data: Record<string, unknown>;
};

export function historyEventOf(row: EventRow): HistoryEvent {
  return {
    packetId: row.packet_id,
    seq: row.seq,
    type: row.type as HistoryEvent['type'],
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    data: row.data,
  };
}

/** Event rows of several packets as each packet's history, in the order of the rows. */
export function historiesOf(rows: readonly EventRow[]): Map<string, HistoryEvent[]> {
  const histories = new Map<string, HistoryEvent[]>();
  for (const row of rows) {
    const history = histories.get(row.packet_id) ?? [];
    history.push(historyEventOf(row));
    histories.set(row.packet_id, history);
  }
  return histories;
}

export async function loadEvents(tx: Tx, workspaceId: string, packetId: string): Promise<HistoryEvent[]> {
  const rows = await tx.query<EventRow>(
    `SELECT packet_id, seq, type, at, actor_id, data FROM events
      WHERE workspace_id = $1 AND packet_id = $2 ORDER BY seq`,
    [workspaceId, packetId],
  );
  return rows.map(historyEventOf);
}

/** The milestones packetSchedule dates, as the first event of each type. */
const milestoneTypes: readonly EventType[] = [
  'submitted',
  // Not a milestone of the schedule, but the Improve loop's summary on the row needs the first return.
  'returned',
  'accepted',
  'kickoff_held',
  'first_value_reached',
  'closed',
];

/**
 * The event types savePacket reads from a history: what the playbook's SLA clocks start, stop, pause
 * and resume on, the milestones, and the SLA steps taken (so the next one is known). Every other event (field edits, most of a history) is a no-op
 * for packetSchedule, so a push loads only these and its cost does not grow with the edits.
 */
export function scheduleEventTypes(playbook: Playbook): EventType[] {
  const types = new Set<EventType>([...milestoneTypes, ...slaStepEventTypes]);
  for (const point of Object.values(playbook.handoffPoints))
    for (const policy of point.slas) {
      types.add(policy.start);
      for (const stop of policy.stop) types.add(stop);
      for (const pause of policy.pause) types.add(pause.on).add(pause.resume);
    }
  return [...types];
}
