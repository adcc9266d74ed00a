import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * What the panel shows about saving: typed values not yet committed, writes under way, and the outcome of the
 * last write. "Saved on this device" is only ever shown from `savedAt`, which is set after
 * the Dexie transaction committed.
 */
export interface SaveStatus {
  /** Edit keys of values typed but not yet committed. */
  unsavedKeys: string[];
  /** Local writes started and not yet committed or refused. */
  writing: number;
  savedAt: string | null;
  /** Why the last write could not be stored on this device at all (not a refusal of its value). */
  failure: string | null;
}

export interface PanelState {
  save: SaveStatus;
  /** Why a value was refused, by edit key (see `editKeys`); cleared by the next accepted write. */
  fieldErrors: Record<string, string>;
  /** Why an action (a transition, starting or linking a packet…) was refused, by the place that shows it. */
  actionErrors: Record<string, string>;
  /** The packet the person picked when the record has several. */
  selectedPacketId: string | null;
  /** A field (see `fieldDomId`) to focus once it is on screen, e.g. after a packet was started. */
  focusRequest: string | null;
}

export type PanelStore = StoreApi<PanelState>;

export function createPanelStore(): PanelStore {
  return createStore<PanelState>()(() => ({
    save: { unsavedKeys: [], writing: 0, savedAt: null, failure: null },
    fieldErrors: {},
    actionErrors: {},
    selectedPacketId: null,
    focusRequest: null,
  }));
}

/** Where a refusal is shown: beside a value (an edit key), or beside an action. */
export type ErrorSlot = { field: string } | { action: string };

function withMessage(errors: Record<string, string>, key: string, message: string | null) {
  const { [key]: _previous, ...others } = errors;
  return message === null ? others : { ...others, [key]: message };
}

export function setError(store: PanelStore, slot: ErrorSlot, message: string | null): void {
  store.setState((state) =>
    'field' in slot
      ? { fieldErrors: withMessage(state.fieldErrors, slot.field, message) }
      : { actionErrors: withMessage(state.actionErrors, slot.action, message) },
  );
}

export function updateSave(store: PanelStore, change: Partial<SaveStatus>): void {
  store.setState((state) => ({ save: { ...state.save, ...change } }));
}
