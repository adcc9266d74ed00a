import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../lib/handoff/calendar';
import type { EventType, HistoryEvent } from '../../lib/handoff/history';
import type { Owners } from '../../lib/handoff/packet';
import type { SlaPolicy } from '../../lib/handoff/playbook';
import {
  currentClock,
  dueSlaActions,
  packetSchedule,
  type SlaAction,
  type SlaClock,
  slaClocks,
} from '../../lib/handoff/sla-clock';

const HOUR = 3_600_000;

const berlin: Calendar = {
  id: 'berlin',
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '09:00', end: '17:00' },
  holidays: [],
};

/** Wall-clock time in Berlin in March 2026, before summer time: UTC+1. 16 March is a Monday. */
const cet = (local: string) => new Date(`${local.replace(' ', 'T')}:00+01:00`);
const iso = (local: string) => cet(local).toISOString();

/** Accept or return within one working day; an open conflict holds the clock. */
const acceptance: SlaPolicy = {
  id: 'accept',
  label: 'Accept or return within a business day',
  start: 'submitted',
  stop: ['accepted', 'returned'],
  pause: [{ on: 'conflict_opened', resume: 'conflict_resolved' }],
  target: { amount: 8, unit: 'business_hours' },
  calendar: 'receiving',
  reminders: [0.75, 0.5],
  escalation: [
    { afterBreach: { amount: 0, unit: 'business_hours' }, action: 'remind_owner' },
    { afterBreach: { amount: 1, unit: 'business_days' }, action: 'reassign', fallbackUserId: 'manager-1' },
  ],
};

let nextSeq = 1;
function history(...entries: [EventType, string][]): HistoryEvent[] {
  return entries.map(([type, local]) => ({
    packetId: '0190b6a0-0000-7000-8000-000000000001',
    seq: nextSeq++,
    type,
    at: `${local.replace(' ', 'T')}:00+01:00`,
    actorId: 'user-1',
    data: {},
  }));
}

const clockAt = (events: HistoryEvent[], local: string, policy = acceptance) =>
  currentClock(policy, events, berlin, cet(local));

describe('slaClocks', () => {
  it('has no cycle before the start event', () => {
    const events = history(['created', '2026-03-16 08:00']);
    expect(slaClocks(acceptance, events, berlin, cet('2026-03-16 10:00'))).toEqual([]);
    expect(clockAt(events, '2026-03-16 10:00')).toEqual({
      policyId: 'accept',
      state: 'not_started',
      startedAt: null,
      stoppedAt: null,
      deadline: null,
      targetMs: 8 * HOUR,
      elapsedMs: 0,
      remainingMs: 8 * HOUR,
      pausedSince: null,
      dueSoonAt: null,
    });
  });

  it('goes on track, due soon, then breached as working time passes', () => {
    const events = history(['created', '2026-03-16 08:00'], ['submitted', '2026-03-16 09:00']);
    expect(clockAt(events, '2026-03-16 10:00')).toEqual({
      policyId: 'accept',
      state: 'on_track',
      startedAt: iso('2026-03-16 09:00'),
      stoppedAt: null,
      deadline: iso('2026-03-16 17:00'),
      targetMs: 8 * HOUR,
      elapsedMs: HOUR,
      remainingMs: 7 * HOUR,
      pausedSince: null,
      // The smallest reminder, half the target, marks the clock due soon.
      dueSoonAt: iso('2026-03-16 13:00'),
    });
    expect(clockAt(events, '2026-03-16 13:00').state).toBe('due_soon');
    expect(clockAt(events, '2026-03-16 17:00')).toMatchObject({ state: 'due_soon', remainingMs: 0 });
    // Past the deadline in the evening no working time is counted, yet the deadline has passed.
    expect(clockAt(events, '2026-03-16 18:00')).toMatchObject({ state: 'breached', remainingMs: 0 });
    expect(clockAt(events, '2026-03-17 10:00')).toMatchObject({
      state: 'breached',
      elapsedMs: 9 * HOUR,
      remainingMs: -HOUR,
      deadline: iso('2026-03-16 17:00'),
    });
  });

  it('is due soon at three quarters of the target when the policy sets no reminders', () => {
    const events = history(['submitted', '2026-03-16 09:00']);
    const quiet = { ...acceptance, reminders: [] };
    expect(clockAt(events, '2026-03-16 14:59', quiet).state).toBe('on_track');
    expect(clockAt(events, '2026-03-16 15:00', quiet)).toMatchObject({
      state: 'due_soon',
      dueSoonAt: iso('2026-03-16 15:00'),
    });
  });

  it('is met when stopped in time, whenever it is read', () => {
    const events = history(['submitted', '2026-03-16 09:00'], ['accepted', '2026-03-16 15:00']);
    const expected = {
      state: 'met',
      stoppedAt: iso('2026-03-16 15:00'),
      deadline: iso('2026-03-16 17:00'),
      elapsedMs: 6 * HOUR,
      remainingMs: 2 * HOUR,
      pausedSince: null,
    };
    expect(clockAt(events, '2026-03-16 15:30')).toMatchObject(expected);
    expect(clockAt(events, '2026-04-30 12:00')).toMatchObject(expected);
  });

  it('is breached when stopped late, even in the evening after the deadline', () => {
    const nextMorning = history(['submitted', '2026-03-16 09:00'], ['accepted', '2026-03-17 11:00']);
    expect(clockAt(nextMorning, '2026-03-18 12:00')).toMatchObject({
      state: 'breached',
      elapsedMs: 10 * HOUR,
      remainingMs: -2 * HOUR,
    });
    const sameEvening = history(['submitted', '2026-03-16 09:00'], ['accepted', '2026-03-16 19:00']);
    expect(clockAt(sameEvening, '2026-03-16 20:00')).toMatchObject({ state: 'breached', remainingMs: 0 });
  });

  it('excludes paused time and cannot know the deadline while paused', () => {
    const events = history(
      ['submitted', '2026-03-16 09:00'],
      ['conflict_opened', '2026-03-16 11:00'],
      ['field_set', '2026-03-16 12:00'],
    );
    expect(clockAt(events, '2026-03-16 15:00')).toMatchObject({
      state: 'paused',
      pausedSince: iso('2026-03-16 11:00'),
      elapsedMs: 2 * HOUR,
      deadline: null,
      dueSoonAt: null,
    });

    const resumed = [...events, ...history(['conflict_resolved', '2026-03-17 11:00'])];
    expect(clockAt(resumed, '2026-03-17 12:00')).toMatchObject({
      state: 'on_track',
      pausedSince: null,
      elapsedMs: 3 * HOUR,
      deadline: iso('2026-03-17 17:00'),
      dueSoonAt: iso('2026-03-17 13:00'),
    });
  });

  it('stays breached while paused once the deadline passed', () => {
    const events = history(['submitted', '2026-03-16 09:00'], ['conflict_opened', '2026-03-17 11:00']);
    expect(clockAt(events, '2026-03-18 12:00')).toMatchObject({
      state: 'breached',
      pausedSince: iso('2026-03-17 11:00'),
      elapsedMs: 10 * HOUR,
      deadline: iso('2026-03-16 17:00'),
    });
  });

  it('starts a new cycle when a returned packet is submitted again', () => {
    const events = history(
      ['submitted', '2026-03-16 09:00'],
      ['returned', '2026-03-16 12:00'],
      ['submitted', '2026-03-18 09:00'],
      // A start event while a cycle runs does not restart it.
      ['submitted', '2026-03-18 09:30'],
    );
    const clocks = slaClocks(acceptance, events, berlin, cet('2026-03-18 10:00'));
    expect(clocks.map((clock) => [clock.state, clock.startedAt, clock.elapsedMs])).toEqual([
      ['met', iso('2026-03-16 09:00'), 3 * HOUR],
      ['on_track', iso('2026-03-18 09:00'), HOUR],
    ]);
    expect(clockAt(events, '2026-03-18 10:00')).toEqual(clocks[1]);
  });

  it('replays the history in sequence order, not array order', () => {
    const events = history(['submitted', '2026-03-16 09:00'], ['accepted', '2026-03-16 15:00']);
    expect(clockAt([...events].reverse(), '2026-03-16 16:00')).toEqual(clockAt(events, '2026-03-16 16:00'));
  });

  it('counts calendar units as elapsed time, nights and weekends included', () => {
    const twoDays: SlaPolicy = { ...acceptance, target: { amount: 2, unit: 'calendar_days' } };
    const events = history(['submitted', '2026-03-20 16:00']);
    expect(clockAt(events, '2026-03-21 04:00', twoDays)).toMatchObject({
      state: 'on_track',
      elapsedMs: 12 * HOUR,
      deadline: iso('2026-03-22 16:00'),
    });
  });
});

describe('dueSlaActions', () => {
  const events = history(['submitted', '2026-03-16 09:00']);
  const cycleKey = `accept:${iso('2026-03-16 09:00')}`;
  const due = (local: string, fired: ReadonlySet<string> = new Set()) =>
    dueSlaActions(acceptance, clockAt(events, local), cet(local), berlin, fired);

  it('fires nothing before the first reminder', () => {
    expect(due('2026-03-16 12:59')).toEqual([]);
  });

  it('fires the reminders, the breach and the escalations when their time comes', () => {
    expect(due('2026-03-16 13:00')).toEqual([
      { key: `${cycleKey}:reminder:0.5`, kind: 'sla_threshold', fraction: 0.5, at: iso('2026-03-16 13:00') },
    ]);
    expect(due('2026-03-17 10:00')).toEqual([
      { key: `${cycleKey}:reminder:0.5`, kind: 'sla_threshold', fraction: 0.5, at: iso('2026-03-16 13:00') },
      {
        key: `${cycleKey}:reminder:0.75`,
        kind: 'sla_threshold',
        fraction: 0.75,
        at: iso('2026-03-16 15:00'),
      },
      { key: `${cycleKey}:breach`, kind: 'sla_breached', at: iso('2026-03-16 17:00') },
      {
        key: `${cycleKey}:escalation:0`,
        kind: 'escalated',
        action: 'remind_owner',
        at: iso('2026-03-16 17:00'),
      },
    ]);
    // One working day after the breach.
    expect(due('2026-03-17 17:01').at(-1)).toEqual({
      key: `${cycleKey}:escalation:1`,
      kind: 'escalated',
      action: 'reassign',
      fallbackUserId: 'manager-1',
      at: iso('2026-03-17 17:00'),
    });
  });

  it('fires each action once when the scheduler records what it fired', () => {
    const fired = new Set<string>();
    const log: SlaAction[] = [];
    for (let hour = 8; hour <= 48; hour++) {
      const now = new Date(cet('2026-03-16 00:00').getTime() + hour * HOUR);
      const clock = currentClock(acceptance, events, berlin, now);
      for (const action of dueSlaActions(acceptance, clock, now, berlin, fired)) {
        fired.add(action.key);
        log.push(action);
      }
    }
    expect(log.map((action) => action.key.slice(cycleKey.length + 1))).toEqual([
      'reminder:0.5',
      'reminder:0.75',
      'breach',
      'escalation:0',
      'escalation:1',
    ]);
  });

  it('fires afresh for a new cycle', () => {
    const again = [
      ...events,
      ...history(['returned', '2026-03-17 10:00'], ['submitted', '2026-03-18 09:00']),
    ];
    const fired = new Set(due('2026-03-17 09:30').map((action) => action.key));
    const actions = dueSlaActions(
      acceptance,
      clockAt(again, '2026-03-18 14:00'),
      cet('2026-03-18 14:00'),
      berlin,
      fired,
    );
    expect(actions.map((action) => action.key)).toEqual([`accept:${iso('2026-03-18 09:00')}:reminder:0.5`]);
  });

  it('fires nothing for a stopped or paused clock', () => {
    const stopped = [...events, ...history(['accepted', '2026-03-17 10:00'])];
    const paused = [...events, ...history(['conflict_opened', '2026-03-16 16:00'])];
    for (const replayed of [stopped, paused]) {
      const clock = clockAt(replayed, '2026-03-18 12:00');
      expect(dueSlaActions(acceptance, clock, cet('2026-03-18 12:00'), berlin, new Set())).toEqual([]);
    }
  });

  it('schedules from the deadline, so a clock read earlier still fires on time', () => {
    const readEarlier: SlaClock = clockAt(events, '2026-03-16 10:00');
    expect(
      dueSlaActions(acceptance, readEarlier, cet('2026-03-16 17:30'), berlin, new Set()).map(
        (action) => action.kind,
      ),
    ).toEqual(['sla_threshold', 'sla_threshold', 'sla_breached', 'escalated']);
  });
});

describe('packetSchedule', () => {
  const kickoff: SlaPolicy = {
    ...acceptance,
    id: 'kickoff',
    label: 'Hold the kickoff within five business days',
    start: 'accepted',
    stop: ['kickoff_held'],
    pause: [],
    target: { amount: 5, unit: 'business_days' },
  };
  const firstValue: SlaPolicy = {
    ...acceptance,
    id: 'first-value',
    label: 'First value within 30 days of the kickoff',
    start: 'kickoff_held',
    stop: ['first_value_reached'],
    pause: [],
    target: { amount: 30, unit: 'calendar_days' },
    calendar: 'giving',
  };
  const owners: Owners = {
    givingUserId: 'rep-1',
    givingTeamId: 'sales',
    receivingUserId: 'csm-1',
    receivingTeamId: 'cs',
  };
  const schedule = (events: HistoryEvent[], local: string) =>
    packetSchedule({
      handoffPointPolicies: [acceptance, kickoff, firstValue],
      events,
      owners,
      calendarFor: () => berlin,
      now: cet(local),
    });

  it('summarises the clocks and the milestones of a packet', () => {
    const events = history(
      ['created', '2026-03-16 08:00'],
      ['submitted', '2026-03-16 09:00'],
      ['returned', '2026-03-16 10:00'],
      ['submitted', '2026-03-16 11:00'],
      ['accepted', '2026-03-16 15:00'],
    );
    const result = schedule(events, '2026-03-17 10:00');
    expect(result.clocks.map((clock) => [clock.policyId, clock.state])).toEqual([
      ['accept', 'met'],
      ['kickoff', 'on_track'],
      ['first-value', 'not_started'],
    ]);
    expect(result.nextDeadline).toBe(iso('2026-03-23 15:00'));
    expect(result.worstState).toBe('on_track');
    expect(result.milestones).toEqual({
      submittedAt: iso('2026-03-16 09:00'),
      acceptedAt: iso('2026-03-16 15:00'),
      kickoffAt: null,
      firstValueAt: null,
      closedAt: null,
    });
  });

  it('puts a late running clock first', () => {
    const events = history(['submitted', '2026-03-16 09:00']);
    expect(schedule(events, '2026-03-17 10:00')).toMatchObject({
      nextDeadline: iso('2026-03-16 17:00'),
      worstState: 'breached',
    });
  });

  it('leaves paused clocks out of the next deadline and ranks them above met ones', () => {
    const events = history(['submitted', '2026-03-16 09:00'], ['conflict_opened', '2026-03-16 10:00']);
    expect(schedule(events, '2026-03-16 12:00')).toMatchObject({ nextDeadline: null, worstState: 'paused' });
    expect(schedule([], '2026-03-16 12:00')).toMatchObject({ nextDeadline: null, worstState: 'not_started' });
  });

  it('lets the calendar depend on the owners and the policy', () => {
    const sydney: Calendar = { ...berlin, id: 'sydney', timeZone: 'Australia/Sydney' };
    const calendars: Record<string, Calendar> = { sales: sydney, cs: berlin };
    const events = history(['submitted', '2026-03-16 09:00']);
    const result = packetSchedule({
      handoffPointPolicies: [acceptance, { ...acceptance, id: 'giving-side', calendar: 'giving' }],
      events,
      owners,
      calendarFor: (policy, { givingTeamId, receivingTeamId }) =>
        calendars[(policy.calendar === 'giving' ? givingTeamId : receivingTeamId) ?? ''] ?? berlin,
      now: cet('2026-03-16 10:00'),
    });
    // 09:00 in Berlin is 19:00 in Sydney, after hours: its eight hours are worked the next day there.
    expect(result.clocks.map((clock) => clock.deadline)).toEqual([
      iso('2026-03-16 17:00'),
      new Date('2026-03-17T17:00:00+11:00').toISOString(),
    ]);
  });
});
