import type { Database, Queryable } from './connection';

export type Tx = Queryable;

/** Serialization failures, deadlocks and the unique-index race of two creates: retrying is correct. */
const retryableCodes = new Set(['40001', '40P01', '23505']);
const maxAttempts = 6;

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
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        // One round trip: set_config('role', …, true) is SET LOCAL ROLE, with the same membership check.
        await tx.query(
          `SELECT set_config('baton.workspace_id', $1, true), set_config('role', 'baton_app', true)`,
          [workspaceId],
        );
        return work(tx);
      });
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
