import { type ScalarField, scalarFields } from '../../../lib/handoff/fields';
import { editKeys } from '../../../lib/panel/edit-keys';
import { fieldDomId } from '../../../lib/panel/focus';
import { usePanelSession } from '../../../lib/panel/session';
import { useStore } from '../../../lib/panel/use-store';
import { usePacketView } from '../packet-view';
import { ValueInput } from './ValueInput';

/** The input for one of the packet's scalar fields. */
export function ScalarInput({ field }: { field: ScalarField }) {
  const { packet, editable } = usePacketView();
  const { editor, store } = usePanelSession();
  const key = editKeys.scalar(packet.id, field);
  const error = useStore(store, (state) => state.fieldErrors[key]);
  const unsaved = useStore(store, (state) => state.save.unsavedKeys.includes(key));
  const current = packet.fields[field];
  const def = scalarFields[field];
  return (
    <ValueInput
      id={fieldDomId(field)}
      label={def.label}
      type={def.type}
      current={current}
      unsaved={unsaved}
      error={error}
      disabled={!editable}
      onType={(value) => editor.typeField(packet.id, field, value, current?.rev ?? null)}
      onCommit={() => void editor.flush(key)}
    />
  );
}
