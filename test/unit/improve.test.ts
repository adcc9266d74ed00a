import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../lib/handoff/history';
import { improveSummaryOf, verdictOf } from '../../lib/handoff/improve';

const event = (
  seq: number,
  type: HistoryEvent['type'],
  data: Record<string, unknown> = {},
): HistoryEvent => ({
  packetId: '00000000-0000-4000-8000-000000000001',
  seq,
  type,
  at: `2026-03-0${seq}T10:00:00.000Z`,
  actorId: 'u1',
  data,
});

describe('improveSummaryOf', () => {
  it('takes what the first submission met, and the first return', () => {
    const summary = improveSummaryOf(
      [
        event(1, 'created'),
        event(2, 'submitted', { completeness: 0.8, criteriaMet: ['customer-name', 'champion'] }),
        event(3, 'returned', { reason: 'no goals' }),
        event(4, 'reopened'),
        event(5, 'submitted', { completeness: 1, criteriaMet: ['customer-name', 'champion', 'risks'] }),
        event(6, 'returned', { reason: 'again' }),
      ],
      [{ state: 'met' }, { state: 'not_started' }],
    );
    expect(summary).toEqual({
      submitCriteriaMet: ['customer-name', 'champion'],
      submitCompleteness: 0.8,
      returnedAt: '2026-03-03T10:00:00.000Z',
      slaOutcome: 'met',
    });
  });

  it('leaves the criteria unknown (null, not empty) for a submission that did not record them', () => {
    const summary = improveSummaryOf([event(1, 'submitted', { completeness: 0.9 })], [{ state: 'on_track' }]);
    expect(summary.submitCriteriaMet).toBeNull();
    expect(summary.submitCompleteness).toBe(0.9);
    expect(summary.slaOutcome).toBeNull();
  });

  it('calls a packet breached when any clock breached, and knows nothing before a submission', () => {
    expect(improveSummaryOf([], [{ state: 'met' }, { state: 'breached' }]).slaOutcome).toBe('breached');
    expect(improveSummaryOf([event(1, 'created')], [])).toEqual({
      submitCriteriaMet: null,
      submitCompleteness: null,
      returnedAt: null,
      slaOutcome: null,
    });
  });
});

describe('verdictOf', () => {
  const enough = { packets: 20 };
  it('needs 20 packets on each side', () => {
    expect(verdictOf({ packets: 19 }, enough, ['better', 'better', 'better'])).toBe('not_enough_data');
    expect(verdictOf(enough, enough, ['not_enough_data', 'not_enough_data', 'not_enough_data'])).toBe(
      'not_enough_data',
    );
  });
  it('pays off when something is better and nothing worse, costs the other way, else no clear difference', () => {
    expect(verdictOf(enough, enough, ['better', 'no_clear_difference', 'not_enough_data'])).toBe('pays_off');
    expect(verdictOf(enough, enough, ['worse', 'no_clear_difference', 'no_clear_difference'])).toBe('costs');
    expect(verdictOf(enough, enough, ['better', 'worse', 'no_clear_difference'])).toBe('no_clear_difference');
    expect(verdictOf(enough, enough, ['no_clear_difference', 'no_clear_difference', 'not_enough_data'])).toBe(
      'no_clear_difference',
    );
  });
});
