import type { CrmEvent, CrmEventOutcome } from '../../lib/crm-events';
import type { Actor } from '../../lib/handoff/actor';
import type { EventType } from '../../lib/handoff/history';
import type { Packet } from '../../lib/handoff/packet';
import type { Tx } from '../db/workspace-transaction';
import { type StoredHistoryJson, type StoredPacket, storedPacket } from '../sync/push-targets';

/** What the first event of an id did, as stored. */
export interface StoredOutcome {
  outcome: CrmEventOutcome;
  packetId: string | null;
  detail: string | null;
}

export interface EventTargets {
  /** Set when this id was received before: the event is a replay and changes nothing. */
  stored: StoredOutcome | null;
  /** The record's open packets, locked, each with its events of the types asked for. */
  packets: StoredPacket[];
  /** The Baton user the event's owner email names, as authenticate.ts would build them. */
  owner: Actor | null;
  /** The newest playbook version (null: none saved). */
  playbookVersion: number | null;
}

type TargetsRow = {
  stored: { outcome: CrmEventOutcome; packet_id: string | null; detail: string | null } | null;
  playbook_version: number | null;
  packets: Array<{
    document: Packet;
    history: StoredHistoryJson;
  }>;
  owner: Actor | null;
};

/**
 * Everything an event needs, in one round trip: whether its id was received before, and if not the
 * record's open packets (locked, in id order, with their schedule history), the owner the event names,
 * and the playbook version. A replay locks nothing.
 */
export async function loadEventTargets(
  tx: Tx,
  workspaceId: string,
  event: CrmEvent,
  eventTypes: readonly EventType[],
): Promise<EventTargets> {
  const { record } = event;
  const [row] = await tx.query<TargetsRow>(
    `WITH stored AS (
       SELECT outcome, packet_id, detail FROM crm_events WHERE workspace_id = $1 AND id = $2
     ), locked AS (
       SELECT p.id, p.document FROM packet_records r
         JOIN packets p ON p.workspace_id = r.workspace_id AND p.id = r.packet_id
        WHERE r.workspace_id = $1 AND r.system = $3 AND r.instance = $4 AND r.object_kind = $5
          AND r.record_id = $6 AND r.open AND NOT EXISTS (SELECT 1 FROM stored)
        ORDER BY p.id
        FOR UPDATE OF p
     ), person AS (
       SELECT u.id AS "userId", u.role,
              coalesce(array_agg(m.team_id) FILTER (WHERE m.team_id IS NOT NULL), '{}') AS "teamIds",
              coalesce(array_agg(m.team_id) FILTER (WHERE m.manages), '{}') AS "managedTeamIds",
              coalesce(jsonb_object_agg(m.team_id, t.function) FILTER (WHERE m.team_id IS NOT NULL), '{}')
                AS "teamFunctions"
         FROM users u
         LEFT JOIN team_members m ON m.workspace_id = u.workspace_id AND m.user_id = u.id
         LEFT JOIN teams t ON t.workspace_id = m.workspace_id AND t.id = m.team_id
        WHERE u.workspace_id = $1 AND u.email = lower($7) AND NOT EXISTS (SELECT 1 FROM stored)
        GROUP BY u.workspace_id, u.id
     )
     SELECT (SELECT to_jsonb(stored) FROM stored) AS stored,
            (SELECT max(version) FROM playbooks WHERE workspace_id = $1) AS playbook_version,
            (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'document', l.document,
                      'history', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                           'seq', e.seq, 'type', e.type, 'at', e.at, 'actorId', e.actor_id,
                                           'data', e.data) ORDER BY e.seq), '[]'::jsonb)
                                    FROM events e
                                   WHERE e.workspace_id = $1 AND e.packet_id = l.id
                                     AND e.type = ANY($8::text[]))) ORDER BY l.id), '[]'::jsonb)
               FROM locked l) AS packets,
            (SELECT to_jsonb(person) FROM person) AS owner`,
    [
      workspaceId,
      event.id,
      record.system,
      record.instance,
      record.objectKind,
      record.id,
      event.owner?.email ?? null,
      eventTypes,
    ],
  );
  if (!row) throw new Error('loading the targets of a CRM event returned no row');
  const { stored } = row;
  return {
    stored: stored && { outcome: stored.outcome, packetId: stored.packet_id, detail: stored.detail },
    packets: row.packets.map(({ document, history }) => storedPacket(document, history)),
    owner: row.owner,
    playbookVersion: row.playbook_version,
  };
}
