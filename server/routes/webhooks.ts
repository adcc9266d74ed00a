import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { DeliveriesQuery, NewWebhook } from '../../lib/webhooks';
import { inWorkspace } from '../db/workspace-transaction';
import { ApiFailure, parseOrFail } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import type { ApiEnv } from '../http/types';
import { createWebhook, listDeliveries, listWebhooks, removeWebhook } from '../webhooks/registry';

const WebhookId = z.uuid();

/** Webhooks hold a signing secret and send customer names out: only admins manage them. */
function adminOnly(c: Context<ApiEnv>): string {
  const { caller } = c.var;
  if (caller.actor.role !== 'admin') throw new ApiFailure(403, 'forbidden', 'only admins manage webhooks');
  return caller.workspaceId;
}

function webhookIdParam(value: string): string {
  // Anything that is not a webhook id is just as absent as another workspace's webhook.
  if (!z.safeParse(WebhookId, value).success) throw new ApiFailure(404, 'not_found', 'no such webhook');
  return value;
}

export const webhookRoutes = new Hono<ApiEnv>()
  .post('/', async (c) => {
    const workspaceId = adminOnly(c);
    const webhook = parseOrFail(NewWebhook, await readJsonBody(c, c.var.settings.bodyLimitBytes), 'webhook');
    const created = await inWorkspace(c.var.db, workspaceId, (tx) => createWebhook(tx, workspaceId, webhook));
    return c.json(created, 201);
  })
  .get('/', async (c) => {
    const workspaceId = adminOnly(c);
    const webhooks = await inWorkspace(c.var.db, workspaceId, (tx) => listWebhooks(tx, workspaceId));
    return c.json({ webhooks });
  })
  .delete('/:id', async (c) => {
    const workspaceId = adminOnly(c);
    const id = webhookIdParam(c.req.param('id'));
    await inWorkspace(c.var.db, workspaceId, (tx) => removeWebhook(tx, workspaceId, id));
    return c.body(null, 204);
  })
  .get('/:id/deliveries', async (c) => {
    const workspaceId = adminOnly(c);
    const id = webhookIdParam(c.req.param('id'));
    const query = parseOrFail(DeliveriesQuery, c.req.query(), 'query');
    const deliveries = await inWorkspace(c.var.db, workspaceId, (tx) =>
      listDeliveries(tx, workspaceId, id, query),
    );
    return c.json({ deliveries });
  });
