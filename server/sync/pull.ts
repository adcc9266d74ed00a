import { incomingPointsOf } from '../../lib/handoff/actor';
import { isAddressedTo, noticeTypes } from '../../lib/handoff/notices';
import type { Packet } from '../../lib/handoff/packet';
import type { SlaState } from '../../lib/handoff/sla-state';
import type { PullResponse, Rejection } from '../../lib/sync/protocol';
import type { Caller } from '../auth-context';
import type { Database } from '../db/connection';
import { inWorkspace } from '../db/workspace-transaction';
import { type EventRow, historyEventOf } from './packet-store';
import { unaddressedAt } from './unaddressed';

type PulledRow = {
  document: Packet;
  version: string | number;
  sla_state: SlaState;
  due_soon_at: Date | string | null;
  next_deadline: Date | string | null;
};

const isoOrNull = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A cursor the workspace has not reached: the client must pull from the start again. */
export class PullCursorAheadError extends Error {}

const pageSize = 200;
/** Past this many in one pull (a device long offline), the others keep their stale copy until it changes. */
const removalsPerPull = 1000;
const recentViewDays = 30;

/**
 * The packets this user follows (gives, receives, created or joined; their managed teams'; those waiting
 * for one of their teams to take them, addressed to it or unaddressed at a point it receives; those of
 * records they opened recently) that
 * changed after the cursor, oldest change first. The cursor is the workspace's change counter as this
 * transaction's snapshot sees it: a push still to commit has not taken its number yet, so it lands after
 * the cursor and is in the next pull. With them come their SLA summaries, and the events of theirs in that
 * span this person is to be told of.
 */
export async function pull(
  db: Database,
  caller: Caller,
  clientId: string,
  cursor: number,
): Promise<PullResponse> {
  const { workspaceId, actor } = caller;
  return inWorkspace(db, workspaceId, async (tx) => {
    const [workspace] = await tx.query<{ version: string | number }>(
      'SELECT version FROM workspaces WHERE id = $1',
      [workspaceId],
    );
    const counter = Number(workspace?.version ?? 0);
    // Answering would echo the cursor back, and the client would skip every change up to it: a database
    // restored from a backup, or another API behind the same address.
    if (cursor > counter)
      throw new PullCursorAheadError(
        `cursor ${cursor} is ahead of this workspace's changes (${counter}): pull from cursor 0 to start again`,
      );
    // $1 workspace, $2 cursor, $3 upTo, $4 limit; the rest are the follow condition's.
    const followParams = [
      actor.userId,
      actor.managedTeamIds,
      actor.role === 'admin',
      recentViewDays,
      incomingPointsOf(actor),
      actor.teamIds,
    ];
    const follows = `(giving_user_id = $5 OR receiving_user_id = $5 OR created_by = $5
                 OR document->'contributors' ? $5
                 OR giving_team_id = ANY($6::text[]) OR receiving_team_id = ANY($6::text[]) OR $7
                 OR (receiving_user_id IS NULL AND receiving_team_id = ANY($10::text[]))
                 OR ${unaddressedAt('$9::text[]')}
                 OR EXISTS (SELECT 1 FROM packet_views v
                             WHERE v.workspace_id = p.workspace_id AND v.packet_id = p.id AND v.user_id = $5
                               AND v.viewed_at > now() - make_interval(days => $8)))`;
    const followed = (upTo: number, limit: number | null) =>
      tx.query<PulledRow>(
        `SELECT document, version, sla_state, due_soon_at, next_deadline FROM packets p
          WHERE workspace_id = $1 AND version > $2 AND version <= $3 AND ${follows}
          ORDER BY version LIMIT $4`,
        [workspaceId, cursor, upTo, limit, ...followParams],
      );
    // Packets that changed and are no longer this person's to follow (another team took them, a side
    // was handed on): the client drops its stale copy. A first pull has nothing to drop.
    const unfollowed = (upTo: number) =>
      cursor === 0
        ? Promise.resolve([])
        : tx.query<{ id: string }>(
            `SELECT id FROM packets p
              WHERE workspace_id = $1 AND version > $2 AND version <= $3 AND NOT COALESCE(${follows}, false)
              ORDER BY version LIMIT $4`,
            [workspaceId, cursor, upTo, removalsPerPull, ...followParams],
          );
    const rows = await followed(Number.MAX_SAFE_INTEGER, pageSize + 1);
    const more = rows.length > pageSize;
    let page = rows.slice(0, pageSize);
    if (more) {
      // A push gives every packet it changed one version, and the next pull starts after the last
      // version this one saw: a page holds all the packets of a version or none of them.
      const boundary = Number(rows[pageSize]?.version);
      page = page.filter((row) => Number(row.version) < boundary);
      if (page.length === 0) page = await followed(boundary, null);
    }
    const lastSeen = Number(page[page.length - 1]?.version ?? cursor);
    // Each statement reads its own snapshot, so a push that committed in between may show up here
    // already; counting it keeps it from coming back next time.
    const newCursor = more ? lastSeen : Math.max(lastSeen, counter);
    const removed = (await unfollowed(newCursor)).map((row) => row.id);
    const tombstones = await tx.query<{ id: string; adoptedBy: string }>(
      `SELECT alias_id AS id, packet_id AS "adoptedBy" FROM packet_aliases
        WHERE workspace_id = $1 AND version > $2 AND version <= $3`,
      [workspaceId, cursor, newCursor],
    );
    const notices = await tx.query<EventRow>(
      `SELECT packet_id, seq, type, at, actor_id, data FROM events
        WHERE workspace_id = $1 AND packet_id = ANY($2::uuid[]) AND version > $3 AND version <= $4
          AND type = ANY($5::text[])
        ORDER BY version, packet_id, seq`,
      [workspaceId, page.map((row) => row.document.id), cursor, newCursor, noticeTypes],
    );
    const packetsById = new Map(page.map((row) => [row.document.id, row.document]));
    const [client] = await tx.query<{ last_mutation_id: string | number }>(
      'SELECT last_mutation_id FROM clients WHERE workspace_id = $1 AND id = $2 AND user_id = $3',
      [workspaceId, clientId, actor.userId],
    );
    // Only the client's own user learns of its rejections.
    const rejections = client
      ? await tx.query<Rejection>(
          `SELECT mutation_id::float8 AS "mutationId", name, code, message FROM rejections
            WHERE workspace_id = $1 AND client_id = $2 AND version > $3 AND version <= $4 ORDER BY mutation_id`,
          [workspaceId, clientId, cursor, newCursor],
        )
      : [];
    return {
      packets: page.map((row) => row.document),
      schedules: page.map((row) => ({
        packetId: row.document.id,
        slaState: row.sla_state,
        dueSoonAt: isoOrNull(row.due_soon_at),
        nextDeadline: isoOrNull(row.next_deadline),
      })),
      notices: notices.map(historyEventOf).filter((event) => {
        const packet = packetsById.get(event.packetId);
        return packet !== undefined && isAddressedTo(event, packet, actor);
      }),
      tombstones,
      removed,
      lastMutationId: Number(client?.last_mutation_id ?? 0),
      rejections,
      cursor: newCursor,
      more,
    };
  });
}
