import { sharedDatabase } from '@/lib/db/database';
import { createSyncEngine, type SyncEngine } from '@/lib/device-sync/engine';
import { createSyncScheduler, type SyncReason, type SyncScheduler } from '@/lib/device-sync/scheduler';
import { readSyncStatus } from '@/lib/device-sync/sync-status';
import { type RecordKey, recordKeyString } from '@/lib/handoff/record';

export const syncAlarmName = 'baton-sync';
/** One sync job at a time across the extension, whichever worker or page starts it. */
export const syncLockName = 'baton-sync';
/** A record's packets are fetched again at most this often while panels keep opening on it. */
const recordFetchThrottleMs = 30_000;

/**
 * The background half of sync: when to run the engine (after an edit, on an alarm, back online, a panel
 * opening) and one run at a time. The engine keeps all its state in the database, so a worker stopped at
 * any moment loses nothing: the next one finds the outbox, the cursor and the backoff where they were.
 */
/** What the rest of the background asks of sync. */
export interface SyncControl {
  request(reason: SyncReason): void;
  /** Runs a job while no sync runs, and no sync while it runs. */
  exclusive<T>(job: () => Promise<T>): Promise<T>;
  /** Fetches the packets of a record a panel opened, at most every 30 s per record. */
  openRecord(record: RecordKey): void;
  search(query: string): Promise<void>;
}

/**
 * The background half of sync: when to run the engine (after an edit, on an alarm, back online, a panel
 * opening) and one run at a time. The engine keeps all its state in the database, so a worker stopped at
 * any moment loses nothing: the next one finds the outbox, the cursor and the backoff where they were.
 */
export function startSync(
  panelsOpen: () => boolean,
  engine: SyncEngine = defaultEngine(),
  afterSync: () => Promise<unknown> = async () => {},
): SyncControl {
  const exclusive = <T>(job: () => Promise<T>): Promise<T> =>
    navigator.locks.request(syncLockName, job) as Promise<T>;
  // The badge, notifications and tabs read what the sync stored; outside the lock, so they hold up no sync.
  const tellWhatChanged = () =>
    afterSync().catch((error: unknown) => console.warn('Baton: could not show what the sync brought', error));
  const scheduler: Promise<SyncScheduler> = readSyncStatus(sharedDatabase()).then((status) =>
    createSyncScheduler({
      sync: async () => {
        const outcome = await exclusive(() => engine.syncOnce());
        await tellWhatChanged();
        return outcome;
      },
      panelsOpen,
      retryAt: status.retryAt === null ? null : Date.parse(status.retryAt),
    }),
  );
  const request = (reason: SyncReason) => void scheduler.then((ready) => ready.request(reason));
  const fetchedAt = new Map<string, number>();

  void browser.alarms.get(syncAlarmName).then((existing) => {
    // Chrome runs alarms at most every 30 s; once a minute is the floor under everything else.
    if (!existing) void browser.alarms.create(syncAlarmName, { periodInMinutes: 1 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === syncAlarmName) request('alarm');
  });
  // The HTML standard fires `online` at worker globals; panels forward theirs where a browser does not.
  globalThis.addEventListener('online', () => request('online'));
  // A worker starts after a restart or after being stopped mid-sync: finish what the last one left.
  request('startup');

  return {
    request,
    exclusive,
    openRecord(record) {
      const key = recordKeyString(record);
      if (Date.now() - (fetchedAt.get(key) ?? Number.NEGATIVE_INFINITY) < recordFetchThrottleMs) return;
      fetchedAt.set(key, Date.now());
      exclusive(() => engine.openRecord(record)).then(tellWhatChanged, (error: unknown) => {
        fetchedAt.delete(key);
        console.warn("Baton: could not fetch the record's packets", error);
      });
    },
    search: (query) => exclusive(() => engine.search(query)),
  };
}

function defaultEngine(): SyncEngine {
  return createSyncEngine({ db: sharedDatabase(), transport: (url, init) => fetch(url, init) });
}
