import { type FieldDef, type ListName, lists } from '../../../lib/handoff/fields';
import type { ListItem } from '../../../lib/handoff/packet';
import { editKeys } from '../../../lib/panel/edit-keys';
import { fieldDomId, focusField } from '../../../lib/panel/focus';
import { usePanelSession } from '../../../lib/panel/session';
import { useStore } from '../../../lib/panel/use-store';
import { usePacketView } from '../packet-view';
import { listNouns } from './list-nouns';
import { ValueInput } from './ValueInput';

function ItemFieldInput(props: { list: ListName; item: ListItem; field: string; def: FieldDef }) {
  const { list, item, field, def } = props;
  const { packet, editable } = usePacketView();
  const { editor, store } = usePanelSession();
  const key = editKeys.item(packet.id, list, item.id, field);
  const error = useStore(store, (state) => state.fieldErrors[key]);
  const unsaved = useStore(store, (state) => state.save.unsavedKeys.includes(key));
  const current = item.fields[field];
  return (
    <ValueInput
      id={fieldDomId(`${list}.${item.id}.${field}`)}
      label={def.label}
      type={def.type}
      current={current}
      unsaved={unsaved}
      error={error}
      disabled={!editable}
      onType={(value) => editor.typeItemField(packet.id, list, item.id, field, value, current?.rev ?? null)}
      onCommit={() => void editor.flush(key)}
    />
  );
}

/** One item of a list: every field of it, and a way to remove it. */
export function ItemEditor({ list, item, position }: { list: ListName; item: ListItem; position: number }) {
  const { packet, editable } = usePacketView();
  const { editor, store } = usePanelSession();
  const removeSlot = `remove/${item.id}`;
  const removeError = useStore(store, (state) => state.actionErrors[removeSlot]);
  const def = lists[list];
  const title = item.fields[def.titleField]?.value;
  const name = typeof title === 'string' && title !== '' ? title : `${listNouns[list].one} ${position}`;
  const fields: Record<string, FieldDef> = def.fields;

  const remove = async () => {
    const args = { packetId: packet.id, list, itemId: item.id };
    const result = await editor.run('removeItem', args, { action: removeSlot });
    // The button goes away with the item; the list's "add" input keeps the keyboard user in place.
    if (result.ok) focusField(list);
  };

  return (
    <fieldset class="baton-item">
      <legend>{name}</legend>
      {Object.entries(fields).map(([field, fieldDef]) => (
        <ItemFieldInput key={field} list={list} item={item} field={field} def={fieldDef} />
      ))}
      {editable && (
        <button type="button" class="baton-secondary" onClick={remove}>
          Remove {listNouns[list].one} <span class="baton-visually-hidden">{name}</span>
        </button>
      )}
      {removeError && <p class="baton-error">{removeError}</p>}
    </fieldset>
  );
}
