import { useEffect, useMemo, useState } from 'preact/hooks';
import type { InvitePerson } from '../communications/invite';
import type { PreparedTemplate } from '../communications/prepare';
import type { Packet } from '../handoff/packet';
import { calendarForTeam } from '../handoff/playbook';
import type { CommunicationsAnswer, CommunicationsMessage } from '../page-messages';
import { usePanelEnvironment } from './environment';
import { ownerEmailOf, useViewerContact } from './owner-contacts';
import { usePeople } from './people';

export type PreparedCommunications =
  | { status: 'loading' }
  | { status: 'ready'; templates: PreparedTemplate[] }
  | { status: 'failed' };

function isAnswer(answer: unknown): answer is CommunicationsAnswer {
  return Array.isArray((answer as Partial<CommunicationsAnswer> | null)?.templates);
}

/** The background renders them: Mustache and the calendar library stay out of the panel's bundle. */
async function askBackground(message: CommunicationsMessage): Promise<PreparedTemplate[]> {
  const answer: unknown = await browser.runtime.sendMessage(message);
  if (!isAnswer(answer)) throw new Error('the background did not prepare the communications');
  return answer.templates;
}

/**
 * The packet's communications (each template of its handoff point, rendered, with what it lacks and the
 * kickoff invite), prepared again whenever the packet, the playbook or the people in it change.
 */
export function usePreparedCommunications(packet: Packet): PreparedCommunications {
  const { db, playbook, actor } = usePanelEnvironment();
  const people = usePeople();
  const { nameOf } = people;
  const viewer = useViewerContact(db);
  const { givingUserId, receivingUserId, receivingTeamId } = packet.owners;
  // The panel calls its viewer "you"; a text to a customer signs with their name, from their own session.
  const ownerName = (userId: string | null) =>
    userId === null ? undefined : userId === actor.userId && viewer ? viewer.name : nameOf(userId);
  const givingName = ownerName(givingUserId);
  const receivingName = ownerName(receivingUserId);

  const message = useMemo<CommunicationsMessage | null>(() => {
    // Prepared once the session says who the viewer is, so no invite goes without its organizer.
    if (viewer === undefined) return null;
    const contact = (userId: string | null, name: string | undefined): InvitePerson[] => {
      const email = ownerEmailOf(people, userId);
      return email && name ? [{ name, email }] : [];
    };
    const [receivingContact] = contact(receivingUserId, receivingName);
    return {
      type: 'communications:prepare',
      packet,
      templates: playbook.handoffPoints[packet.handoffPoint].templates,
      owners: { givingOwnerName: givingName, receivingOwnerName: receivingName },
      calendar: calendarForTeam(playbook, receivingTeamId),
      // The receiving owner runs the kickoff; until their email is known, whoever downloads it does.
      organizer: receivingContact ?? viewer,
      ownerAttendees: [...contact(givingUserId, givingName), ...contact(receivingUserId, receivingName)],
    };
  }, [packet, playbook, givingName, receivingName, viewer?.name, viewer?.email, people]);

  const [state, setState] = useState<PreparedCommunications>({ status: 'loading' });
  useEffect(() => {
    if (!message) return;
    let current = true;
    askBackground(message).then(
      (templates) => current && setState({ status: 'ready', templates }),
      () => current && setState({ status: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [message]);
  return state;
}
