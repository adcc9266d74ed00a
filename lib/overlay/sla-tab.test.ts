import { describe, expect, it } from 'vitest';
import { slaTabLook } from './sla-tab';

const at = (iso: string) => Date.parse(iso);
const running = {
  slaState: 'on_track' as const,
  dueSoonAt: '2026-12-07T13:00:00.000Z',
  nextDeadline: '2026-12-08T17:00:00.000Z',
};

describe('slaTabLook', () => {
  it('shows nothing without a clock, or with one that has not started or was met', () => {
    expect(slaTabLook(null, at('2026-12-07T09:00:00Z'))).toEqual({
      label: null,
      colour: null,
      changesAt: null,
    });
    for (const slaState of ['not_started', 'met'] as const)
      expect(slaTabLook({ slaState, dueSoonAt: null, nextDeadline: null }, 0).label).toBeNull();
  });

  it('turns due soon and then breached as time passes, and says when it turns next', () => {
    expect(slaTabLook(running, at('2026-12-07T09:00:00Z'))).toEqual({
      label: 'On track',
      colour: '#2e7d32',
      changesAt: at(running.dueSoonAt),
    });
    expect(slaTabLook(running, at('2026-12-07T13:00:00Z'))).toMatchObject({
      label: 'Due soon',
      changesAt: at(running.nextDeadline),
    });
    expect(slaTabLook(running, at('2026-12-08T17:00:00Z'))).toMatchObject({
      label: 'Breached',
      colour: '#c62828',
      changesAt: null,
    });
  });

  it('keeps a stopped late clock breached, and a paused one paused', () => {
    expect(slaTabLook({ slaState: 'breached', dueSoonAt: null, nextDeadline: null }, 0).label).toBe(
      'Breached',
    );
    expect(slaTabLook({ slaState: 'paused', dueSoonAt: null, nextDeadline: null }, 0).label).toBe('Paused');
  });
});
