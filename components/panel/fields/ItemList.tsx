import { useState } from 'preact/hooks';
import { type ListName, lists } from '../../../lib/handoff/fields';
import { liveItems } from '../../../lib/handoff/packet';
import { fieldDomId } from '../../../lib/panel/focus';
import { usePanelSession } from '../../../lib/panel/session';
import { useStore } from '../../../lib/panel/use-store';
import { usePacketView } from '../packet-view';
import { ItemEditor } from './ItemEditor';
import { listNouns } from './list-nouns';

function AddItem({ list }: { list: ListName }) {
  const { packet } = usePacketView();
  const { editor, store } = usePanelSession();
  const [text, setText] = useState('');
  const errorKey = `${packet.id}/${list}/new`;
  const error = useStore(store, (state) => state.fieldErrors[errorKey]);
  const id = fieldDomId(list);

  const add = async (event: Event) => {
    event.preventDefault();
    if (text.trim() === '') return;
    const values = { [lists[list].titleField]: text };
    const args = { packetId: packet.id, list, itemId: crypto.randomUUID(), values };
    const result = await editor.run('addItem', args, { field: errorKey });
    if (result.ok) setText('');
  };

  return (
    <form class="baton-add" onSubmit={add}>
      <label htmlFor={id}>{listNouns[list].addLabel}</label>
      <div class="baton-add-row">
        <input
          id={id}
          type="text"
          value={text}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <button type="submit" disabled={text.trim() === ''}>
          Add {listNouns[list].one}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} class="baton-error">
          {error}
        </p>
      )}
    </form>
  );
}

/** A list of the packet (stakeholders, risks, milestones…): its live items, each editable, and an "add" form. */
export function ItemList({ list }: { list: ListName }) {
  const { packet, editable } = usePacketView();
  const items = liveItems(packet, list);
  return (
    <fieldset class="baton-list">
      <legend>{lists[list].label}</legend>
      {items.length === 0 && <p class="baton-muted">None yet.</p>}
      {items.map((item, index) => (
        <ItemEditor key={item.id} list={list} item={item} position={index + 1} />
      ))}
      {editable && <AddItem list={list} />}
    </fieldset>
  );
}
