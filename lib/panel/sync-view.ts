import type { BatonDatabase } from '../db/database';
import { readSetting, type SyncStatus } from '../db/settings';

/** What the panel shows about syncing: the background's last word, and how many changes still wait. */
export interface SyncView {
  status: SyncStatus | undefined;
  pending: number;
}

export async function readSyncView(db: BatonDatabase): Promise<SyncView> {
  const [status, pending] = await Promise.all([readSetting(db, 'syncStatus'), db.outbox.count()]);
  return { status, pending };
}

export type SaveTone = 'busy' | 'error' | 'saved' | 'idle';

/** The sync half of the save indicator, once every local write has committed. */
export function describeSync(
  view: SyncView,
  savedHere: boolean,
): { text: string; tone: SaveTone; detail: string | null } {
  const { status, pending } = view;
  const waiting = `${pending} change${pending === 1 ? '' : 's'}`;
  const problem = status?.problem ?? null;
  if (pending > 0) {
    if (status?.state === 'offline')
      return { text: `Offline: ${waiting} saved on this device`, tone: 'idle', detail: problem };
    if (status?.state === 'error')
      return { text: `Not synced: ${waiting} saved on this device`, tone: 'error', detail: problem };
    if (status?.state === 'syncing') return { text: 'Syncing…', tone: 'busy', detail: null };
    return { text: 'Saved on this device', tone: 'saved', detail: `${waiting} to sync` };
  }
  if (status?.state === 'error') return { text: 'Not syncing', tone: 'error', detail: problem };
  if (status?.state === 'offline') return { text: 'Offline', tone: 'idle', detail: problem };
  if (status?.syncedAt) return { text: 'Synced', tone: 'saved', detail: null };
  return savedHere
    ? { text: 'Saved on this device', tone: 'saved', detail: null }
    : { text: 'No changes yet', tone: 'idle', detail: null };
}
