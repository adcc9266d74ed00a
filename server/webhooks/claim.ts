import type { Packet } from '../../lib/handoff/packet';
import type { Tx } from '../db/workspace-transaction';
import { historyEventOf } from '../sync/packet-store';
import { webhookBody } from './payload';
import type { WebhookRequest } from './send';

/** A delivery this worker holds for one attempt: no other worker sends it until its lease ends. */
export interface ClaimedDelivery extends WebhookRequest {
  /** Attempts made, this one included. */
  attempts: number;
}

type DueRow = {
  id: string;
  attempts: number;
  event_type: string;
  body: string | null;
  url: string;
  secret: string;
  removed: boolean;
  packet_id: string;
  seq: number;
  at: Date | string;
  actor_id: string;
  data: Record<string, unknown>;
  /** Only while the body is still to render. */
  document: Packet | null;
};

const lostLastAttempt = 'no outcome was recorded for the last attempt (the worker stopped)';

/**
 * Takes up to `limit` of the workspace's due deliveries: each gets its body rendered (at its first
 * attempt), its attempt counted and a lease, committed before anything is sent, so that other workers
 * skip it until the lease ends. A lease that ends unrecorded means the worker stopped mid-attempt: the
 * delivery is due again, and fails if that was its last attempt. Deliveries a push queued for a webhook
 * removed meanwhile fail too.
 */
export async function claimDue(
  tx: Tx,
  workspaceId: string,
  now: Date,
  { limit, maxAttempts, leaseEnds }: { limit: number; maxAttempts: number; leaseEnds: Date },
): Promise<{ claimed: ClaimedDelivery[]; givenUp: number }> {
  const due = await tx.query<DueRow>(
    `SELECT d.id, d.attempts, d.event_type, d.body, w.url, w.secret, w.removed_at IS NOT NULL AS removed,
            e.packet_id, e.seq, e.at, e.actor_id, e.data, CASE WHEN d.body IS NULL THEN p.document END AS document
       FROM webhook_deliveries d
       JOIN webhooks w ON w.workspace_id = d.workspace_id AND w.id = d.webhook_id
       JOIN events e ON e.workspace_id = d.workspace_id AND e.packet_id = d.packet_id AND e.seq = d.seq
       JOIN packets p ON p.workspace_id = d.workspace_id AND p.id = d.packet_id
      WHERE d.workspace_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2
      ORDER BY d.next_attempt_at
      LIMIT $3
      FOR UPDATE OF d SKIP LOCKED`,
    [workspaceId, now, limit],
  );
  if (due.length === 0) return { claimed: [], givenUp: 0 };
  const nameOf = await userNames(tx, workspaceId, due);
  const claimed: ClaimedDelivery[] = [];
  const updates = due.map((row) => {
    const giveUp = (reason: string) => ({
      id: row.id,
      status: 'failed',
      attempts: row.attempts,
      last_error: reason,
    });
    if (row.removed) return giveUp('webhook removed');
    if (row.attempts >= maxAttempts) return giveUp(lostLastAttempt);
    const body =
      row.body ??
      webhookBody(row.id, historyEventOf({ ...row, type: row.event_type }), row.document as Packet, nameOf);
    const attempts = row.attempts + 1;
    claimed.push({
      deliveryId: row.id,
      url: row.url,
      secret: row.secret,
      eventType: row.event_type,
      body,
      attempts,
    });
    return {
      id: row.id,
      status: 'pending',
      attempts,
      next_attempt_at: leaseEnds,
      last_attempt_at: now,
      body,
    };
  });
  await tx.query(
    `UPDATE webhook_deliveries d
        SET status = c.status, attempts = c.attempts, next_attempt_at = c.next_attempt_at,
            last_attempt_at = coalesce(c.last_attempt_at, d.last_attempt_at),
            last_error = coalesce(c.last_error, d.last_error), body = coalesce(d.body, c.body)
       FROM jsonb_to_recordset($2::jsonb) AS c(id uuid, status text, attempts integer,
         next_attempt_at timestamptz, last_attempt_at timestamptz, last_error text, body text)
      WHERE d.workspace_id = $1 AND d.id = c.id`,
    [workspaceId, JSON.stringify(updates)],
  );
  return { claimed, givenUp: due.length - claimed.length };
}

/** The names of the people the bodies to render may mention, read only when there are any to render. */
async function userNames(
  tx: Tx,
  workspaceId: string,
  due: readonly DueRow[],
): Promise<(userId: string) => string | undefined> {
  const candidates = new Set<string>();
  for (const row of due) {
    if (row.body !== null || !row.document) continue;
    const { owners } = row.document;
    for (const value of [
      owners.givingUserId,
      owners.receivingUserId,
      row.actor_id,
      ...Object.values(row.data),
    ])
      if (typeof value === 'string') candidates.add(value);
  }
  if (candidates.size === 0) return () => undefined;
  const rows = await tx.query<{ id: string; name: string }>(
    'SELECT id, name FROM users WHERE workspace_id = $1 AND id = ANY($2::text[])',
    [workspaceId, [...candidates]],
  );
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return (userId) => names.get(userId);
}
