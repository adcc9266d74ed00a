import { Hono } from 'hono';
import { PlaybookContent } from '../../lib/api';
import { parsePlaybook } from '../../lib/handoff/playbook-validation';
import { inWorkspace } from '../db/workspace-transaction';
import { ApiFailure, parseOrFail, refuseUnstorableText } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import type { ApiEnv } from '../http/types';
import { currentPlaybook, savePlaybook, savePlaybookAfter } from '../sync/playbook-store';

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
  })
  // Marketing keeps the adoption content current without the power to change criteria and SLAs.
  .put('/content', async (c) => {
    const { caller } = c.var;
    if (caller.actor.role !== 'marketer' && caller.actor.role !== 'admin')
      throw new ApiFailure(403, 'forbidden', 'only marketers and admins change the adoption content');
    const body = await readJsonBody(c, c.var.settings.bodyLimitBytes);
    const content = parseOrFail(PlaybookContent, body, 'content map');
    const saved = await inWorkspace(c.var.db, caller.workspaceId, async (tx) => {
      const current = await currentPlaybook(tx, caller.workspaceId);
      const result = parsePlaybook({ ...current, content });
      if (!result.ok)
        throw new ApiFailure(400, 'invalid_content', 'the content map is not valid', result.problems);
      return savePlaybookAfter(tx, caller.workspaceId, result.playbook, current.version, caller.actor.userId);
    });
    return c.json(saved);
  });
