import { sharedDatabase } from '@/lib/db/database';
import { readSetting } from '@/lib/db/settings';
import { createApiClient } from '@/lib/device-sync/api-client';
import type { TeamHandoffsMessage } from '@/lib/page-messages';
import { fetchTeamHandoffs } from '@/lib/team/fetch-handoffs';
import type { TeamHandoffsAnswer } from '@/lib/team/handoffs';

/** The team view's page, fetched here where the token is; the view itself never calls the API. */
export async function teamHandoffsFor(message: TeamHandoffsMessage): Promise<TeamHandoffsAnswer> {
  const db = sharedDatabase();
  const connection = await readSetting(db, 'connection');
  const client = connection
    ? createApiClient({ ...connection, transport: (input, init) => fetch(input, init) })
    : null;
  return fetchTeamHandoffs(db, client, message.filters, message.offset);
}
