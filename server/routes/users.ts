import { Hono } from 'hono';
import { NewUser } from '../../lib/api';
import { inWorkspace } from '../db/workspace-transaction';
import { createUser } from '../directory';
import { ApiFailure, parseOrFail } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import type { ApiEnv } from '../http/types';

export const userRoutes = new Hono<ApiEnv>().post('/', async (c) => {
  const { caller } = c.var;
  if (caller.actor.role !== 'admin') throw new ApiFailure(403, 'forbidden', 'only admins create users');
  const user = parseOrFail(NewUser, await readJsonBody(c, c.var.settings.bodyLimitBytes), 'user');
  const created = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
    createUser(tx, caller.workspaceId, user),
  );
  return c.json({ id: created.id, token: created.token }, 201);
});
