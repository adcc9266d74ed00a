import { sharedDatabase } from '@/lib/db/database';
import { readSetting } from '@/lib/db/settings';
import { ApiRequestError, normaliseApiUrl } from '@/lib/device-sync/api-client';
import { OtherPersonError, pendingChanges, signIn, signOutDiscarding } from '@/lib/device-sync/sign-in';
import type { AccountAnswer, SignInAnswer, SignInMessage, SignOutAnswer } from '@/lib/page-messages';

/**
 * The options page's account actions. They run here so that the API client and the database stay out of
 * the options page's bundle (and so out of the chunk it shares with the panel), and so the token, once
 * kept, never leaves the background except towards the API.
 */
export async function accountOf(): Promise<AccountAnswer> {
  const db = sharedDatabase();
  const [connection, session, pending] = await Promise.all([
    readSetting(db, 'connection'),
    readSetting(db, 'session'),
    pendingChanges(db),
  ]);
  return connection && session
    ? { signedIn: true, apiUrl: connection.url, me: session.me, ...pending }
    : { signedIn: false };
}

/** Tests the URL and token against the API and keeps them; the options page got the host permission first. */
export async function signInFromOptions(message: SignInMessage): Promise<SignInAnswer> {
  const url = normaliseApiUrl(message.url);
  if (!url) return { ok: false, problem: 'Enter the API address, such as https://baton.example.com.' };
  const { origin } = new URL(url);
  if (!(await browser.permissions.contains({ origins: [`${origin}/*`] })))
    return { ok: false, problem: `Baton needs your permission to reach ${origin}.` };
  try {
    await signIn(sharedDatabase(), { url, token: message.token }, (input, init) => fetch(input, init));
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: whyNot(error, origin) };
  }
}

/**
 * Erases the token and every draft on this device, and gives the API's host permission (and notifications)
 * back; nothing when
 * a change waits that is newer than the newest the person agreed to lose.
 */
export async function signOut(discardingUpTo: number): Promise<SignOutAnswer> {
  const connection = await readSetting(sharedDatabase(), 'connection');
  const answer = await signOutDiscarding(sharedDatabase(), discardingUpTo);
  if (answer.ok && connection)
    await browser.permissions.remove({
      origins: [`${new URL(connection.url).origin}/*`],
      permissions: ['notifications'],
    });
  return answer;
}

function whyNot(error: unknown, origin: string): string {
  if (error instanceof OtherPersonError) return `Not signed in: ${error.message}.`;
  if (!(error instanceof ApiRequestError)) return `Sign-in failed: ${String(error)}`;
  if (error.kind === 'unauthorized')
    return 'The API did not accept this token. Check it with your Baton admin.';
  if (error.kind === 'offline') return `Cannot reach ${origin}. Check the URL and your connection.`;
  return `The API answered with an error: ${error.message}`;
}
