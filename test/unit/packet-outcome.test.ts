import { describe, expect, it } from 'vitest';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { HistoryEvent } from '../../lib/handoff/history';
import { packetOutcome } from '../../lib/handoff/packet-outcome';

const packetId = '00000000-0000-4000-8000-000000000001';
const hour = 3_600_000;
const calendar = defaultPlaybook.calendars[0];
if (!calendar) throw new Error('the default playbook has a calendar');
const policies = defaultPlaybook.handoffPoints.sales_to_cs.slas;

function history(...steps: Array<[HistoryEvent['type'], string, Record<string, unknown>?]>): HistoryEvent[] {
  return steps.map(([type, at, data = {}], index) => ({
    packetId,
    seq: index + 1,
    type,
    at,
    actorId: 'u',
    data,
  }));
}

const outcomeOf = (events: HistoryEvent[], now = '2026-03-31T00:00:00Z') =>
  packetOutcome({
    events,
    policies,
    calendarFor: () => calendar,
    businessCalendar: calendar,
    now: new Date(now),
  });

describe('packetOutcome', () => {
  it('measures from the first submission to the first kickoff and first value, in elapsed and working time', () => {
    // Friday 16:00 → Monday 10:00: 66 hours elapsed, 2 working hours (Friday 16–17, Monday 9–10).
    const outcome = outcomeOf(
      history(
        ['created', '2026-03-06T09:00:00Z'],
        ['submitted', '2026-03-06T16:00:00Z', { completeness: 0.8 }],
        ['returned', '2026-03-06T16:30:00Z'],
        ['submitted', '2026-03-06T16:45:00Z', { completeness: 1 }],
        ['accepted', '2026-03-09T09:30:00Z'],
        ['kickoff_held', '2026-03-09T10:00:00Z'],
        ['kickoff_held', '2026-03-10T10:00:00Z'],
        ['first_value_reached', '2026-03-13T16:00:00Z'],
      ),
    );

    expect(outcome).toMatchObject({
      createdAt: '2026-03-06T09:00:00Z',
      submittedAt: '2026-03-06T16:00:00Z',
      furthestStage: 4,
      kickoffMs: 66 * hour,
      kickoffBusinessMs: 2 * hour,
      firstValueMs: 7 * 24 * hour,
      firstValueBusinessMs: 40 * hour,
      completenessAtSubmit: 0.8,
      everAccepted: true,
      everReturned: true,
      editedAfterAcceptance: false,
      reachedFirstValue: true,
    });
    // Acceptance: the latest cycle (resubmitted 16:45 Friday, accepted 09:30 Monday) took 1 working hour.
    expect(outcome.slaClocks).toEqual([
      { policyId: 'acceptance', state: 'met', stopped: true, deadline: '2026-03-10T16:45:00.000Z' },
      { policyId: 'kickoff', state: 'met', stopped: true, deadline: expect.any(String) },
      { policyId: 'first-value', state: 'met', stopped: true, deadline: '2026-04-08T10:00:00.000Z' },
    ]);
  });

  it('keeps a running clock with its deadline, leaves out clocks never started and unusable scores', () => {
    const outcome = outcomeOf(
      history(
        ['created', '2026-03-02T09:00:00Z'],
        ['submitted', '2026-03-02T10:00:00Z', { completeness: 'high' }],
        ['accepted', '2026-03-02T11:00:00Z'],
        ['field_set', '2026-03-02T12:00:00Z'],
      ),
      '2026-03-03T09:00:00Z',
    );

    expect(outcome).toMatchObject({
      furthestStage: 2,
      kickoffMs: null,
      kickoffBusinessMs: null,
      completenessAtSubmit: null,
      editedAfterAcceptance: true,
      reachedFirstValue: false,
    });
    expect(outcome.slaClocks).toEqual([
      { policyId: 'acceptance', state: 'met', stopped: true, deadline: expect.any(String) },
      // 5 business days of 8 hours from Monday 11:00: the next Monday 11:00.
      { policyId: 'kickoff', state: 'on_track', stopped: false, deadline: '2026-03-09T11:00:00.000Z' },
    ]);
  });

  it('summarises a draft as stage 0 with no submission', () => {
    expect(outcomeOf(history(['created', '2026-03-02T09:00:00Z']))).toMatchObject({
      submittedAt: null,
      furthestStage: 0,
      everAccepted: false,
      slaClocks: [],
    });
  });
});
