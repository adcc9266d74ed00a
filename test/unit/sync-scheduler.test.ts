import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncOutcome } from '../../lib/device-sync/engine';
import {
  activePollMs,
  activeWindowMs,
  createSyncScheduler,
  editSettleMs,
  offlineRetryMs,
  panelOpenThrottleMs,
  quietPollMs,
} from '../../lib/device-sync/scheduler';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-25T09:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

/** A sync that takes `ms` and answers what the test says; counts runs and how many overlapped. */
function fakeSync(ms = 50) {
  const state = { runs: 0, running: 0, overlapped: 0, next: { ok: true, changed: false } as SyncOutcome };
  const sync = vi.fn(async () => {
    state.runs += 1;
    state.running += 1;
    if (state.running > 1) state.overlapped += 1;
    await new Promise((resolve) => setTimeout(resolve, ms));
    state.running -= 1;
    return state.next;
  });
  return { state, sync };
}

describe('the sync scheduler', () => {
  it('syncs shortly after an edit, gathering a burst of edits into one sync', async () => {
    const { state, sync } = fakeSync();
    const scheduler = createSyncScheduler({ sync, panelsOpen: () => false });
    scheduler.request('edit');
    await vi.advanceTimersByTimeAsync(editSettleMs / 2);
    scheduler.request('edit');
    expect(state.runs).toBe(0);
    await vi.advanceTimersByTimeAsync(editSettleMs);
    expect(state.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.runs).toBe(1);
  });

  it('never runs two syncs at once, and runs once more for an edit made during one', async () => {
    const { state, sync } = fakeSync(1_000);
    const scheduler = createSyncScheduler({ sync, panelsOpen: () => false });
    scheduler.request('alarm');
    await vi.advanceTimersByTimeAsync(10);
    scheduler.request('edit');
    scheduler.request('alarm');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.runs).toBe(2);
    expect(state.overlapped).toBe(0);
  });

  it('throttles panels opening', async () => {
    const { state, sync } = fakeSync();
    const scheduler = createSyncScheduler({ sync, panelsOpen: () => false });
    scheduler.request('panel-open');
    await vi.advanceTimersByTimeAsync(100);
    scheduler.request('panel-open');
    await vi.advanceTimersByTimeAsync(100);
    expect(state.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(panelOpenThrottleMs);
    expect(state.runs).toBe(2);
  });

  it('polls fast while a panel is open and something happened lately, then slowly, and not at all without panels', async () => {
    const { state, sync } = fakeSync(0);
    let panels = true;
    const scheduler = createSyncScheduler({ sync, panelsOpen: () => panels });
    scheduler.request('edit');
    await vi.advanceTimersByTimeAsync(editSettleMs + 10 * activePollMs);
    expect(state.runs).toBeGreaterThanOrEqual(10);
    await vi.advanceTimersByTimeAsync(activeWindowMs);
    const quietFrom = state.runs;
    await vi.advanceTimersByTimeAsync(quietPollMs * 3);
    expect(state.runs - quietFrom).toBeLessThanOrEqual(4);
    panels = false;
    await vi.advanceTimersByTimeAsync(quietPollMs);
    const closedAt = state.runs;
    await vi.advanceTimersByTimeAsync(quietPollMs * 10);
    expect(state.runs).toBe(closedAt);
  });

  it('waits for the backoff after a failure, even for edits and alarms, until the browser is back online', async () => {
    const { state, sync } = fakeSync(0);
    const scheduler = createSyncScheduler({ sync, panelsOpen: () => false });
    state.next = { ok: false, kind: 'offline', retryAt: new Date(Date.now() + 60_000) };
    scheduler.request('alarm');
    await vi.advanceTimersByTimeAsync(10);
    expect(state.runs).toBe(1);
    scheduler.request('edit');
    scheduler.request('alarm');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(state.runs).toBe(1);
    state.next = { ok: true, changed: false };
    scheduler.request('online');
    await vi.advanceTimersByTimeAsync(10);
    expect(state.runs).toBe(2);
  });

  it('tries an unreachable API every few seconds while a panel is open, and at once when asked', async () => {
    const { state, sync } = fakeSync(0);
    let panels = true;
    const scheduler = createSyncScheduler({ sync, panelsOpen: () => panels });
    // Six failures in a row: the backoff alone would wait about a minute.
    state.next = { ok: false, kind: 'offline', retryAt: new Date(Date.now() + 60_000) };
    scheduler.request('alarm');
    await vi.advanceTimersByTimeAsync(10);
    expect(state.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(offlineRetryMs);
    expect(state.runs).toBe(2);

    state.next = { ok: true, changed: true };
    await vi.advanceTimersByTimeAsync(offlineRetryMs);
    expect(state.runs).toBe(3);

    // Without a panel, an unreachable API waits out the backoff; the person asking retries at once.
    panels = false;
    state.next = { ok: false, kind: 'offline', retryAt: new Date(Date.now() + 60_000) };
    scheduler.request('alarm');
    await vi.advanceTimersByTimeAsync(10);
    const runs = state.runs;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(state.runs).toBe(runs);
    scheduler.request('retry');
    await vi.advanceTimersByTimeAsync(10);
    expect(state.runs).toBe(runs + 1);
  });

  it('retries by itself when the backoff ends', async () => {
    const { state, sync } = fakeSync(0);
    const scheduler = createSyncScheduler({ sync, panelsOpen: () => false });
    state.next = { ok: false, kind: 'server', retryAt: new Date(Date.now() + 4_000) };
    scheduler.request('startup');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(state.runs).toBe(1);
    state.next = { ok: true, changed: true };
    await vi.advanceTimersByTimeAsync(1_100);
    expect(state.runs).toBe(2);
  });

  it('respects the backoff a stopped worker recorded, and recovers from a sync that throws', async () => {
    const failing = vi.fn(async (): Promise<SyncOutcome> => {
      throw new Error('the lock manager went away');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const scheduler = createSyncScheduler({
      sync: failing,
      panelsOpen: () => false,
      retryAt: Date.now() + 20_000,
    });
    scheduler.request('startup');
    await vi.advanceTimersByTimeAsync(19_000);
    expect(failing).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(failing).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(quietPollMs + 100);
    expect(failing).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalled();
  });
});
