import type { SyncOutcome } from './engine';

/** Why a sync is wanted; each reason has its own urgency. */
export type SyncReason = 'edit' | 'panel-open' | 'alarm' | 'startup' | 'online' | 'signed-in' | 'retry';

export interface SchedulerDeps {
  /** Runs one sync; the caller makes it one at a time across the extension. */
  sync: () => Promise<SyncOutcome>;
  /** Whether a panel is open: then teammates' changes are pulled every few hundred milliseconds. */
  panelsOpen: () => boolean;
  /** No automatic sync before this instant (ms): the backoff a previous worker recorded. */
  retryAt?: number | null;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimer?: (timer: ReturnType<typeof setTimeout>) => void;
}

export interface SyncScheduler {
  request(reason: SyncReason): void;
}

/**
 * Typing is already one mutation per field per pause (the panel's coalescer); this only gathers what one
 * action writes in quick succession (the fields a blur flushes), so an edit reaches teammates in well
 * under a second (goal: p50 ≤ 300 ms, measured by bench/sync-round-trip.ts).
 */
export const editSettleMs = 50;
/** Panels opening (a person going from record to record) sync at most this often; then polling takes over. */
export const panelOpenThrottleMs = 1_000;
/** While something happened this recently, an open panel polls fast; then slowly. */
export const activeWindowMs = 2 * 60_000;
export const activePollMs = 300;
export const quietPollMs = 10_000;
/**
 * While the API cannot be reached and a panel is open, how often to try it: a failed connection costs
 * nothing, and the person sees "Offline" go as soon as it answers instead of after a long backoff.
 */
export const offlineRetryMs = 3_000;

/**
 * When to sync. One timer holds the earliest sync wanted; a request while a sync runs makes another run
 * right after it, never two at once. Failures wait for the backoff the engine recorded, except when the
 * person acts to reconnect (the browser comes back online, they sign in or ask to retry), and an unreachable
 * API is tried every few seconds while a panel is open.
 */
export function createSyncScheduler(deps: SchedulerDeps): SyncScheduler {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? clearTimeout;
  let retryAt = deps.retryAt ?? null;
  let timer: { at: number; handle: ReturnType<typeof setTimeout> } | null = null;
  let running = false;
  let again = false;
  let lastStarted = Number.NEGATIVE_INFINITY;
  let lastActivity = Number.NEGATIVE_INFINITY;

  function at(when: number): void {
    const due = Math.max(when, retryAt ?? when);
    if (timer && timer.at <= due) return;
    if (timer) clearTimer(timer.handle);
    timer = { at: due, handle: setTimer(fire, Math.max(0, due - now())) };
  }

  function fire(): void {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    void run();
  }

  async function run(): Promise<void> {
    running = true;
    let outcome: SyncOutcome;
    do {
      again = false;
      lastStarted = now();
      try {
        outcome = await deps.sync();
      } catch (error) {
        // The engine records the API's failures itself: this is the lock or a bug. Wait, then try again.
        console.warn('Baton: sync failed', error);
        outcome = { ok: false, kind: 'local', retryAt: new Date(now() + quietPollMs) };
      }
      retryAt = outcome.ok ? null : outcome.retryAt.getTime();
      if (!outcome.ok && outcome.kind === 'offline' && deps.panelsOpen())
        retryAt = Math.min(retryAt ?? now(), now() + offlineRetryMs);
      if (outcome.ok && outcome.changed) lastActivity = now();
      // Asked for while this one ran (the timer respected the backoff when it was set): go again at once.
    } while (again);
    running = false;
    if (!outcome.ok) at(retryAt ?? now());
    else if (deps.panelsOpen())
      at(now() + (now() - lastActivity < activeWindowMs ? activePollMs : quietPollMs));
  }

  return {
    request(reason) {
      switch (reason) {
        case 'edit':
          lastActivity = now();
          at(now() + editSettleMs);
          return;
        case 'panel-open':
          lastActivity = now();
          at(Math.max(now(), lastStarted + panelOpenThrottleMs));
          return;
        case 'alarm':
        case 'startup':
          at(now());
          return;
        case 'online':
        case 'signed-in':
        case 'retry':
          retryAt = null;
          if (timer) clearTimer(timer.handle);
          timer = null;
          at(now());
          return;
      }
    },
  };
}
