import { randomBytes } from 'node:crypto';
import type { CreatedEventSource, EventSource } from '../../lib/crm-events';
import type { Database } from '../db/connection';
import type { Tx } from '../db/workspace-transaction';

/**
 * Event sources: the CRM workflows that post signed events. An id (`es_` and 72 random bits) names the
 * source in each request; its secret (256 random bits) is the HMAC key, shown once when it is created.
 */
export const sourceIdPattern = /^es_[A-Za-z0-9_-]{12}$/;

type SourceRow = { id: string; name: string; created_at: Date | string; revoked_at: Date | string | null };

const iso = (value: Date | string) => new Date(value).toISOString();

const sourceOf = (row: SourceRow): EventSource => ({
  id: row.id,
  name: row.name,
  createdAt: iso(row.created_at),
  revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
});

export async function createEventSource(
  tx: Tx,
  workspaceId: string,
  name: string,
): Promise<CreatedEventSource> {
  const id = `es_${randomBytes(9).toString('base64url')}`;
  const secret = `bsk_${randomBytes(32).toString('base64url')}`;
  await tx.query('INSERT INTO event_sources (id, workspace_id, name, secret) VALUES ($1, $2, $3, $4)', [
    id,
    workspaceId,
    name,
    secret,
  ]);
  return { id, name, secret };
}

/** The workspace's sources, oldest first, without their secrets. */
export async function listEventSources(tx: Tx, workspaceId: string): Promise<EventSource[]> {
  const rows = await tx.query<SourceRow>(
    `SELECT id, name, created_at, revoked_at FROM event_sources
      WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows.map(sourceOf);
}

/** Revokes a source: its events are refused from now on. Null when the workspace has no such source. */
export async function revokeEventSource(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<EventSource | null> {
  const [row] = await tx.query<SourceRow>(
    `UPDATE event_sources SET revoked_at = coalesce(revoked_at, now())
      WHERE workspace_id = $1 AND id = $2
      RETURNING id, name, created_at, revoked_at`,
    [workspaceId, id],
  );
  return row ? sourceOf(row) : null;
}

export interface LiveSource {
  id: string;
  workspaceId: string;
  secret: string;
}

/**
 * The live source an event names. Runs outside any workspace, as the table owner: the source is how
 * the API learns which workspace the event is for.
 */
export async function findLiveSource(db: Database, id: string): Promise<LiveSource | null> {
  if (!sourceIdPattern.test(id)) return null;
  const [row] = await db.query<{ workspace_id: string; secret: string }>(
    'SELECT workspace_id, secret FROM event_sources WHERE id = $1 AND revoked_at IS NULL',
    [id],
  );
  return row ? { id, workspaceId: row.workspace_id, secret: row.secret } : null;
}

/** The workspace a source belongs to (live or not), for the CLI's revoke by id. */
export async function workspaceOfSource(db: Database, id: string): Promise<string | null> {
  const [row] = await db.query<{ workspace_id: string }>(
    'SELECT workspace_id FROM event_sources WHERE id = $1',
    [id],
  );
  return row?.workspace_id ?? null;
}
