import { type ListName, lists, type ScalarField, scalarFields } from '../../lib/handoff/fields';
import type { Conflict, FieldValue, Packet } from '../../lib/handoff/packet';
import { fieldDomId } from '../../lib/panel/focus';
import { formatInstant, formatValue } from '../../lib/panel/format';
import { usePeople } from '../../lib/panel/people';
import { usePanelSession } from '../../lib/panel/session';
import { useStore } from '../../lib/panel/use-store';
import { usePacketView } from './packet-view';

function targetLabel(packet: Packet, conflict: Conflict): string {
  const { target } = conflict;
  if (target.kind === 'scalar') return scalarFields[target.field as ScalarField]?.label ?? target.field;
  const def = lists[target.list as ListName];
  if (!def) return target.field;
  const item = packet.lists[target.list]?.find((candidate) => candidate.id === target.itemId);
  const title = item?.fields[def.titleField]?.value;
  const fieldLabel = (def.fields as Record<string, { label: string }>)[target.field]?.label ?? target.field;
  return `${def.label}, ${typeof title === 'string' ? title : 'an item'}: ${fieldLabel}`;
}

function shortened(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function Version(props: { conflict: Conflict; side: 'kept' | 'proposed'; canKeep: boolean }) {
  const { conflict, side, canKeep } = props;
  const { nameOf } = usePeople();
  const { packet } = usePacketView();
  const { editor } = usePanelSession();
  const version: FieldValue = conflict[side];
  const keep = () =>
    void editor.run(
      'resolveConflict',
      { packetId: packet.id, conflictId: conflict.id, keep: side },
      { action: 'conflicts' },
    );
  return (
    <li class="baton-version">
      <blockquote>{formatValue(version.value)}</blockquote>
      <p class="baton-muted">
        by {nameOf(version.setBy)}, {formatInstant(version.setAt)}
      </p>
      {canKeep && (
        <button type="button" onClick={keep}>
          Keep “{shortened(formatValue(version.value))}”
        </button>
      )}
    </li>
  );
}

/** Edits two people made without seeing each other's: both versions, who wrote each, and a way to keep one. */
export function ConflictNotice() {
  const { packet, editable } = usePacketView();
  const { store } = usePanelSession();
  const error = useStore(store, (state) => state.actionErrors.conflicts);
  if (packet.conflicts.length === 0) return null;
  return (
    <section class="baton-conflicts" aria-labelledby={fieldDomId('conflicts')}>
      <h2 id={fieldDomId('conflicts')} tabIndex={-1}>
        Conflicting edits
      </h2>
      {packet.conflicts.map((conflict) => (
        <div key={conflict.id} class="baton-conflict">
          <p>
            <strong>{targetLabel(packet, conflict)}</strong> was changed twice without either person seeing
            the other's change.
          </p>
          <ul class="baton-versions">
            <Version conflict={conflict} side="kept" canKeep={editable} />
            <Version conflict={conflict} side="proposed" canKeep={editable} />
          </ul>
          {!editable && <p class="baton-muted">An owner of the packet will choose which version to keep.</p>}
        </div>
      ))}
      {error && <p class="baton-error">{error}</p>}
    </section>
  );
}
