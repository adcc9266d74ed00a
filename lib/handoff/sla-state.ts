import * as z from 'zod/mini';

/**
 * Where one SLA clock stands. `not_started` until its start event; `paused` while a pause event
 * holds it; `met` or `breached` once it stopped, on or after its deadline; otherwise `on_track`
 * until the first reminder threshold, `due_soon` after it, and `breached` past the deadline.
 */
export const SlaState = z.enum(['not_started', 'on_track', 'due_soon', 'breached', 'met', 'paused']);
export type SlaState = z.infer<typeof SlaState>;

/**
 * The state of a packet's clocks at `now` from its summary: a running clock is breached once its
 * deadline has passed and due soon from its first reminder; otherwise the stored state holds.
 */
export function liveSlaState(
  summary: { slaState: SlaState; dueSoonAt: string | null; nextDeadline: string | null },
  now: Date,
): SlaState {
  const at = now.getTime();
  if (summary.nextDeadline !== null && Date.parse(summary.nextDeadline) <= at) return 'breached';
  if (summary.dueSoonAt !== null && Date.parse(summary.dueSoonAt) <= at) return 'due_soon';
  if (summary.nextDeadline !== null) return 'on_track';
  return summary.slaState;
}
