import { Hono } from 'hono';
import { inWorkspace } from '../db/workspace-transaction';
import { readDirectory } from '../directory';
import type { ApiEnv } from '../http/types';

/** The caller's workspace by name: every member may read it (docs/decisions/people-directory.md). */
export const directoryRoutes = new Hono<ApiEnv>().get('/', async (c) => {
  const { caller } = c.var;
  return c.json(
    await inWorkspace(c.var.db, caller.workspaceId, (tx) => readDirectory(tx, caller.workspaceId)),
  );
});
