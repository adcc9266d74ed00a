import { liveSlaState, nextSlaChange, type SlaSummaryValues } from './live-sla-state';
import { isOpen, type Packet } from './packet';

export interface Attention {
  breached: number;
  dueSoon: number;
  /** When a count next changes by itself (a clock turning due soon or late), or null. */
  changesAt: number | null;
}

/**
 * How many of this person's open handoffs (they own either side) are breached or due soon at `now`, from
 * the SLA summaries the API sent with them: what the toolbar badge shows.
 */
export function attentionOf(
  packets: readonly Packet[],
  summaries: ReadonlyMap<string, SlaSummaryValues>,
  userId: string,
  now: number,
): Attention {
  const attention: Attention = { breached: 0, dueSoon: 0, changesAt: null };
  for (const packet of packets) {
    const { givingUserId, receivingUserId } = packet.owners;
    const summary = summaries.get(packet.id);
    if (!summary || !isOpen(packet) || (givingUserId !== userId && receivingUserId !== userId)) continue;
    const state = liveSlaState(summary, now);
    if (state === 'breached') attention.breached += 1;
    if (state === 'due_soon') attention.dueSoon += 1;
    const change = nextSlaChange(summary, now);
    if (change !== null && (attention.changesAt === null || change < attention.changesAt))
      attention.changesAt = change;
  }
  return attention;
}
