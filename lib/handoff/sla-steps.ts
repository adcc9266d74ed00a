import type { Calendar } from './calendar';
import type { EventType, HistoryEvent } from './history';
import type { Owners } from './packet';
import type { SlaPolicy } from './playbook';
import { currentClock, isDue, type SlaAction, scheduledSlaActions } from './sla-clock';

/** The history events that record an SLA step: what has fired, by key. */
export const slaStepEventTypes: readonly EventType[] = ['sla_threshold', 'sla_breached', 'escalated'];

/** One step of an SLA policy's ladder to take now, and the earlier steps of the same cycle it stands for. */
export interface SlaStep {
  policyId: string;
  /** When the clock's cycle started: with the policy, what the step's key is unique under. */
  cycleStart: string;
  /** The clock's deadline. */
  deadline: string;
  action: SlaAction;
  /** The side whose clock it is (the policy's calendar side): its owner is reminded, its manager notified. */
  side: 'giving' | 'receiving';
  /** Keys of steps that came due before this one and are taken as done with it (a catch-up after downtime). */
  skipped: string[];
}

interface ScheduleInput {
  policies: readonly SlaPolicy[];
  /** The history packetSchedule reads, with the SLA step events. */
  events: readonly HistoryEvent[];
  owners: Owners;
  calendarFor: (policy: SlaPolicy, owners: Owners) => Calendar;
}

/** Keys of the steps a history records as taken, and those taken as done with them. */
export function firedSlaKeys(events: readonly HistoryEvent[]): Set<string> {
  const fired = new Set<string>();
  for (const event of events) {
    if (!slaStepEventTypes.includes(event.type)) continue;
    const { key, skipped } = event.data;
    if (typeof key === 'string') fired.add(key);
    if (Array.isArray(skipped)) for (const other of skipped) if (typeof other === 'string') fired.add(other);
  }
  return fired;
}

function ladders(input: ScheduleInput, now: Date) {
  const fired = firedSlaKeys(input.events);
  return input.policies.map((policy) => {
    const calendar = input.calendarFor(policy, input.owners);
    const clock = currentClock(policy, input.events, calendar, now);
    const pending = scheduledSlaActions(policy, clock, calendar).filter((action) => !fired.has(action.key));
    return { policy, clock, pending };
  });
}

/**
 * The one step to take now, if any: of each clock, the latest of its steps that have come due, standing
 * for the earlier ones (after downtime a packet gets its current step, not every reminder it missed); of
 * several clocks, the one due longest, the others at the next sweep. One step per packet per sweep.
 */
export function nextSlaStep(input: ScheduleInput, now: Date): SlaStep | null {
  let chosen: { step: SlaStep; dueSince: number } | null = null;
  for (const { policy, clock, pending } of ladders(input, now)) {
    const due = pending.filter((action) => isDue(action, clock, now));
    const latest = due.at(-1);
    const dueSince = Date.parse(due[0]?.at ?? '');
    if (!latest || (chosen !== null && dueSince >= chosen.dueSince)) continue;
    chosen = {
      step: {
        policyId: policy.id,
        cycleStart: clock.startedAt ?? latest.at,
        deadline: clock.deadline ?? latest.at,
        action: latest,
        side: policy.calendar,
        skipped: due.slice(0, -1).map((action) => action.key),
      },
      dueSince,
    };
  }
  return chosen?.step ?? null;
}

/**
 * When the next step of any clock comes due: the instant a sweep should look at the packet again, null
 * when no running clock has a step left. A sweep picks packets whose instant has passed (strictly), and
 * every step is due once its instant has passed, so a swept packet always has a step to take.
 */
export function nextSlaActionAt(input: ScheduleInput, now: Date): string | null {
  let next: number | null = null;
  for (const { pending } of ladders(input, now)) {
    const first = pending[0];
    if (first && (next === null || Date.parse(first.at) < next)) next = Date.parse(first.at);
  }
  return next === null ? null : new Date(next).toISOString();
}
