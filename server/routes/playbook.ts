import { Hono } from 'hono';
import { parsePlaybook } from '../../lib/handoff/playbook-validation';
import { inWorkspace } from '../db/workspace-transaction';
import { ApiFailure, refuseUnstorableText } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import type { ApiEnv } from '../http/types';
import { currentPlaybook, savePlaybook } from '../sync/playbook-store';

export const playbookRoutes = new Hono<ApiEnv>()
  .get('/', async (c) => {
    const { workspaceId } = c.var.caller;
    return c.json(await inWorkspace(c.var.db, workspaceId, (tx) => currentPlaybook(tx, workspaceId)));
  })
  .put('/', async (c) => {
    const { caller } = c.var;
    if (caller.actor.role !== 'admin')
      throw new ApiFailure(403, 'forbidden', 'only admins change the playbook');
    const body = await readJsonBody(c, c.var.settings.bodyLimitBytes);
    refuseUnstorableText(body, 'playbook');
    const result = parsePlaybook(body);
    if (!result.ok)
      throw new ApiFailure(400, 'invalid_playbook', 'the playbook is not valid', result.problems);
    const saved = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
      savePlaybook(tx, caller.workspaceId, result.playbook, caller.actor.userId),
    );
    return c.json(saved);
  });
