import { useEffect, useState } from 'preact/hooks';
import type { Packet } from '../../lib/handoff/packet';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { fieldDomId } from '../../lib/panel/focus';
import { usePeople } from '../../lib/panel/people';
import { type ReassignChoice, reassignChoices, type Side } from '../../lib/panel/reassign-choices';
import { usePanelSession } from '../../lib/panel/session';
import { useStore } from '../../lib/panel/use-store';

interface FormProps {
  packet: Packet;
  side: Side;
  choices: ReassignChoice[];
  claimOnly: boolean;
  /** Closes the form and moves the keyboard to `focus` (see `fieldDomId`). */
  onClose(focus: string): void;
}

function ReassignForm({ packet, side, choices, claimOnly, onClose }: FormProps) {
  const { actor } = usePanelEnvironment();
  const { teamName } = usePeople();
  const { editor } = usePanelSession();
  const [chosenId, setChosenId] = useState(choices[0]?.person.id ?? '');
  const [reason, setReason] = useState('');
  const selectId = fieldDomId(`reassign-${side}-to`);
  const reasonId = fieldDomId(`reassign-${side}-reason`);
  useEffect(() => document.getElementById(claimOnly ? reasonId : selectId)?.focus(), []);
  const verb = claimOnly ? 'Take it' : 'Reassign';

  const confirm = async (event: Event) => {
    event.preventDefault();
    const chosen = choices.find((choice) => choice.person.id === chosenId);
    if (!chosen) return;
    const why = reason.trim();
    const args = { packetId: packet.id, side, userId: chosen.person.id, teamId: chosen.teamId };
    const result = await editor.run('reassign', why === '' ? args : { ...args, reason: why }, {
      action: `reassign-${side}`,
    });
    if (result.ok) onClose(`owners.${side}`);
  };

  return (
    <form
      class="baton-reassign"
      aria-label={claimOnly ? `Take the ${side} side` : `Reassign the ${side} side`}
      onSubmit={confirm}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose(`reassign-${side}`);
      }}
    >
      {claimOnly ? (
        <p>The {side} side becomes yours.</p>
      ) : (
        <>
          <label htmlFor={selectId}>Give the {side} side to</label>
          <select id={selectId} value={chosenId} onChange={(event) => setChosenId(event.currentTarget.value)}>
            {choices.map(({ person, teamId }) => (
              <option key={person.id} value={person.id}>
                {person.id === actor.userId ? `${person.name} (you)` : person.name}
                {teamName(teamId) && `, ${teamName(teamId)}`}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={reasonId}>Reason (optional)</label>
      <input
        id={reasonId}
        type="text"
        maxLength={2000}
        value={reason}
        onInput={(event) => setReason(event.currentTarget.value)}
      />
      <div class="baton-actions-row">
        <button type="submit">{verb}</button>
        <button type="button" class="baton-secondary" onClick={() => onClose(`reassign-${side}`)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Hands one side of the packet to someone else, for those the lifecycle lets: a button, then whom (the
 * people of that side's team) and why, then confirm. A receiving-team member may only take it themselves.
 */
export function ReassignSide({ packet, side }: { packet: Packet; side: Side }) {
  const { actor } = usePanelEnvironment();
  const { directory } = usePeople();
  const { store } = usePanelSession();
  const [open, setOpen] = useState(false);
  const error = useStore(store, (state) => state.actionErrors[`reassign-${side}`]);
  const { people, claimOnly } = reassignChoices(actor, packet, side, directory);
  if (people.length === 0 && !error) return null;
  const close = (focus: string) => {
    setOpen(false);
    store.setState({ focusRequest: focus });
  };
  return (
    <div class="baton-reassign-side">
      {open && people.length > 0 ? (
        <ReassignForm packet={packet} side={side} choices={people} claimOnly={claimOnly} onClose={close} />
      ) : (
        people.length > 0 && (
          <button
            id={fieldDomId(`reassign-${side}`)}
            type="button"
            class="baton-secondary"
            onClick={() => setOpen(true)}
          >
            {claimOnly ? 'Take it' : 'Reassign'}
            <span class="baton-visually-hidden">
              {claimOnly ? ` (the ${side} side)` : ` the ${side} side`}
            </span>
          </button>
        )
      )}
      {error && (
        <p class="baton-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
