import { useEffect, useMemo, useState } from 'preact/hooks';
import { committeeContacts } from '../../lib/communications/committee';
import type { PreparedTemplate } from '../../lib/communications/prepare';
import type { Packet } from '../../lib/handoff/packet';
import { usePreparedCommunications } from '../../lib/panel/communications';
import { fieldDomId, focusField } from '../../lib/panel/focus';
import { mailLink } from '../../lib/panel/mail-link';
import { ownerEmailOf } from '../../lib/panel/owner-contacts';
import { type People, usePeople } from '../../lib/panel/people';
import { templateGap } from '../../lib/panel/template-gaps';
import { usePacketView } from './packet-view';

/** Where a person hears what a button just did. */
type Say = (words: string) => void;

async function copy(text: string, say: Say, done: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    say(done);
  } catch (error) {
    say(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** An object URL for the invite, revoked when the invite changes or the section goes. */
function useFileUrl(text: string | null, type: string): string | null {
  const url = useMemo(() => (text === null ? null : URL.createObjectURL(new Blob([text], { type }))), [text]);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  return url;
}

function fileName(title: string): string {
  return `${
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'invite'
  }.ics`;
}

function Gaps({ prepared, id }: { prepared: PreparedTemplate; id: string }) {
  const { packet } = usePacketView();
  return (
    <div id={id} class="baton-blocked">
      <p>
        Not ready to send: the packet lacks what this text needs, and nothing leaves with a blank. Fill in:
      </p>
      <ul>
        {prepared.missing.map((name) => {
          const gap = templateGap(name, packet);
          return (
            <li key={name}>
              <button type="button" class="baton-link" onClick={() => focusField(gap.field)}>
                {gap.label}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A blocked action stays a tab stop that says why, as a blocked submit does. */
function Blocked(props: { label: string; title: string; reasonId: string; say: Say }) {
  return (
    <button
      type="button"
      aria-disabled="true"
      aria-describedby={props.reasonId}
      onClick={() => props.say('Not yet: fill in what is missing first.')}
    >
      {props.label} <span class="baton-visually-hidden">{props.title}</span>
    </button>
  );
}

/** A customer's text goes to the buying committee; the team's to the receiving owner, once known. */
function recipients(prepared: PreparedTemplate, packet: Packet, people: People): string[] {
  if (prepared.audience === 'customer') return committeeContacts(packet).map((person) => person.email);
  const email = ownerEmailOf(people, packet.owners.receivingUserId);
  return email ? [email] : [];
}

function MailAction({ prepared, say }: { prepared: PreparedTemplate; say: Say }) {
  const { packet } = usePacketView();
  const to = recipients(prepared, packet, usePeople());
  const link = mailLink(to, prepared.subject ?? '', prepared.body);
  const noteId = `${fieldDomId(`mail-${prepared.id}`)}-note`;
  return (
    <>
      <a
        class="baton-button"
        href={link.href}
        aria-describedby={link.withBody ? undefined : noteId}
        // Too long for a mail link: the body goes to the clipboard as the mail client opens.
        onClick={link.withBody ? undefined : () => void copy(prepared.body, say, 'Body copied: paste it.')}
      >
        Open in mail <span class="baton-visually-hidden">{prepared.title}</span>
      </a>
      {!link.withBody && (
        <p id={noteId} class="baton-muted">
          Too long for a mail link: it opens with the subject, and the body is copied for you to paste.
        </p>
      )}
    </>
  );
}

function TemplateCard({ prepared }: { prepared: PreparedTemplate }) {
  const [said, say] = useState('');
  const inviteUrl = useFileUrl(prepared.invite, 'text/calendar');
  const id = fieldDomId(`template-${prepared.id}`);
  const blocked = prepared.missing.length > 0;
  const hidden = <span class="baton-visually-hidden">{prepared.title}</span>;
  const gapsId = `${id}-gaps`;
  return (
    <article class="baton-template" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{prepared.title}</h3>
      {blocked && <Gaps prepared={prepared} id={gapsId} />}
      {prepared.subject !== null && (
        <p>
          <span class="baton-muted">Subject:</span> {prepared.subject}
        </p>
      )}
      <details>
        <summary>Preview {hidden}</summary>
        <pre class="baton-template-body">{prepared.body}</pre>
      </details>
      <div class="baton-actions-row">
        {blocked ? (
          <>
            <Blocked label="Copy" title={prepared.title} reasonId={gapsId} say={say} />
            {prepared.subject !== null && (
              <Blocked label="Open in mail" title={prepared.title} reasonId={gapsId} say={say} />
            )}
            {prepared.isInvite && (
              <Blocked label="Download invite (.ics)" title="" reasonId={gapsId} say={say} />
            )}
          </>
        ) : (
          <>
            <button type="button" onClick={() => void copy(prepared.body, say, 'Copied to the clipboard.')}>
              Copy {hidden}
            </button>
            {prepared.subject !== null && <MailAction prepared={prepared} say={say} />}
            {inviteUrl && (
              <a class="baton-button" href={inviteUrl} download={fileName(prepared.title)}>
                Download invite (.ics)
              </a>
            )}
          </>
        )}
      </div>
      {/* Polite, but not role="status": that role is the panel's save indicator. */}
      <p class="baton-muted" aria-live="polite">
        {said}
      </p>
    </article>
  );
}

/** The handoff point's emails, agendas and checklists, rendered from the packet, to copy, mail or invite. */
export function CommunicationsSection() {
  const { packet } = usePacketView();
  const prepared = usePreparedCommunications(packet);
  return (
    <section class="baton-communications" aria-labelledby="baton-communications-title">
      <h2 id="baton-communications-title">Communications</h2>
      {prepared.status === 'loading' && <p class="baton-muted">Preparing the texts…</p>}
      {prepared.status === 'failed' && (
        <p class="baton-error">Could not prepare the texts. Reopen the panel to try again.</p>
      )}
      {prepared.status === 'ready' && prepared.templates.length === 0 && (
        <p class="baton-muted">The playbook has no texts for this handoff point.</p>
      )}
      {prepared.status === 'ready' &&
        prepared.templates.map((template) => <TemplateCard key={template.id} prepared={template} />)}
    </section>
  );
}
