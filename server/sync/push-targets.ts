import type { EventType, HistoryEvent } from '../../lib/handoff/history';
import type { Packet } from '../../lib/handoff/packet';
import type { RecordKey } from '../../lib/handoff/record';
import type { Tx } from '../db/workspace-transaction';

export interface StoredPacket {
  packet: Packet;
  /** Its stored events of the types asked for, in order. */
  history: HistoryEvent[];
}

export interface PushTargets {
  /** Every stored packet the batch may write, locked, by id. */
  packets: Map<string, StoredPacket>;
  /** The packet each requested id names: itself, or the packet its alias joined. */
  resolve(id: string): string;
}

export interface WantedTargets {
  /** The packet ids the mutations name. */
  packetIds: readonly string[];
  /** The records and handoff points creates name: their open packets are there to be joined. */
  creates: ReadonlyArray<{ record: RecordKey; handoffPoint: string }>;
}

/**
 * Locks and reads, in one round trip, every stored packet a batch may write: those its mutations
 * name (through aliases) and the open packets of the records its creates name, with the events of
 * `eventTypes` from each history. Locks are taken in id order, so two batches cannot deadlock here.
 */
export async function lockTargets(
  tx: Tx,
  workspaceId: string,
  wanted: WantedTargets,
  eventTypes: readonly EventType[],
): Promise<PushTargets> {
  const rows = await tx.query<{
    document: Packet;
    aliases: string[];
    history: Array<{
      seq: number;
      type: EventType;
      at: string;
      actorId: string;
      data: Record<string, unknown>;
    }>;
  }>(
    `WITH requested AS (
       SELECT r.id AS requested_id, coalesce(a.packet_id, r.id) AS packet_id
         FROM unnest($2::uuid[]) AS r(id)
         LEFT JOIN packet_aliases a ON a.workspace_id = $1 AND a.alias_id = r.id
     ), of_records AS (
       SELECT pr.packet_id
         FROM jsonb_to_recordset($3::jsonb)
           AS k(system text, instance text, "objectKind" text, id text, "handoffPoint" text)
         JOIN packet_records pr
           ON pr.workspace_id = $1 AND pr.system = k.system AND pr.instance = k.instance
          AND pr.object_kind = k."objectKind" AND pr.record_id = k.id AND pr.handoff_point = k."handoffPoint"
          AND pr.open
     ), locked AS (
       SELECT p.id, p.document FROM packets p
        WHERE p.workspace_id = $1
          AND p.id IN (SELECT packet_id FROM requested UNION SELECT packet_id FROM of_records)
        ORDER BY p.id
        FOR UPDATE
     )
     SELECT l.document,
            ARRAY(SELECT requested_id FROM requested WHERE packet_id = l.id AND requested_id <> l.id) AS aliases,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('seq', e.seq, 'type', e.type, 'at', e.at,
                                                          'actorId', e.actor_id, 'data', e.data) ORDER BY e.seq),
                             '[]'::jsonb)
               FROM events e
              WHERE e.workspace_id = $1 AND e.packet_id = l.id AND e.type = ANY($4::text[])) AS history
       FROM locked l`,
    [
      workspaceId,
      [...new Set(wanted.packetIds)],
      JSON.stringify(wanted.creates.map(({ record, handoffPoint }) => ({ ...record, handoffPoint }))),
      eventTypes,
    ],
  );
  const packets = new Map<string, StoredPacket>();
  const aliasOf = new Map<string, string>();
  for (const { document, aliases, history } of rows) {
    packets.set(document.id, {
      packet: document,
      history: history.map((event) => ({
        ...event,
        packetId: document.id,
        at: new Date(event.at).toISOString(),
      })),
    });
    for (const alias of aliases) aliasOf.set(alias, document.id);
  }
  return { packets, resolve: (id) => aliasOf.get(id) ?? id };
}
