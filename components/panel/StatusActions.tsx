import { useEffect, useRef, useState } from 'preact/hooks';
import { handoffPoints } from '../../lib/handoff/handoff-points';
import { humanise } from '../../lib/handoff/labels';
import {
  findTransition,
  type Transition,
  type TransitionRule,
  transitions,
} from '../../lib/handoff/lifecycle';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { fieldDomId } from '../../lib/panel/focus';
import { gapsToShow } from '../../lib/panel/gaps';
import { usePanelSession } from '../../lib/panel/session';
import { useStore } from '../../lib/panel/use-store';
import { usePacketView } from './packet-view';

const actionLabels: Record<Transition, string> = {
  submit: 'Submit',
  accept: 'Accept',
  return: 'Return to sender',
  reopen: 'Reopen as draft',
  hold_kickoff: 'Kickoff held',
  reach_first_value: 'First value reached',
  close: 'Close',
};

const reasonPrompts: Partial<Record<Transition, string>> = {
  return: 'What is missing or wrong?',
  close: 'Why is this handoff closed?',
};

/** The move's button goes away once the status changes; the status heading keeps the keyboard in place. */
function useTransition(transition: Transition) {
  const { packet } = usePacketView();
  const { editor, store } = usePanelSession();
  return async (reason?: string) => {
    const args =
      reason === undefined
        ? { packetId: packet.id, transition }
        : { packetId: packet.id, transition, reason };
    const result = await editor.run('transition', args, { action: 'status' });
    if (result.ok) store.setState({ focusRequest: 'status' });
    return result.ok;
  };
}

function ReasonForm({ transition, onCancel }: { transition: Transition; onCancel: () => void }) {
  const move = useTransition(transition);
  const [reason, setReason] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const id = fieldDomId(`reason-${transition}`);

  const confirm = (event: Event) => {
    event.preventDefault();
    void move(reason);
  };

  return (
    <form
      class="baton-reason"
      onSubmit={confirm}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor={id}>{reasonPrompts[transition] ?? 'Why?'}</label>
      <textarea
        id={id}
        ref={field}
        rows={3}
        value={reason}
        onInput={(event) => setReason(event.currentTarget.value)}
      />
      <div class="baton-actions-row">
        <button type="submit" disabled={reason.trim() === ''}>
          {actionLabels[transition]}
        </button>
        <button type="button" class="baton-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ActionButton({ transition, rule }: { transition: Transition; rule: TransitionRule }) {
  const { packet, completeness } = usePacketView();
  const { store } = usePanelSession();
  const move = useTransition(transition);
  const [askingReason, setAskingReason] = useState(false);
  const [refused, setRefused] = useState(false);
  const blocking = gapsToShow(completeness.gaps).filter((gap) => gap.blocking && gap.stage === rule.requires);
  const blocked = blocking.length > 0;
  useEffect(() => {
    if (!blocked) setRefused(false);
  }, [blocked]);
  const buttonId = fieldDomId(`action-${transition}`);
  const reasonsId = `${buttonId}-blocked`;

  if (askingReason) {
    const cancel = () => {
      setAskingReason(false);
      store.setState({ focusRequest: `action-${transition}` });
    };
    return <ReasonForm transition={transition} onCancel={cancel} />;
  }
  const act = () => {
    if (blocked) setRefused(true);
    else if (rule.needsReason) setAskingReason(true);
    else void move();
  };
  const label =
    transition === 'submit'
      ? `Submit to ${humanise(handoffPoints[packet.handoffPoint].receiving)}`
      : actionLabels[transition];
  // A blocked move stays a tab stop (aria-disabled, not disabled): a keyboard or screen reader user reaches
  // it, hears why it is blocked, and trying it says so instead of doing nothing.
  return (
    <div class="baton-action">
      <button
        id={buttonId}
        type="button"
        aria-disabled={blocked ? 'true' : undefined}
        aria-describedby={blocked ? reasonsId : undefined}
        onClick={act}
      >
        {label}
      </button>
      {blocked && refused && (
        <p class="baton-error" role="alert">
          {rule.requires === 'exit' ? 'Not submitted' : 'Not accepted'}: {blocking.length} required{' '}
          {blocking.length === 1 ? 'item is' : 'items are'} missing.
        </p>
      )}
      {blocked && (
        <div id={reasonsId} class="baton-blocked">
          <p>{rule.requires === 'exit' ? 'Before you can submit:' : 'Before it can be accepted:'}</p>
          <ul>
            {blocking.map((gap) => (
              <li key={gap.criterionId}>{gap.message}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** The lifecycle moves this person may make from the packet's status, with why a blocked one is blocked. */
export function StatusActions() {
  const { actor } = usePanelEnvironment();
  const { packet } = usePacketView();
  const { store } = usePanelSession();
  const actionError = useStore(store, (state) => state.actionErrors.status);
  const available = (Object.keys(transitions) as Transition[]).flatMap((transition) => {
    const check = findTransition(transition, actor, packet);
    return check.ok ? [{ transition, rule: check.rule }] : [];
  });
  return (
    <section class="baton-status" aria-labelledby={fieldDomId('status')}>
      <h2 id={fieldDomId('status')} tabIndex={-1}>
        Status: {humanise(packet.status)}
      </h2>
      {packet.status === 'returned' && packet.returnReason && (
        <p class="baton-returned">Returned: {packet.returnReason}</p>
      )}
      {available.length === 0 ? (
        <p class="baton-muted">Nothing for you to do at this stage.</p>
      ) : (
        <div class="baton-actions-row">
          {available.map(({ transition, rule }) => (
            <ActionButton key={transition} transition={transition} rule={rule} />
          ))}
        </div>
      )}
      {actionError && (
        <p class="baton-error" role="alert">
          {actionError}
        </p>
      )}
    </section>
  );
}
