import { applyLocal, type LocalResult } from '../drafts/apply-local';
import { createCoalescer } from '../drafts/coalesce';
import type { MutationArgs, MutationName } from '../sync/mutations';
import { editKeys } from './edit-keys';
import type { PanelEnvironment } from './environment';
import { type ErrorSlot, type PanelStore, setError, updateSave } from './store';

type TypedValue = string | number | boolean | null;

export type EditResult = LocalResult | { ok: false; code: 'storage_failed'; message: string };

/** Everything the panel changes goes through here: typed values coalesced per field, actions at once. */
export interface PanelEditor {
  /** Applies a change now; a refusal is returned and kept in the store for `slot` until the next attempt there. */
  run<Name extends MutationName>(name: Name, args: MutationArgs<Name>, slot: ErrorSlot): Promise<EditResult>;
  typeField(packetId: string, field: string, value: TypedValue, seenRev: string | null): void;
  typeItemField(
    packetId: string,
    list: string,
    itemId: string,
    field: string,
    value: TypedValue,
    seenRev: string | null,
  ): void;
  flush(key: string): Promise<void>;
  flushAll(): Promise<void>;
}

export function createPanelEditor(environment: PanelEnvironment, store: PanelStore): PanelEditor {
  const coalescer = createCoalescer<TypedValue>({
    pauseMs: environment.typingPauseMs,
    onUnsavedChange: (unsavedKeys) => updateSave(store, { unsavedKeys }),
  });

  async function run<Name extends MutationName>(
    name: Name,
    args: MutationArgs<Name>,
    slot: ErrorSlot,
  ): Promise<EditResult> {
    const { db, actor, playbook } = environment;
    store.setState((state) => ({ save: { ...state.save, writing: state.save.writing + 1 } }));
    let result: EditResult;
    try {
      result = await applyLocal(db, name, args, actor, playbook);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result = { ok: false, code: 'storage_failed', message: `not saved on this device: ${reason}` };
    }
    store.setState((state) => ({ save: { ...state.save, writing: state.save.writing - 1 } }));
    setError(store, slot, result.ok ? null : result.message);
    if (result.ok) updateSave(store, { savedAt: new Date().toISOString(), failure: null });
    else if (result.code === 'storage_failed') updateSave(store, { failure: result.message });
    return result;
  }

  return {
    run,
    typeField(packetId, field, value, seenRev) {
      const key = editKeys.scalar(packetId, field);
      coalescer.edit(key, value, seenRev, async (latest, baseRev) => {
        const result = await run('setField', { packetId, field, value: latest, baseRev }, { field: key });
        return result.ok && result.packet.fields[field]?.rev === result.writeId ? result.writeId : null;
      });
    },
    typeItemField(packetId, list, itemId, field, value, seenRev) {
      const key = editKeys.item(packetId, list, itemId, field);
      coalescer.edit(key, value, seenRev, async (latest, baseRev) => {
        const args = { packetId, list, itemId, field, value: latest, baseRev };
        const result = await run('updateItem', args, { field: key });
        if (!result.ok || result.writeId === null) return null;
        const item = result.packet.lists[list]?.find((candidate) => candidate.id === itemId);
        return item?.fields[field]?.rev === result.writeId ? result.writeId : null;
      });
    },
    flush: coalescer.flush,
    flushAll: coalescer.flushAll,
  };
}
