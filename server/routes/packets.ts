import { Hono } from 'hono';
import * as z from 'zod/mini';
import { PacketsQuery } from '../../lib/api-queries';
import type { Packet } from '../../lib/handoff/packet';
import { inWorkspace } from '../db/workspace-transaction';
import { ApiFailure, parseOrFail } from '../http/errors';
import type { ApiEnv } from '../http/types';
import { loadEvents, loadPacket } from '../sync/packet-store';

const PacketId = z.uuid();

const notFound = () => new ApiFailure(404, 'not_found', 'no such packet');

function packetIdParam(value: string): string {
  // Anything that is not a packet id is just as absent as another workspace's packet.
  if (!z.safeParse(PacketId, value).success) throw notFound();
  return value;
}

export const packetRoutes = new Hono<ApiEnv>()
  .get('/', async (c) => {
    const query = parseOrFail(PacketsQuery, c.req.query(), 'query');
    const { workspaceId, actor } = c.var.caller;
    const packets = await inWorkspace(c.var.db, workspaceId, async (tx) => {
      if ('q' in query) {
        const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
        const rows = await tx.query<{ document: Packet }>(
          `SELECT document FROM packets
            WHERE workspace_id = $1 AND (lower(customer_name) LIKE $2 OR lower(customer_domain) LIKE $2)
            ORDER BY (status = 'closed'), updated_at DESC LIMIT 20`,
          [workspaceId, pattern],
        );
        return rows.map((row) => row.document);
      }
      const rows = await tx.query<{ document: Packet }>(
        `SELECT p.document FROM packets p
          WHERE p.workspace_id = $1 AND p.id IN (
            SELECT packet_id FROM packet_records
             WHERE workspace_id = $1 AND system = $2 AND instance = $3 AND object_kind = $4 AND record_id = $5)
          ORDER BY (p.status = 'closed'), p.created_at DESC`,
        [workspaceId, query.system, query.instance, query.objectKind, query.recordId],
      );
      // Whoever opens a record follows its packets from now on: pull brings them their changes.
      if (rows.length > 0)
        await tx.query(
          `INSERT INTO packet_views (workspace_id, user_id, packet_id, viewed_at)
           SELECT $1, $2, unnest($3::uuid[]), now()
           ON CONFLICT (workspace_id, user_id, packet_id) DO UPDATE SET viewed_at = excluded.viewed_at`,
          [workspaceId, actor.userId, rows.map((row) => row.document.id)],
        );
      return rows.map((row) => row.document);
    });
    return c.json({ packets });
  })
  .get('/:id', async (c) => {
    const id = packetIdParam(c.req.param('id'));
    const packet = await inWorkspace(c.var.db, c.var.caller.workspaceId, (tx) =>
      loadPacket(tx, c.var.caller.workspaceId, id, false),
    );
    if (!packet) throw notFound();
    return c.json(packet);
  })
  .get('/:id/history', async (c) => {
    const id = packetIdParam(c.req.param('id'));
    const { workspaceId } = c.var.caller;
    const events = await inWorkspace(c.var.db, workspaceId, async (tx) => {
      const packet = await loadPacket(tx, workspaceId, id, false);
      return packet ? loadEvents(tx, workspaceId, packet.id) : null;
    });
    if (!events) throw notFound();
    return c.json({ events });
  })
  .get('/:id/snapshots', async (c) => {
    const id = packetIdParam(c.req.param('id'));
    const { workspaceId } = c.var.caller;
    const snapshots = await inWorkspace(c.var.db, workspaceId, async (tx) => {
      const packet = await loadPacket(tx, workspaceId, id, false);
      if (!packet) return null;
      return tx.query(
        `SELECT seq, kind, packet, playbook_version AS "playbookVersion", taken_at AS "takenAt"
           FROM snapshots WHERE workspace_id = $1 AND packet_id = $2 ORDER BY seq`,
        [workspaceId, packet.id],
      );
    });
    if (!snapshots) throw notFound();
    return c.json({ snapshots });
  });
