import type { InvitePerson } from '../communications/invite';
import type { BatonDatabase } from '../db/database';
import { readSetting } from '../db/settings';
import { useLiveQuery } from './use-live-query';

/**
 * A packet owner's email, for invites and mail. Waits for the workspace directory, which carries people's
 * emails: until it is on this device nobody's is known, and invites name only those whose email is.
 */
export function ownerEmailOf(_userId: string): string | undefined {
  return undefined;
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
