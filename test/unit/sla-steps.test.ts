import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../lib/handoff/calendar';
import type { EventType, HistoryEvent } from '../../lib/handoff/history';
import type { Owners } from '../../lib/handoff/packet';
import type { SlaPolicy } from '../../lib/handoff/playbook';
import { firedSlaKeys, nextSlaActionAt, nextSlaStep } from '../../lib/handoff/sla-steps';

const utc: Calendar = {
  id: 'utc',
  timeZone: 'UTC',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '09:00', end: '17:00' },
  holidays: [],
};

const policy = (id: string, start: EventType, hours: number): SlaPolicy => ({
  id,
  label: id,
  start,
  stop: ['closed'],
  pause: [],
  target: { amount: hours, unit: 'calendar_hours' },
  calendar: 'receiving',
  reminders: [0.5],
  escalation: [{ afterBreach: { amount: 2, unit: 'calendar_hours' }, action: 'notify_manager' }],
});

const owners: Owners = {
  givingUserId: 'rae',
  givingTeamId: 'sales',
  receivingUserId: null,
  receivingTeamId: 'cs',
};
let seq = 0;
const happened = (type: EventType, at: string, data: Record<string, unknown> = {}): HistoryEvent => ({
  packetId: '0190b6a0-0000-7000-8000-000000000001',
  seq: ++seq,
  type,
  at,
  actorId: 'x',
  data,
});
const input = (policies: SlaPolicy[], events: HistoryEvent[]) => ({
  policies,
  events,
  owners,
  calendarFor: () => utc,
});
const at = (iso: string) => new Date(iso);

describe('nextSlaStep', () => {
  const tenHours = policy('accept', 'submitted', 10);
  const submitted = happened('submitted', '2026-12-07T08:00:00.000Z');

  it('takes nothing before the first step and the first step once it has passed', () => {
    expect(nextSlaStep(input([tenHours], [submitted]), at('2026-12-07T12:59:59.999Z'))).toBeNull();
    expect(nextSlaStep(input([tenHours], [submitted]), at('2026-12-07T13:00:00.000Z'))).toMatchObject({
      policyId: 'accept',
      action: { kind: 'sla_threshold', fraction: 0.5 },
      side: 'receiving',
      skipped: [],
    });
  });

  it('after downtime takes the latest due step of a clock, standing for the earlier ones', () => {
    const step = nextSlaStep(input([tenHours], [submitted]), at('2026-12-08T08:00:00.000Z'));
    expect(step?.action).toMatchObject({ kind: 'escalated', action: 'notify_manager' });
    expect(step?.skipped).toEqual([
      'accept:2026-12-07T08:00:00.000Z:reminder:0.5',
      'accept:2026-12-07T08:00:00.000Z:breach',
    ]);
    expect(step?.deadline).toBe('2026-12-07T18:00:00.000Z');
  });

  it('takes one clock per sweep: the one due longest; the other next time', () => {
    const won = happened('closed_won', '2026-12-07T10:00:00.000Z');
    const kickoff = policy('kickoff', 'closed_won', 10);
    const events = [submitted, won];
    const first = nextSlaStep(input([kickoff, tenHours], events), at('2026-12-07T16:00:00.000Z'));
    expect(first?.policyId).toBe('accept');
    const recorded = happened('sla_threshold', '2026-12-07T16:00:00.000Z', {
      key: first?.action.key,
      skipped: [],
    });
    const second = nextSlaStep(
      input([kickoff, tenHours], [...events, recorded]),
      at('2026-12-07T16:00:00.000Z'),
    );
    expect(second?.policyId).toBe('kickoff');
  });
});

describe('nextSlaActionAt', () => {
  const tenHours = policy('accept', 'submitted', 10);
  const submitted = happened('submitted', '2026-12-07T08:00:00.000Z');

  it('is the next step not yet taken, and null once the ladder is done or the clock stopped', () => {
    expect(nextSlaActionAt(input([tenHours], [submitted]), at('2026-12-07T08:00:00.000Z'))).toBe(
      '2026-12-07T13:00:00.000Z',
    );
    const swept = happened('escalated', '2026-12-08T08:00:00.000Z', {
      key: 'accept:2026-12-07T08:00:00.000Z:escalation:0',
      skipped: ['accept:2026-12-07T08:00:00.000Z:reminder:0.5', 'accept:2026-12-07T08:00:00.000Z:breach'],
    });
    expect(firedSlaKeys([swept]).size).toBe(3);
    expect(nextSlaActionAt(input([tenHours], [submitted, swept]), at('2026-12-08T08:00:00.000Z'))).toBeNull();
    const closed = happened('closed', '2026-12-07T09:00:00.000Z');
    expect(
      nextSlaActionAt(input([tenHours], [submitted, closed]), at('2026-12-07T09:00:00.000Z')),
    ).toBeNull();
  });
});
