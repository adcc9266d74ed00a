import type { BatonDatabase } from '../db/database';
import { idleSyncStatus, readSetting, type SyncStatus, writeSetting } from '../db/settings';
import { ApiRequestError } from './api-client';

const firstRetryMs = 2_000;
const longestRetryMs = 5 * 60_000;

/**
 * How long to wait after `failures` failures in a row: doubling up to five minutes, with "equal jitter"
 * (half the delay fixed, half random) so that clients cut off together do not come back together.
 */
export function backoffMs(failures: number, random: () => number): number {
  const ceiling = Math.min(longestRetryMs, firstRetryMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

export async function readSyncStatus(db: BatonDatabase): Promise<SyncStatus> {
  return (await readSetting(db, 'syncStatus')) ?? idleSyncStatus;
}

/** Writes the status only when it changed, so open panels re-render for news only. */
async function updateSyncStatus(db: BatonDatabase, next: SyncStatus): Promise<void> {
  const current = await readSyncStatus(db);
  if (JSON.stringify(current) !== JSON.stringify(next)) await writeSetting(db, 'syncStatus', next);
}

export async function markSyncing(db: BatonDatabase): Promise<void> {
  await updateSyncStatus(db, { ...(await readSyncStatus(db)), state: 'syncing' });
}

export async function markSynced(db: BatonDatabase, now: Date, changed: boolean): Promise<void> {
  const current = await readSyncStatus(db);
  // A quiet poll that found nothing new keeps the last time something synced.
  const syncedAt = changed || current.syncedAt === null ? now.toISOString() : current.syncedAt;
  await updateSyncStatus(db, { ...idleSyncStatus, syncedAt });
}

/** Records a failed sync and when to try again; returns that instant. */
export async function markFailed(
  db: BatonDatabase,
  error: unknown,
  apiUrl: string,
  now: Date,
  random: () => number,
): Promise<Date> {
  const current = await readSyncStatus(db);
  const failures = current.failures + 1;
  const retryAfterMs = error instanceof ApiRequestError ? (error.retryAfterMs ?? 0) : 0;
  const retryAt = new Date(now.getTime() + Math.max(backoffMs(failures, random), retryAfterMs));
  const offline = error instanceof ApiRequestError && error.kind === 'offline';
  await updateSyncStatus(db, {
    state: offline ? 'offline' : 'error',
    syncedAt: current.syncedAt,
    failures,
    retryAt: retryAt.toISOString(),
    problem: describeProblem(error, new URL(apiUrl).host),
  });
  return retryAt;
}

function describeProblem(error: unknown, host: string): string {
  if (!(error instanceof ApiRequestError))
    return `Sync stopped on this device (${error instanceof Error ? error.message : String(error)}). It will try again; your changes are safe here.`;
  switch (error.kind) {
    case 'offline':
      return `Cannot reach ${host}. Your changes are saved on this device and sync when it is back.`;
    case 'unauthorized':
      return "The API no longer accepts your sign-in. Sign in again in Baton's options.";
    case 'rate_limited':
      return `${host} asked Baton to slow down. It will try again shortly.`;
    case 'server':
      return `${host} failed (${error.message}). Baton will try again; if this lasts, tell your Baton admin.`;
    case 'refused':
      return `${host} refused to sync: ${error.message}. Your changes stay on this device; tell your Baton admin.`;
  }
}
