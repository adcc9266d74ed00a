import { Hono } from 'hono';
import type { Me } from '../../lib/api';
import { inWorkspace } from '../db/workspace-transaction';
import type { ApiEnv } from '../http/types';

export const meRoutes = new Hono<ApiEnv>().get('/', async (c) => {
  const { caller } = c.var;
  const teams = await inWorkspace(c.var.db, caller.workspaceId, (tx) =>
    tx.query<Me['teams'][number]>(
      `SELECT t.id, t.name, t.function, m.manages FROM team_members m
         JOIN teams t ON t.workspace_id = m.workspace_id AND t.id = m.team_id
        WHERE m.workspace_id = $1 AND m.user_id = $2 ORDER BY t.name`,
      [caller.workspaceId, caller.actor.userId],
    ),
  );
  const me: Me = {
    user: { id: caller.actor.userId, email: caller.email, name: caller.name, role: caller.actor.role },
    workspace: { id: caller.workspaceId, name: caller.workspaceName },
    teams,
  };
  return c.json(me);
});
