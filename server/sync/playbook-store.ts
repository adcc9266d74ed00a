import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { Playbook } from '../../lib/handoff/playbook';
import type { Tx } from '../db/workspace-transaction';

/** The workspace's newest playbook; the default until an admin saves one. */
export async function currentPlaybook(tx: Tx, workspaceId: string): Promise<Playbook> {
  const rows = await tx.query<{ document: Playbook; version: number }>(
    'SELECT document, version FROM playbooks WHERE workspace_id = $1 ORDER BY version DESC LIMIT 1',
    [workspaceId],
  );
  const row = rows[0];
  return row ? { ...row.document, version: row.version } : defaultPlaybook;
}

/** Stores a validated playbook as the workspace's next version; earlier versions stay for snapshots. */
export async function savePlaybook(tx: Tx, workspaceId: string, playbook: Playbook, userId: string | null) {
  const [row] = await tx.query<{ version: number }>(
    `INSERT INTO playbooks (workspace_id, version, document, created_by)
     SELECT $1, coalesce(max(version), 1) + 1, $2, $3 FROM playbooks WHERE workspace_id = $1
     RETURNING version`,
    [workspaceId, JSON.stringify(playbook), userId],
  );
  return { ...playbook, version: row?.version ?? playbook.version };
}
