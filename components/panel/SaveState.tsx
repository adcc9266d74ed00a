import { usePanelEnvironment } from '../../lib/panel/environment';
import { usePanelSession } from '../../lib/panel/session';
import type { PanelState } from '../../lib/panel/store';
import { describeSync, readSyncView, type SaveTone } from '../../lib/panel/sync-view';
import { useLiveQuery } from '../../lib/panel/use-live-query';
import { useStore } from '../../lib/panel/use-store';

/** What is not yet on this device, or null once every write has committed. */
function describeLocal(state: PanelState): { text: string; tone: SaveTone } | null {
  const { save, fieldErrors } = state;
  if (save.failure) return { text: save.failure, tone: 'error' };
  if (save.writing > 0 || save.unsavedKeys.length > 0) return { text: 'Saving…', tone: 'busy' };
  const refused = Object.keys(fieldErrors).length;
  if (refused > 0)
    return {
      text: `${refused} value${refused === 1 ? '' : 's'} not saved: see the marked fields`,
      tone: 'error',
    };
  return null;
}

/**
 * Whether what the person typed is on disk, and then whether it reached the team. "Saved" only appears
 * once the local transaction committed; "Synced" once the API has every change and nothing waits.
 */
export function SaveState() {
  const { store } = usePanelSession();
  const { db, sync } = usePanelEnvironment();
  const localText = useStore(store, (state) => describeLocal(state)?.text ?? null);
  const localTone = useStore(store, (state) => describeLocal(state)?.tone ?? 'idle');
  const savedHere = useStore(store, (state) => state.save.savedAt !== null);
  const view = useLiveQuery(() => (sync ? readSyncView(db) : Promise.resolve(null)), [db, sync]);
  const shown =
    localText !== null
      ? { text: localText, tone: localTone, detail: null }
      : view.status === 'ready' && view.value
        ? describeSync(view.value, savedHere)
        : describeSync({ status: undefined, pending: 0 }, savedHere);
  const state = view.status === 'ready' ? view.value?.status?.state : undefined;
  const unreachable = localText === null && (state === 'offline' || state === 'error');
  return (
    <>
      <p class={`baton-save baton-save-${shown.tone}`} role="status">
        {shown.text}
        {shown.detail && <span class="baton-save-detail"> · {shown.detail}</span>}
      </p>
      {unreachable && sync && (
        <button type="button" class="baton-link" onClick={() => sync.retry()}>
          Retry now
        </button>
      )}
    </>
  );
}
