import type { Database } from './db/connection';
import { sweepSlas } from './sla/sweeper';
import { deliverWebhooks } from './webhooks/deliver';

/**
 * What the API does on its own clock: the SLA steps that came due, then the webhook deliveries due
 * (those steps' among them). Run by the API process every BATON_SWEEP_SECONDS and by
 * `npm run baton -- sweep`. A summary line when anything happened.
 */
export async function runDueWork(db: Database, now: Date = new Date()): Promise<string | null> {
  const swept = await sweepSlas(db, now);
  const sent = await deliverWebhooks(db, now);
  const lines: string[] = [];
  if (swept.packets > 0) lines.push(`SLA sweep: ${swept.steps} step(s) on ${swept.packets} packet(s)`);
  if (sent.delivered + sent.retrying + sent.failed > 0)
    lines.push(
      `Webhooks: ${sent.delivered} delivered, ${sent.retrying} to retry, ${sent.failed} failed for good`,
    );
  return lines.length > 0 ? lines.join('; ') : null;
}
