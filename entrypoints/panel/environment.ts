import { useEffect, useMemo, useState } from 'preact/hooks';
import { sharedDatabase } from '@/lib/db/database';
import { actorOf, readSetting } from '@/lib/db/settings';
import type { Playbook } from '@/lib/handoff/playbook';
import type { RecordKey } from '@/lib/handoff/record';
import type { LocalPlaybookMessage, PacketSearchMessage, SyncRequestMessage } from '@/lib/page-messages';
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
  retry: () => tellBackground({ type: 'sync:request', reason: 'retry' }),
};

const localPlaybookRetryMs = 500;
let localPlaybook: Promise<Playbook> | undefined;

/** The playbook that ships with the extension, asked of the background once per page (until it answers). */
function askLocalPlaybook(): Promise<Playbook> {
  const message: LocalPlaybookMessage = { type: 'playbook:local' };
  localPlaybook ??= browser.runtime.sendMessage(message).then((answer: unknown) => {
    const playbook = answer as Partial<Playbook> | null;
    if (typeof playbook?.version !== 'number' || typeof playbook.handoffPoints !== 'object')
      throw new Error('the background did not answer with a playbook');
    return answer as Playbook;
  });
  localPlaybook.catch(() => {
    localPlaybook = undefined;
  });
  return localPlaybook;
}

/**
 * Local-only mode's playbook once `needed`; undefined until the background answers. A background that is
 * starting may not answer the first time: it is asked again until it does.
 */
function useLocalPlaybook(needed: boolean): Playbook | undefined {
  const [playbook, setPlaybook] = useState<Playbook>();
  useEffect(() => {
    if (!needed || playbook) return;
    let current = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const ask = () =>
      askLocalPlaybook().then(
        (answer) => current && setPlaybook(answer),
        () => {
          if (current) retry = setTimeout(ask, localPlaybookRetryMs);
        },
      );
    void ask();
    return () => {
      current = false;
      clearTimeout(retry);
    };
  }, [needed, playbook]);
  return playbook;
}

/**
 * The signed-in person and the workspace's playbook as the background last fetched them, or the local-only
 * user and the extension's own playbook when no API is set; undefined while either is read. The token is
 * never read here.
 */
export function useStoredEnvironment(): PanelEnvironment | undefined {
  const db = sharedDatabase();
  const session = useLiveQuery(() => readSetting(db, 'session'), [db]);
  const stored = session.status === 'ready' ? session.value : undefined;
  const actor = stored ? actorOf(stored.me) : localActor;
  const local = useLocalPlaybook(session.status !== 'loading' && stored === undefined);
  const playbook = stored?.playbook ?? local;
  // A refreshed session with the same person and playbook keeps the panel's state.
  const identity = JSON.stringify([actor, playbook?.version ?? null, stored === undefined]);
  const environment = useMemo<PanelEnvironment | undefined>(
    () =>
      playbook && {
        db,
        actor,
        playbook,
        typingPauseMs: defaultTypingPauseMs,
        ...(stored ? { sync: backgroundSync } : {}),
      },
    [db, identity],
  );
  return session.status === 'loading' ? undefined : environment;
}

/**
 * Tells the background which record this panel shows, when it opens and whenever it is seen again, so the
 * API is asked for that record's packets (a CSM sees the AE's); forwards the browser coming back online, and
 * a person coming back to the panel as a wish to reach the API now.
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
    const focused = () => tellBackground({ type: 'sync:request', reason: 'retry' });
    opened();
    document.addEventListener('visibilitychange', seenAgain);
    window.addEventListener('online', online);
    window.addEventListener('focus', focused);
    return () => {
      document.removeEventListener('visibilitychange', seenAgain);
      window.removeEventListener('online', online);
      window.removeEventListener('focus', focused);
    };
  }, [key, signedIn]);
}
