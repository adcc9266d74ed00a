import type { Calendar } from '../handoff/calendar';
import type { Packet } from '../handoff/packet';
import type { Template } from '../handoff/playbook';
import { type OwnerNames, renderTemplate } from '../handoff/templates';
import { committeeContacts } from './committee';
import { type InvitePerson, kickoffInviteIcs } from './invite';

/** What a panel gives to have its packet's communications prepared. */
export interface CommunicationsInput {
  packet: Packet;
  /** The handoff point's templates, from the panel's playbook. */
  templates: Template[];
  owners: OwnerNames;
  /** The receiving team's calendar, where the kickoff call is placed. */
  calendar: Calendar;
  organizer: InvitePerson | null;
  /** The packet's owners whose emails are known: they are invited with the buying committee. */
  ownerAttendees: InvitePerson[];
}

export interface PreparedTemplate {
  id: string;
  title: string;
  audience: 'customer' | 'team';
  subject: string | null;
  body: string;
  /** What the packet lacks for this text, as `renderTemplate` names it: nothing may leave while any is. */
  missing: string[];
  /** Whether this text is also the kickoff invite (a customer kickoff agenda). */
  isInvite: boolean;
  /** The kickoff invite as an .ics file; null for a text that is not one, or while something is missing. */
  invite: string | null;
}

const inviteDateField = 'keyDates.kickoffTarget';

/** A customer kickoff agenda is also the invite to the call: the buying committee are its attendees. */
function isInvite(template: Template): boolean {
  return template.kind === 'kickoff_agenda' && template.audience === 'customer';
}

function prepare(template: Template, input: CommunicationsInput): PreparedTemplate {
  const { packet } = input;
  const rendered = renderTemplate(template, packet, input.owners);
  const date = packet.fields[inviteDateField]?.value;
  const invitable = isInvite(template);
  const missing =
    invitable && typeof date !== 'string' && !rendered.missing.includes(inviteDateField)
      ? [...rendered.missing, inviteDateField]
      : rendered.missing;
  const invite =
    invitable && missing.length === 0 && typeof date === 'string'
      ? kickoffInviteIcs({
          packetId: packet.id,
          date,
          calendar: input.calendar,
          summary: rendered.subject ?? template.title,
          description: rendered.body,
          organizer: input.organizer,
          attendees: [...committeeContacts(packet), ...input.ownerAttendees],
        })
      : null;
  return {
    id: template.id,
    title: template.title,
    audience: template.audience ?? 'team',
    subject: rendered.subject,
    body: rendered.body,
    missing,
    isInvite: invitable,
    invite,
  };
}

/** Every template of the packet's handoff point rendered from it, each with what it lacks. */
export function prepareCommunications(input: CommunicationsInput): PreparedTemplate[] {
  return input.templates.map((template) => prepare(template, input));
}
