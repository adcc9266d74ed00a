import { Hono } from 'hono';
import { NewEventSource } from '../../lib/crm-events';
import { createEventSource, listEventSources, revokeEventSource } from '../crm-events/sources';
import { inWorkspace } from '../db/workspace-transaction';
import { ApiFailure, parseOrFail } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import type { ApiEnv } from '../http/types';

/** The CRM workflows allowed to post events (POST /v1/events), each with its signing secret. Admins only. */
export const eventSourceRoutes = new Hono<ApiEnv>()
  .use(async (c, next) => {
    if (c.var.caller.actor.role !== 'admin')
      throw new ApiFailure(403, 'forbidden', 'only admins manage event sources');
    await next();
  })
  .post('/', async (c) => {
    const { caller } = c.var;
    const { name } = parseOrFail(
      NewEventSource,
      await readJsonBody(c, c.var.settings.bodyLimitBytes),
      'event source',
    );
    const created = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
      createEventSource(tx, caller.workspaceId, name),
    );
    return c.json(created, 201);
  })
  .get('/', async (c) => {
    const { caller } = c.var;
    const sources = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
      listEventSources(tx, caller.workspaceId),
    );
    return c.json({ sources });
  })
  .delete('/:id', async (c) => {
    const { caller } = c.var;
    const id = c.req.param('id');
    const revoked = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
      revokeEventSource(tx, caller.workspaceId, id),
    );
    if (!revoked) throw new ApiFailure(404, 'not_found', `no event source ${id} in this workspace`);
    return c.json(revoked);
  });
