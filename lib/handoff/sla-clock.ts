import { addBusinessTime, businessTimeBetween, durationMs, subtractBusinessTime } from './business-time';
import type { Calendar } from './calendar';
import type { EventType, HistoryEvent } from './history';
import { type SlaSummaryValues, slaSeverity } from './live-sla-state';
import type { Owners } from './packet';
import type { EscalationStep, SlaPolicy } from './playbook';
import type { SlaState } from './sla-state';

/** Where one cycle of an SLA clock stands at `now`. Instants are ISO strings in UTC. */
export interface SlaClock {
  policyId: string;
  state: SlaState;
  /** Null only while the clock has not started. */
  startedAt: string | null;
  stoppedAt: string | null;
  /**
   * When the target is (or was) used up. Unknown, so null, while paused before reaching it, and for a clock
   * that stopped during such a pause; for one that stopped while running, when it would have been reached.
   */
  deadline: string | null;
  targetMs: number;
  /** Time counted so far, paused intervals excluded; working time when the target is in business units. */
  elapsedMs: number;
  /** Negative once late. */
  remainingMs: number;
  pausedSince: string | null;
  /** When the clock becomes (or became) due soon; null when that is unknown, like `deadline`. */
  dueSoonAt: string | null;
}

/** Something the scheduler should do for a running clock, and the history event it records. */
export type SlaAction =
  | { key: string; kind: 'sla_threshold'; fraction: number; at: string }
  | { key: string; kind: 'sla_breached'; at: string }
  | {
      key: string;
      kind: 'escalated';
      action: EscalationStep['action'];
      fallbackUserId?: string;
      at: string;
    };

export interface Milestones {
  submittedAt: string | null;
  acceptedAt: string | null;
  kickoffAt: string | null;
  firstValueAt: string | null;
  closedAt: string | null;
}

/** What the API keeps on the packet row, so that team lists are indexed queries. */
export interface PacketSchedule {
  /** The current clock of each policy, in the order of the policies. */
  clocks: SlaClock[];
  /** The earliest deadline of a running clock, which is in the past when one is late. */
  nextDeadline: string | null;
  worstState: SlaState;
  milestones: Milestones;
}

/** Due soon from this fraction of the target when a policy sets no reminders. */
const DEFAULT_DUE_SOON_FRACTION = 0.75;

/** Measures and moves instants in the unit of a duration: working time or plain elapsed time. */
interface Clockwork {
  between(from: number, to: number): number;
  add(from: number, ms: number): number;
  subtract(to: number, ms: number): number;
}

function clockwork(business: boolean, calendar: Calendar): Clockwork {
  if (!business) {
    return {
      between: (from, to) => Math.max(to - from, 0),
      add: (from, ms) => from + ms,
      subtract: (to, ms) => to - ms,
    };
  }
  return {
    between: (from, to) => businessTimeBetween(new Date(from), new Date(to), calendar),
    add: (from, ms) => addBusinessTime(new Date(from), ms, calendar).getTime(),
    subtract: (to, ms) => subtractBusinessTime(new Date(to), ms, calendar).getTime(),
  };
}

interface Interval {
  from: number;
  to: number;
}

/** One run of a clock from a start event, as the history tells it. */
interface Cycle {
  startedAt: number;
  /** Intervals the clock ran and that have ended. */
  ran: Interval[];
  runningSince: number | null;
  /** The pause in force; it stays recorded when the clock stops during it. */
  pause: { index: number; since: number } | null;
  stoppedAt: number | null;
}

function cyclesOf(policy: SlaPolicy, events: readonly HistoryEvent[]): Cycle[] {
  const cycles: Cycle[] = [];
  let cycle: Cycle | undefined;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const at = Date.parse(event.at);
    if (cycle === undefined || cycle.stoppedAt !== null) {
      if (event.type === policy.start) {
        cycle = { startedAt: at, ran: [], runningSince: at, pause: null, stoppedAt: null };
        cycles.push(cycle);
      }
      continue;
    }
    const stops = policy.stop.includes(event.type);
    const pauseIndex = cycle.pause === null ? policy.pause.findIndex((pause) => pause.on === event.type) : -1;
    if ((stops || pauseIndex >= 0) && cycle.runningSince !== null) {
      cycle.ran.push({ from: cycle.runningSince, to: at });
      cycle.runningSince = null;
    }
    if (stops) {
      cycle.stoppedAt = at;
    } else if (pauseIndex >= 0) {
      cycle.pause = { index: pauseIndex, since: at };
    } else if (cycle.pause !== null && policy.pause[cycle.pause.index]?.resume === event.type) {
      cycle.pause = null;
      cycle.runningSince = at;
    }
  }
  return cycles;
}

/** The elapsed time at which a clock is due soon: the first reminder, rounded up to a whole ms. */
function dueSoonMs(policy: SlaPolicy, targetMs: number): number {
  const fraction = policy.reminders.length > 0 ? Math.min(...policy.reminders) : DEFAULT_DUE_SOON_FRACTION;
  return Math.ceil(fraction * targetMs);
}

function iso(instant: number): string {
  return new Date(instant).toISOString();
}

function isoOrNull(instant: number | null): string | null {
  return instant === null ? null : iso(instant);
}

function clockOf(policy: SlaPolicy, cycle: Cycle, calendar: Calendar, now: number): SlaClock {
  const target = durationMs(policy.target, calendar);
  const work = clockwork(target.business, calendar);
  // A history slightly ahead of the server's `now` counts nothing yet rather than negative time.
  const readAt = Math.max(now, cycle.runningSince ?? now);
  const ran =
    cycle.runningSince === null ? cycle.ran : [...cycle.ran, { from: cycle.runningSince, to: readAt }];
  const countedUntil = cycle.stoppedAt ?? cycle.pause?.since ?? readAt;
  const elapsedMs = ran.reduce((sum, interval) => sum + work.between(interval.from, interval.to), 0);

  const reachedAt = (amount: number): number | null => {
    let counted = 0;
    for (const interval of ran) {
      const span = work.between(interval.from, interval.to);
      if (counted + span >= amount) return work.add(interval.from, amount - counted);
      counted += span;
    }
    return cycle.pause === null ? work.add(countedUntil, amount - counted) : null;
  };
  const deadline = reachedAt(target.ms);
  const dueSoonThreshold = dueSoonMs(policy, target.ms);
  // Late when the deadline passed before the clock stopped, paused or was read; a deadline at the close of a
  // working day has passed by the evening even though no working time was counted since.
  const late = elapsedMs >= target.ms && deadline !== null && deadline < countedUntil;

  let state: SlaState;
  if (late) state = 'breached';
  else if (cycle.stoppedAt !== null) state = 'met';
  else if (cycle.pause !== null) state = 'paused';
  else state = elapsedMs >= dueSoonThreshold ? 'due_soon' : 'on_track';

  return {
    policyId: policy.id,
    state,
    startedAt: iso(cycle.startedAt),
    stoppedAt: isoOrNull(cycle.stoppedAt),
    deadline: isoOrNull(deadline),
    targetMs: target.ms,
    elapsedMs,
    remainingMs: target.ms - elapsedMs,
    pausedSince: cycle.stoppedAt === null ? isoOrNull(cycle.pause?.since ?? null) : null,
    dueSoonAt: isoOrNull(reachedAt(dueSoonThreshold)),
  };
}

/**
 * Replays the history (in `seq` order) into the cycles of one SLA clock, oldest first: a cycle starts at the
 * policy's start event, pauses and resumes on its pause pairs, and stops at its first stop event; a later start
 * event begins a new cycle. Time is read from `now`, the server's, never from the machine.
 */
export function slaClocks(
  policy: SlaPolicy,
  events: readonly HistoryEvent[],
  calendar: Calendar,
  now: Date,
): SlaClock[] {
  return cyclesOf(policy, events).map((cycle) => clockOf(policy, cycle, calendar, now.getTime()));
}

/** The latest cycle of a clock, or a clock that has not started. */
export function currentClock(
  policy: SlaPolicy,
  events: readonly HistoryEvent[],
  calendar: Calendar,
  now: Date,
): SlaClock {
  const cycle = cyclesOf(policy, events).at(-1);
  if (cycle) return clockOf(policy, cycle, calendar, now.getTime());
  const targetMs = durationMs(policy.target, calendar).ms;
  return {
    policyId: policy.id,
    state: 'not_started',
    startedAt: null,
    stoppedAt: null,
    deadline: null,
    targetMs,
    elapsedMs: 0,
    remainingMs: targetMs,
    pausedSince: null,
    dueSoonAt: null,
  };
}

/**
 * Every reminder, the breach and every escalation of a running clock's current cycle, with the instant
 * each comes due, in time order. Keys name the policy and the cycle's start, so a new cycle fires afresh.
 * Times derive from the deadline alone, so a clock read earlier still schedules right. Nothing is
 * scheduled for a clock that is paused, stopped or not started: its next event reschedules it.
 */
export function scheduledSlaActions(policy: SlaPolicy, clock: SlaClock, calendar: Calendar): SlaAction[] {
  const running = clock.stoppedAt === null && clock.pausedSince === null;
  if (clock.startedAt === null || clock.deadline === null || !running) return [];
  const deadline = Date.parse(clock.deadline);
  const cycleKey = slaCycleKey(policy.id, clock.startedAt);
  const targetWork = clockwork(durationMs(policy.target, calendar).business, calendar);

  const scheduled: { at: number; action: SlaAction }[] = [];
  for (const fraction of new Set(policy.reminders)) {
    const at = targetWork.subtract(deadline, clock.targetMs - Math.ceil(fraction * clock.targetMs));
    scheduled.push({
      at,
      action: { key: `${cycleKey}:reminder:${fraction}`, kind: 'sla_threshold', fraction, at: iso(at) },
    });
  }
  scheduled.push({
    at: deadline,
    action: { key: `${cycleKey}:breach`, kind: 'sla_breached', at: iso(deadline) },
  });
  policy.escalation.forEach((step, index) => {
    const delay = durationMs(step.afterBreach, calendar);
    const at = clockwork(delay.business, calendar).add(deadline, delay.ms);
    scheduled.push({
      at,
      action: {
        key: `${cycleKey}:escalation:${index}`,
        kind: 'escalated',
        action: step.action,
        ...(step.fallbackUserId === undefined ? {} : { fallbackUserId: step.fallbackUserId }),
        at: iso(at),
      },
    });
  });
  // Stable: at one instant the breach comes before its escalations, in ladder order.
  return scheduled.sort((a, b) => a.at - b.at).map(({ action }) => action);
}

/** The key prefix of one cycle of one policy's clock: its steps are unique per packet under it. */
export function slaCycleKey(policyId: string, startedAt: string): string {
  return `${policyId}:${startedAt}`;
}

/**
 * Whether a scheduled action has come due at `now`: a reminder at its instant, the breach and escalations
 * only once the deadline has passed (a clock at its deadline to the millisecond is not late yet).
 */
export function isDue(action: SlaAction, clock: SlaClock, now: Date): boolean {
  const at = Date.parse(action.at);
  if (at > now.getTime()) return false;
  return (
    action.kind === 'sla_threshold' || (clock.deadline !== null && now.getTime() > Date.parse(clock.deadline))
  );
}

/**
 * The reminders, breach and escalations of a running clock whose time has come and that have not fired
 * yet, in time order. Record their keys with the events and pass them back in `alreadyFired`. A reminder
 * reached before a pause is dated as if the clock had not paused; it is due either way.
 */
export function dueSlaActions(
  policy: SlaPolicy,
  clock: SlaClock,
  now: Date,
  calendar: Calendar,
  alreadyFired: ReadonlySet<string>,
): SlaAction[] {
  return scheduledSlaActions(policy, clock, calendar).filter(
    (action) => !alreadyFired.has(action.key) && isDue(action, clock, now),
  );
}

/** What a schedule comes to on the packet's row (and in pull): its worst state and the two instants. */
export function slaSummaryOf(schedule: PacketSchedule): SlaSummaryValues {
  const running = schedule.clocks.filter((clock) => clock.stoppedAt === null && clock.pausedSince === null);
  const dueSoon = running
    .map((clock) => clock.dueSoonAt)
    .filter((instant): instant is string => instant !== null)
    .sort();
  return {
    slaState: schedule.worstState,
    dueSoonAt: dueSoon[0] ?? null,
    nextDeadline: schedule.nextDeadline,
  };
}

/**
 * The SLA summary of one packet. `calendarFor` picks the calendar of each policy, usually the receiving or
 * giving team's as `policy.calendar` says, which is why it also gets the owners.
 */
export function packetSchedule(input: {
  handoffPointPolicies: SlaPolicy[];
  events: readonly HistoryEvent[];
  owners: Owners;
  calendarFor: (policy: SlaPolicy, owners: Owners) => Calendar;
  now: Date;
}): PacketSchedule {
  const { handoffPointPolicies, events, owners, calendarFor, now } = input;
  const clocks = handoffPointPolicies.map((policy) =>
    currentClock(policy, events, calendarFor(policy, owners), now),
  );
  const runningDeadlines = clocks.flatMap((clock) =>
    clock.stoppedAt === null && clock.pausedSince === null && clock.deadline !== null
      ? [Date.parse(clock.deadline)]
      : [],
  );
  const worstState = clocks.reduce<SlaState>(
    (worst, clock) => (slaSeverity.indexOf(clock.state) > slaSeverity.indexOf(worst) ? clock.state : worst),
    'not_started',
  );
  const inOrder = [...events].sort((a, b) => a.seq - b.seq);
  const firstAt = (type: EventType) => {
    const event = inOrder.find((candidate) => candidate.type === type);
    return event ? new Date(event.at).toISOString() : null;
  };
  return {
    clocks,
    nextDeadline: runningDeadlines.length > 0 ? iso(Math.min(...runningDeadlines)) : null,
    worstState,
    milestones: {
      submittedAt: firstAt('submitted'),
      acceptedAt: firstAt('accepted'),
      kickoffAt: firstAt('kickoff_held'),
      firstValueAt: firstAt('first_value_reached'),
      closedAt: firstAt('closed'),
    },
  };
}
