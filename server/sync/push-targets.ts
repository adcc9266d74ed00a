import type { EventType, HistoryEvent } from '../../lib/handoff/history';
import type { Packet } from '../../lib/handoff/packet';
import type { RecordKey } from '../../lib/handoff/record';
import type { Tx } from '../db/workspace-transaction';

export interface StoredPacket {
  packet: Packet;
  /** Its stored events of the types asked for, in order. */
  history: HistoryEvent[];
}

/** A packet's history as a locking query aggregates it (jsonb_build_object of seq, type, at, actorId, data). */
export type StoredHistoryJson = Array<{
  seq: number;
  type: EventType;
  at: string;
  actorId: string;
  data: Record<string, unknown>;
}>;

export function storedPacket(document: Packet, history: StoredHistoryJson): StoredPacket {
  return {
    packet: document,
    history: history.map((event) => ({
      ...event,
      packetId: document.id,
      at: new Date(event.at).toISOString(),
    })),
  };
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

export interface LockedClient {
  userId: string;
  lastMutationId: number;
  /** The newest playbook version (null: none saved): the batch is judged by it. */
  playbookVersion: number | null;
}

/**
 * Locks the client (creating it on its first push) and then every stored packet the batch may write,
 * and reads them, in one round trip: the packets its mutations name (through aliases) and the open
 * packets of the records its creates name, each with the events of `eventTypes` from its history.
 * The client is locked first and packets in id order, so two pushes cannot deadlock here; nothing is
 * locked for a client that belongs to another user.
 */
export async function lockBatch(
  tx: Tx,
  client: { workspaceId: string; clientId: string; userId: string },
  wanted: WantedTargets,
  eventTypes: readonly EventType[],
): Promise<{ client: LockedClient; targets: PushTargets }> {
  const [row] = await tx.query<{
    user_id: string;
    last_mutation_id: string | number;
    playbook_version: number | null;
    packets: Array<{
      document: Packet;
      aliases: string[];
      history: StoredHistoryJson;
    }>;
  }>(
    `WITH client AS (
       INSERT INTO clients (workspace_id, id, user_id) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, id) DO UPDATE SET user_id = clients.user_id
       RETURNING user_id, last_mutation_id
     ), requested AS (
       SELECT r.id AS requested_id, coalesce(a.packet_id, r.id) AS packet_id
         FROM unnest($4::uuid[]) AS r(id)
         LEFT JOIN packet_aliases a ON a.workspace_id = $1 AND a.alias_id = r.id
     ), of_records AS (
       SELECT pr.packet_id
         FROM jsonb_to_recordset($5::jsonb)
           AS k(system text, instance text, "objectKind" text, id text, "handoffPoint" text)
         JOIN packet_records pr
           ON pr.workspace_id = $1 AND pr.system = k.system AND pr.instance = k.instance
          AND pr.object_kind = k."objectKind" AND pr.record_id = k.id AND pr.handoff_point = k."handoffPoint"
          AND pr.open
     ), locked AS (
       SELECT p.id, p.document FROM packets p
        WHERE p.workspace_id = $1
          AND (SELECT user_id FROM client) = $3
          AND p.id IN (SELECT packet_id FROM requested UNION SELECT packet_id FROM of_records)
        ORDER BY p.id
        FOR UPDATE
     )
     SELECT c.user_id, c.last_mutation_id,
            (SELECT max(version) FROM playbooks WHERE workspace_id = $1) AS playbook_version,
            (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'document', l.document,
                      'aliases', ARRAY(SELECT requested_id FROM requested
                                        WHERE packet_id = l.id AND requested_id <> l.id),
                      'history', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                           'seq', e.seq, 'type', e.type, 'at', e.at, 'actorId', e.actor_id,
                                           'data', e.data) ORDER BY e.seq), '[]'::jsonb)
                                    FROM events e
                                   WHERE e.workspace_id = $1 AND e.packet_id = l.id
                                     AND e.type = ANY($6::text[])))), '[]'::jsonb)
               FROM locked l) AS packets
       FROM client c`,
    [
      client.workspaceId,
      client.clientId,
      client.userId,
      [...new Set(wanted.packetIds)],
      JSON.stringify(wanted.creates.map(({ record, handoffPoint }) => ({ ...record, handoffPoint }))),
      eventTypes,
    ],
  );
  if (!row) throw new Error('locking a client returned no row');
  const packets = new Map<string, StoredPacket>();
  const aliasOf = new Map<string, string>();
  for (const { document, aliases, history } of row.packets) {
    packets.set(document.id, storedPacket(document, history));
    for (const alias of aliases) aliasOf.set(alias, document.id);
  }
  return {
    client: {
      userId: row.user_id,
      lastMutationId: Number(row.last_mutation_id),
      playbookVersion: row.playbook_version,
    },
    targets: { packets, resolve: (id) => aliasOf.get(id) ?? id },
  };
}
