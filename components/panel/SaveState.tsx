import { usePanelSession } from '../../lib/panel/session';
import type { PanelState } from '../../lib/panel/store';
import { useStore } from '../../lib/panel/use-store';

function describe(state: PanelState): { text: string; tone: 'busy' | 'error' | 'saved' | 'idle' } {
  const { save, fieldErrors } = state;
  if (save.failure) return { text: save.failure, tone: 'error' };
  if (save.writing > 0 || save.unsavedKeys.length > 0) return { text: 'Saving…', tone: 'busy' };
  const refused = Object.keys(fieldErrors).length;
  if (refused > 0)
    return {
      text: `${refused} value${refused === 1 ? '' : 's'} not saved: see the marked fields`,
      tone: 'error',
    };
  if (save.savedAt) return { text: 'Saved on this device', tone: 'saved' };
  return { text: 'No changes yet', tone: 'idle' };
}

/** Whether what the person typed is on disk. "Saved" only appears once the local transaction committed. */
export function SaveState() {
  const { store } = usePanelSession();
  const text = useStore(store, (state) => describe(state).text);
  const tone = useStore(store, (state) => describe(state).tone);
  return (
    <p class={`baton-save baton-save-${tone}`} role="status">
      {text}
    </p>
  );
}
