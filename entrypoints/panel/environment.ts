import { useEffect, useMemo } from 'preact/hooks';
import { sharedDatabase } from '@/lib/db/database';
import { actorOf, readSetting } from '@/lib/db/settings';
import { defaultPlaybook } from '@/lib/handoff/default-playbook';
import type { RecordKey } from '@/lib/handoff/record';
import type { PacketSearchMessage, SyncRequestMessage } from '@/lib/page-messages';
import {
  defaultTypingPauseMs,
  localActor,
  type PanelEnvironment,
  type PanelSync,
} from '@/lib/panel/environment';
import { useLiveQuery } from '@/lib/panel/use-live-query';

function tellBackground(message: SyncRequestMessage | PacketSearchMessage): void {
  // A worker that is starting may miss it; the change is on disk and the next alarm syncs it.
  browser.runtime.sendMessage(message).catch(() => {});
}

const backgroundSync: PanelSync = {
  changed: () => tellBackground({ type: 'sync:request', reason: 'edit' }),
  search: (query) => tellBackground({ type: 'packets:search', query }),
};

/**
 * The signed-in person and the workspace's playbook as the background last fetched them, or the local-only
 * user when no API is set; undefined while the database is read. The token is never read here.
 */
export function useStoredEnvironment(): PanelEnvironment | undefined {
  const db = sharedDatabase();
  const session = useLiveQuery(() => readSetting(db, 'session'), [db]);
  const stored = session.status === 'ready' ? session.value : undefined;
  const actor = stored ? actorOf(stored.me) : localActor;
  // A refreshed session with the same person and playbook keeps the panel's state.
  const identity = JSON.stringify([actor, stored?.playbook.version ?? null]);
  const environment = useMemo<PanelEnvironment>(
    () => ({
      db,
      actor,
      playbook: stored?.playbook ?? defaultPlaybook,
      typingPauseMs: defaultTypingPauseMs,
      ...(stored ? { sync: backgroundSync } : {}),
    }),
    [db, identity],
  );
  return session.status === 'loading' ? undefined : environment;
}

/**
 * Tells the background which record this panel shows, when it opens and whenever it is seen again, so the
 * API is asked for that record's packets (a CSM sees the AE's); forwards the browser coming back online.
 */
export function useSyncTriggers(record: RecordKey | null | undefined, signedIn: boolean): void {
  const key = record ? JSON.stringify(record) : null;
  useEffect(() => {
    if (!signedIn) return;
    const opened = () =>
      tellBackground({ type: 'sync:request', reason: 'panel-open', ...(record ? { record } : {}) });
    const seenAgain = () => {
      if (document.visibilityState === 'visible') opened();
    };
    const online = () => tellBackground({ type: 'sync:request', reason: 'online' });
    opened();
    document.addEventListener('visibilitychange', seenAgain);
    window.addEventListener('online', online);
    return () => {
      document.removeEventListener('visibilitychange', seenAgain);
      window.removeEventListener('online', online);
    };
  }, [key, signedIn]);
}
