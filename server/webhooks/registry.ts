import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CreatedWebhook,
  type DeliveriesQuery,
  type NewWebhook,
  type Webhook,
  type WebhookDelivery,
  WebhookEventType,
} from '../../lib/webhooks';
import type { Tx } from '../db/workspace-transaction';
import { ApiFailure } from '../http/errors';

/** Webhooks and their delivery log: shared by the CLI and the admin routes. */

/** Each event goes to every webhook that wants it, so their number bounds the sends per event. */
const maxWebhooksPerWorkspace = 20;
const defaultLogLimit = 50;

const notFound = () => new ApiFailure(404, 'not_found', 'no such webhook');

type WebhookRow = {
  id: string;
  url: string;
  description: string;
  event_types: WebhookEventType[];
  created_at: Date | string;
};

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

function webhookOf(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.event_types,
    createdAt: iso(row.created_at),
  };
}

export async function createWebhook(
  tx: Tx,
  workspaceId: string,
  webhook: NewWebhook,
): Promise<CreatedWebhook> {
  const [{ live } = { live: 0 }] = await tx.query<{ live: number }>(
    'SELECT count(*)::int AS live FROM webhooks WHERE workspace_id = $1 AND removed_at IS NULL',
    [workspaceId],
  );
  if (live >= maxWebhooksPerWorkspace)
    throw new ApiFailure(
      409,
      'too_many_webhooks',
      `a workspace has at most ${maxWebhooksPerWorkspace} webhooks; remove one first`,
    );
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const events = webhook.events ? [...new Set(webhook.events)] : WebhookEventType.options;
  const [row] = await tx.query<WebhookRow>(
    `INSERT INTO webhooks (workspace_id, id, url, secret, description, event_types)
     VALUES ($1, $2, $3, $4, $5, $6::text[])
     RETURNING id, url, description, event_types, created_at`,
    [workspaceId, randomUUID(), webhook.url, secret, webhook.description ?? '', events],
  );
  if (!row) throw new Error('the webhook insert returned no row');
  return { ...webhookOf(row), secret };
}

/** The live webhooks, oldest first, without their secrets. */
export async function listWebhooks(tx: Tx, workspaceId: string): Promise<Webhook[]> {
  const rows = await tx.query<WebhookRow>(
    `SELECT id, url, description, event_types, created_at FROM webhooks
      WHERE workspace_id = $1 AND removed_at IS NULL ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows.map(webhookOf);
}

/** Removes a live webhook; its pending deliveries fail rather than go to an address nobody wants used. */
export async function removeWebhook(tx: Tx, workspaceId: string, id: string): Promise<void> {
  const removed = await tx.query(
    `UPDATE webhooks SET removed_at = now() WHERE workspace_id = $1 AND id = $2 AND removed_at IS NULL
     RETURNING id`,
    [workspaceId, id],
  );
  if (removed.length === 0) throw notFound();
  await tx.query(
    `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = 'webhook removed'
      WHERE workspace_id = $1 AND webhook_id = $2 AND status = 'pending'`,
    [workspaceId, id],
  );
}

type DeliveryRow = {
  id: string;
  packet_id: string;
  seq: number;
  event_type: WebhookEventType;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: Date | string | null;
  last_attempt_at: Date | string | null;
  last_status: number | null;
  last_error: string | null;
  body: string | null;
  created_at: Date | string;
  delivered_at: Date | string | null;
};

/** A webhook's delivery log, newest first; removed webhooks keep theirs. */
export async function listDeliveries(
  tx: Tx,
  workspaceId: string,
  webhookId: string,
  query: DeliveriesQuery,
): Promise<WebhookDelivery[]> {
  const known = await tx.query('SELECT 1 FROM webhooks WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    webhookId,
  ]);
  if (known.length === 0) throw notFound();
  const rows = await tx.query<DeliveryRow>(
    `SELECT id, packet_id, seq, event_type, status, attempts, next_attempt_at, last_attempt_at, last_status,
            last_error, body, created_at, delivered_at
       FROM webhook_deliveries
      WHERE workspace_id = $1 AND webhook_id = $2 AND ($3::text IS NULL OR status = $3)
      ORDER BY created_at DESC, seq DESC
      LIMIT $4`,
    [workspaceId, webhookId, query.status ?? null, query.limit ?? defaultLogLimit],
  );
  return rows.map((row) => ({
    id: row.id,
    packetId: row.packet_id,
    seq: row.seq,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: isoOrNull(row.next_attempt_at),
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
    body: row.body,
    createdAt: iso(row.created_at),
    deliveredAt: isoOrNull(row.delivered_at),
  }));
}
