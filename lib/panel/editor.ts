import type { TypingRow } from '../db/rows';
import { applyLocal, type LocalResult } from '../drafts/apply-local';
import { createCoalescer, type SendEdit } from '../drafts/coalesce';
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
  /** Turns typing that a reload or crash interrupted into edits; call once when the panel opens. */
  recoverTyping(): Promise<void>;
}

const typingLockPrefix = 'baton-typing/';

/**
 * Holds a Web Lock named after this panel session for as long as its frame lives, so that another panel
 * can tell an interrupted session's typing (to recover) from a live one's (to leave alone).
 */
function holdSessionLock(session: string): void {
  void globalThis.navigator?.locks?.request(
    `${typingLockPrefix}${session}`,
    () => new Promise<never>(() => {}),
  );
}

async function liveSessions(): Promise<Set<string>> {
  const held = (await globalThis.navigator?.locks?.query())?.held ?? [];
  return new Set(
    held.flatMap((lock) =>
      lock.name?.startsWith(typingLockPrefix) ? [lock.name.slice(typingLockPrefix.length)] : [],
    ),
  );
}

export function createPanelEditor(environment: PanelEnvironment, store: PanelStore): PanelEditor {
  const session = crypto.randomUUID();
  holdSessionLock(session);
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
    if (result.ok && result.writeId !== null) environment.sync?.changed();
    if (result.ok) updateSave(store, { savedAt: new Date().toISOString(), failure: null });
    else if (result.code === 'storage_failed') updateSave(store, { failure: result.message });
    return result;
  }

  /**
   * Every keystroke goes to the typing table at once (a put of ~1 ms), so text typed just before a reload
   * survives; the pause in typing then turns it into one edit, and the row goes once that edit is stored.
   */
  function type(row: TypingRow, send: SendEdit<TypedValue>) {
    const { db } = environment;
    void db.typing
      .put(row)
      .catch((error: Error) => updateSave(store, { failure: `not saved: ${error.message}` }));
    coalescer.edit(row.key, row.value, row.seenRev, async (latest, baseRev) => {
      const written = await send(latest, baseRev);
      await db.typing
        .where('key')
        .equals(row.key)
        .filter((pending) => pending.value === latest)
        .delete();
      return written;
    });
  }

  function sendField(packetId: string, field: string, key: string): SendEdit<TypedValue> {
    return async (latest, baseRev) => {
      const result = await run('setField', { packetId, field, value: latest, baseRev }, { field: key });
      return result.ok && result.packet.fields[field]?.rev === result.writeId ? result.writeId : null;
    };
  }

  function sendItemField(packetId: string, list: string, itemId: string, field: string, key: string) {
    return (async (latest, baseRev) => {
      const args = { packetId, list, itemId, field, value: latest, baseRev };
      const result = await run('updateItem', args, { field: key });
      if (!result.ok || result.writeId === null) return null;
      const item = result.packet.lists[list]?.find((candidate) => candidate.id === itemId);
      return item?.fields[field]?.rev === result.writeId ? result.writeId : null;
    }) satisfies SendEdit<TypedValue>;
  }

  function sendFor(row: TypingRow): SendEdit<TypedValue> {
    return row.item
      ? sendItemField(row.packetId, row.item.list, row.item.itemId, row.field, row.key)
      : sendField(row.packetId, row.field, row.key);
  }

  return {
    run,
    typeField(packetId, field, value, seenRev) {
      const key = editKeys.scalar(packetId, field);
      type({ key, packetId, field, value, seenRev, session }, sendField(packetId, field, key));
    },
    typeItemField(packetId, list, itemId, field, value, seenRev) {
      const key = editKeys.item(packetId, list, itemId, field);
      type(
        { key, packetId, field, item: { list, itemId }, value, seenRev, session },
        sendItemField(packetId, list, itemId, field, key),
      );
    },
    flush: coalescer.flush,
    flushAll: coalescer.flushAll,
    async recoverTyping() {
      const live = await liveSessions();
      const interrupted = await environment.db.typing.filter((row) => !live.has(row.session)).toArray();
      for (const row of interrupted) type({ ...row, session }, sendFor(row));
      await coalescer.flushAll();
    },
  };
}
