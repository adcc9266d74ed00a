import type { Database } from './db/connection';
import { sweepSlas } from './sla/sweeper';

/**
 * What the API does on its own clock: the SLA steps that came due. Run by the API process every
 * BATON_SWEEP_SECONDS and by `npm run baton -- sweep`. A summary line when anything happened.
 */
export async function runDueWork(db: Database, now: Date = new Date()): Promise<string | null> {
  const swept = await sweepSlas(db, now);
  if (swept.packets === 0) return null;
  return `SLA sweep: ${swept.steps} step(s) on ${swept.packets} packet(s)`;
}
