import { Hono } from 'hono';
import { CrmEvent, type ReceivedEvent, ReceivedEventsQuery } from '../../lib/crm-events';
import { receiveCrmEvent } from '../crm-events/receive';
import { readSignedHeaders, verifySignature } from '../crm-events/signature';
import type { Database } from '../db/connection';
import { inWorkspace } from '../db/workspace-transaction';
import { ApiFailure, parseOrFail } from '../http/errors';
import { parseJson, readRawBody } from '../http/json-body';
import { rateLimiter } from '../http/rate-limit';
import type { ApiEnv, ApiSettings } from '../http/types';

/**
 * POST /v1/events: a CRM workflow reports a deal won, a stage or an owner changed. Signed by an event
 * source instead of a bearer token, so it is mounted before the token check; each source has its own
 * rate limit. The signature covers the raw bytes, so the body is checked before it is parsed.
 */
export function eventIntakeRoute(db: Database, settings: ApiSettings): Hono<ApiEnv> {
  const takeRequest = rateLimiter(settings.rateLimit);
  return new Hono<ApiEnv>().post('/events', async (c) => {
    const now = new Date();
    const signed = readSignedHeaders((name) => c.req.header(name), now);
    takeRequest(signed.sourceId);
    const body = await readRawBody(c, settings.bodyLimitBytes);
    const source = await verifySignature(db, signed, body);
    const event = parseOrFail(CrmEvent, parseJson(body), 'event');
    const receipt = await receiveCrmEvent(db, source, event, now);
    return c.json(receipt, receipt.replayed ? 200 : 201);
  });
}

type ReceivedRow = {
  id: string;
  source_id: string;
  type: ReceivedEvent['type'];
  outcome: ReceivedEvent['outcome'];
  packet_id: string | null;
  detail: string | null;
  occurred_at: Date | string;
  received_at: Date | string;
  event: ReceivedEvent['event'];
};

/** GET /v1/events: what the CRM sent, newest first; `?outcome=unclaimed` is the admin's to-do list. */
export const receivedEventRoutes = new Hono<ApiEnv>().get('/events', async (c) => {
  const { caller } = c.var;
  if (caller.actor.role !== 'admin') throw new ApiFailure(403, 'forbidden', 'only admins list CRM events');
  const query = parseOrFail(ReceivedEventsQuery, c.req.query(), 'query');
  const rows = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
    tx.query<ReceivedRow>(
      `SELECT id, source_id, type, outcome, packet_id, detail, occurred_at, received_at, event
         FROM crm_events
        WHERE workspace_id = $1 AND ($2::text IS NULL OR outcome = $2)
        ORDER BY received_at DESC, id
        LIMIT $3`,
      [caller.workspaceId, query.outcome ?? null, query.limit ?? 50],
    ),
  );
  const events: ReceivedEvent[] = rows.map((row) => ({
    id: row.id,
    sourceId: row.source_id,
    type: row.type,
    outcome: row.outcome,
    packetId: row.packet_id,
    detail: row.detail,
    occurredAt: new Date(row.occurred_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    event: row.event,
  }));
  return c.json({ events });
});
