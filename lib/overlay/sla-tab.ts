import { liveSlaState, nextSlaChange, type SlaSummaryValues } from '../handoff/live-sla-state';
import type { SlaState } from '../handoff/sla-state';

export interface SlaTabLook {
  /** Words for the collapsed tab, or null when no clock is worth showing. */
  label: string | null;
  /** The tab's background for that state, or null for Baton's own. */
  colour: string | null;
  /** When the look next changes by itself (a clock turning due soon or late), or null. */
  changesAt: number | null;
}

const looks: Partial<Record<SlaState, { label: string; colour: string }>> = {
  breached: { label: 'Breached', colour: '#c62828' },
  due_soon: { label: 'Due soon', colour: '#9a5b00' },
  on_track: { label: 'On track', colour: '#2e7d32' },
  paused: { label: 'Paused', colour: '#52606d' },
};

/** How the collapsed panel's tab shows the record's SLA clocks at `now`: colour and words, never colour alone. */
export function slaTabLook(sla: SlaSummaryValues | null, now: number): SlaTabLook {
  if (sla === null) return { label: null, colour: null, changesAt: null };
  const look = looks[liveSlaState(sla, now)];
  return { label: look?.label ?? null, colour: look?.colour ?? null, changesAt: nextSlaChange(sla, now) };
}
