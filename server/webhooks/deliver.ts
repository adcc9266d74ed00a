import type { Database } from '../db/connection';
import { inWorkspace } from '../db/workspace-transaction';
import { type ClaimedDelivery, claimDue } from './claim';
import { type AttemptOutcome, sendWebhook } from './send';

export interface DeliveryOptions {
  /** Deliveries claimed, and sent at once, per round. */
  batchSize?: number;
  /** How long to wait for a receiver's answer. */
  timeoutMs?: number;
  /** Attempts before a delivery is given up as failed. */
  maxAttempts?: number;
}

export interface DeliveryResult {
  delivered: number;
  /** Attempts that failed and will be tried again after their backoff. */
  retrying: number;
  /** Deliveries given up this run. */
  failed: number;
}

const defaults = { batchSize: 20, timeoutMs: 10_000, maxAttempts: 10 };
const firstBackoffMs = 60_000;
const maxBackoffMs = 6 * 3_600_000;
/** Beyond the answer's timeout: time to record the outcome before another worker may try again. */
const leaseMarginMs = 60_000;

/** After the nth failed attempt: 1 min, doubling each time, at most 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(firstBackoffMs * 2 ** (attempts - 1), maxBackoffMs);
}

/**
 * Sends the webhook deliveries due at `now` in every workspace, at least once each: claimed and leased
 * in one transaction, POSTed outside any, their outcomes recorded in another. Delivered on a 2xx; else
 * tried again after a backoff until `maxAttempts`, then failed. Workers running at once skip each
 * other's claims, so no attempt is sent twice; receivers dedupe retries by the X-Baton-Delivery id.
 */
export async function deliverWebhooks(
  db: Database,
  now: Date = new Date(),
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const { batchSize, timeoutMs, maxAttempts } = { ...defaults, ...options };
  // As the table owner, outside any workspace: which workspaces have deliveries due at all.
  const workspaces = await db.query<{ workspace_id: string }>(
    `SELECT DISTINCT workspace_id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1`,
    [now],
  );
  const total: DeliveryResult = { delivered: 0, retrying: 0, failed: 0 };
  // `now` moved on by the time this run has taken: a batch sent late in a long run still gets a whole
  // lease, and its backoff counts from when it was sent.
  const startedAt = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - startedAt));
  for (const { workspace_id: workspaceId } of workspaces) {
    for (;;) {
      const claimedAt = clock();
      const leaseEnds = new Date(claimedAt.getTime() + timeoutMs + leaseMarginMs);
      const { claimed, givenUp } = await inWorkspace(db, workspaceId, (tx) =>
        claimDue(tx, workspaceId, claimedAt, { limit: batchSize, maxAttempts, leaseEnds }),
      );
      total.failed += givenUp;
      if (claimed.length === 0) break;
      const outcomes = await Promise.all(claimed.map((delivery) => sendWebhook(delivery, timeoutMs)));
      const answeredAt = clock();
      const recorded = claimed.map((delivery, index) =>
        recordOf(delivery, outcomes[index] as AttemptOutcome, answeredAt, maxAttempts),
      );
      await inWorkspace(db, workspaceId, (tx) =>
        tx.query(
          // Only over its own attempt: a claim that outlived its lease does not overwrite a newer one.
          `UPDATE webhook_deliveries d
              SET status = r.status, next_attempt_at = r.next_attempt_at, last_status = r.last_status,
                  last_error = r.last_error, delivered_at = r.delivered_at
             FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, attempts integer, status text,
               next_attempt_at timestamptz, last_status integer, last_error text, delivered_at timestamptz)
            WHERE d.workspace_id = $1 AND d.id = r.id AND d.attempts = r.attempts AND d.status = 'pending'`,
          [workspaceId, JSON.stringify(recorded)],
        ),
      );
      for (const { status } of recorded) {
        if (status === 'delivered') total.delivered += 1;
        else if (status === 'failed') total.failed += 1;
        else total.retrying += 1;
      }
      if (claimed.length + givenUp < batchSize) break;
    }
  }
  return total;
}

function recordOf(delivery: ClaimedDelivery, outcome: AttemptOutcome, now: Date, maxAttempts: number) {
  const { deliveryId: id, attempts } = delivery;
  if (outcome.delivered)
    return {
      id,
      attempts,
      status: 'delivered',
      next_attempt_at: null,
      last_status: outcome.status,
      last_error: null,
      delivered_at: now,
    };
  const exhausted = attempts >= maxAttempts;
  return {
    id,
    attempts,
    status: exhausted ? 'failed' : 'pending',
    next_attempt_at: exhausted ? null : new Date(now.getTime() + backoffMs(attempts)),
    last_status: outcome.status,
    last_error: outcome.error,
    delivered_at: null,
  };
}
