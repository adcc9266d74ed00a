import { sharedDatabase } from '@/lib/db/database';
import { readSetting } from '@/lib/db/settings';
import { ApiRequestError, createApiClient } from '@/lib/device-sync/api-client';
import type { DashboardAnswer } from '@/lib/page-messages';

/**
 * The dashboard page's reads: the background holds the token and the API's URL, so the page asks here
 * and gets the answer's JSON, or what went wrong in words for the person.
 */
export async function dashboardGet(path: string): Promise<DashboardAnswer> {
  const connection = await readSetting(sharedDatabase(), 'connection');
  if (!connection)
    return { ok: false, status: null, problem: 'Sign in on the options page to see the dashboard.' };
  const client = createApiClient({ ...connection, transport: (input, init) => fetch(input, init) });
  try {
    return { ok: true, body: await client.read(path) };
  } catch (error) {
    if (!(error instanceof ApiRequestError))
      return { ok: false, status: null, problem: `Something went wrong: ${String(error)}` };
    if (error.kind === 'offline')
      return {
        ok: false,
        status: null,
        problem: 'Cannot reach the API. Check your connection and try again.',
      };
    if (error.kind === 'unauthorized')
      return {
        ok: false,
        status: 401,
        problem: 'The API no longer accepts your token: sign in again on the options page.',
      };
    return { ok: false, status: error.status ?? null, problem: error.message };
  }
}
