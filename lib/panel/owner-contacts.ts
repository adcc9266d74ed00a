import type { InvitePerson } from '../communications/invite';
import type { BatonDatabase } from '../db/database';
import { readSetting } from '../db/settings';
import type { People } from './people';
import { useLiveQuery } from './use-live-query';

/**
 * A packet owner's email, for invites and mail, from the workspace directory on this device: until it has
 * synced nobody's is known, and invites name only those whose email is.
 */
export function ownerEmailOf(people: People, userId: string | null): string | undefined {
  return userId === null ? undefined : people.person(userId)?.email;
}

/**
 * The signed-in person, from their own session: who organizes an invite nobody else can. Null in local-only
 * mode; undefined while the session is read.
 */
export function useViewerContact(db: BatonDatabase): InvitePerson | null | undefined {
  const session = useLiveQuery(() => readSetting(db, 'session'), [db]);
  if (session.status === 'loading') return undefined;
  if (session.status === 'failed' || !session.value) return null;
  const { name, email } = session.value.me.user;
  return { name, email };
}
