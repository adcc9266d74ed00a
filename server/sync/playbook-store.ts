import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { Playbook } from '../../lib/handoff/playbook';
import type { Tx } from '../db/workspace-transaction';

/**
 * A stored playbook version never changes (a save is a new version), so each is read once per
 * process; a push then needs only the newest version's number, which it reads with its client lock.
 */
const storedVersions = new Map<string, Playbook>();
const storedVersionsKept = 256;
const newestSeen = new Map<string, Playbook>();

/** The newest playbook of the workspace this process has read: a guess at its current one, often right. */
export function newestPlaybookSeen(workspaceId: string): Playbook {
  return newestSeen.get(workspaceId) ?? defaultPlaybook;
}

/** The workspace's newest playbook; the default until an admin saves one. */
export async function currentPlaybook(tx: Tx, workspaceId: string): Promise<Playbook> {
  const [row] = await tx.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM playbooks WHERE workspace_id = $1',
    [workspaceId],
  );
  return playbookVersion(tx, workspaceId, row?.version ?? null);
}

/** The playbook of `version` (null: none saved, the default). */
export async function playbookVersion(
  tx: Tx,
  workspaceId: string,
  version: number | null,
): Promise<Playbook> {
  if (version === null) return defaultPlaybook;
  const key = `${workspaceId}/${version}`;
  const kept = storedVersions.get(key);
  if (kept) return kept;
  const [row] = await tx.query<{ document: Playbook }>(
    'SELECT document FROM playbooks WHERE workspace_id = $1 AND version = $2',
    [workspaceId, version],
  );
  if (!row) throw new Error(`playbook version ${version} of workspace ${workspaceId} is missing`);
  const playbook = { ...row.document, version };
  if (storedVersions.size >= storedVersionsKept) {
    storedVersions.clear();
    newestSeen.clear();
  }
  storedVersions.set(key, playbook);
  if (version > (newestSeen.get(workspaceId)?.version ?? 0)) newestSeen.set(workspaceId, playbook);
  return playbook;
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

/**
 * Stores `playbook` as the version after `basedOn`, the one it was changed from. When another save took
 * that number meanwhile, the insert fails on the key and the transaction is retried from a fresh read,
 * so a change to one part never undoes a concurrent change to another.
 */
export async function savePlaybookAfter(
  tx: Tx,
  workspaceId: string,
  playbook: Playbook,
  basedOn: number,
  userId: string | null,
): Promise<Playbook> {
  const version = basedOn + 1;
  await tx.query(
    'INSERT INTO playbooks (workspace_id, version, document, created_by) VALUES ($1, $2, $3, $4)',
    [workspaceId, version, JSON.stringify({ ...playbook, version }), userId],
  );
  return { ...playbook, version };
}
