import type { Database, Queryable } from './connection';

export type Tx = Queryable;

/** Serialization failures, deadlocks and the unique-index race of two creates: retrying is correct. */
const retryableCodes = new Set(['40001', '40P01', '23505']);
const maxAttempts = 6;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableCodes.has(code);
}

/**
 * Runs `work` in one transaction as the unprivileged `baton_app` role with the workspace named, so
 * row-level security walls off every other workspace even if a query forgets its filter.
 */
export async function inWorkspace<T>(
  db: Database,
  workspaceId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  // Sent with BEGIN, so it cannot take parameters: the id is checked to be a UUID before it is quoted.
  if (!uuidPattern.test(workspaceId)) throw new Error(`not a workspace id: ${JSON.stringify(workspaceId)}`);
  // set_config('role', …, true) is SET LOCAL ROLE, with the same membership check.
  const setup = `SELECT set_config('baton.workspace_id', '${workspaceId}', true), set_config('role', 'baton_app', true)`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work, setup);
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
