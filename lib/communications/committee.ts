import type { Packet } from '../handoff/packet';
import { liveItems } from '../handoff/packet';
import type { InvitePerson } from './invite';

/** The buying committee members with an email, named as the packet names them. */
export function committeeContacts(packet: Packet): InvitePerson[] {
  return liveItems(packet, 'buyingCommittee').flatMap((item) => {
    const name = item.fields.name?.value;
    const email = item.fields.email?.value;
    return typeof name === 'string' && name.trim() !== '' && typeof email === 'string' && email.trim() !== ''
      ? [{ name: name.trim(), email: email.trim() }]
      : [];
  });
}
