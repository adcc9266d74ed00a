import type { BatonDatabase } from '../db/database';
import { type ApiClient, ApiRequestError, type TeamHandoffs } from '../device-sync/api-client';
import type { RecordKey } from '../handoff/record';
import { recordKeyString } from '../handoff/record';
import { appendNew } from './append-new';
import {
  type TeamFilters,
  type TeamHandoffsAnswer,
  type TeamHandoffsList,
  type TeamHandoffView,
  teamFiltersKey,
} from './handoffs';

/** Rows per request: a screenful and some, well under the API's cap of 200. */
export const teamPageSize = 50;
/** Filter sets whose lists are kept; the least recently fetched goes first. */
export const keptFilterSets = 20;

/**
 * One page of the team view from the API, each row with the address its record was last seen at on this
 * device; the list for these filters is kept so that it reads offline. When the API cannot answer, the
 * reason and the list kept last time. `client` is null when nobody is signed in.
 */
export async function fetchTeamHandoffs(
  db: BatonDatabase,
  client: ApiClient | null,
  filters: TeamFilters,
  offset: number,
  now: () => Date = () => new Date(),
): Promise<TeamHandoffsAnswer> {
  const key = teamFiltersKey(filters);
  const cached = async () => (await db.teamHandoffs.get(key)) ?? null;
  if (!client) return { ok: false, problem: 'Sign in to Baton to see handoffs.', cached: await cached() };
  let page: TeamHandoffs;
  try {
    page = await client.teamHandoffs({
      ...(filters.handoffPoint ? { handoffPoint: [filters.handoffPoint] } : {}),
      ...(filters.owner ? { owner: filters.owner } : {}),
      ...(filters.status ? { status: [filters.status] } : {}),
      ...(filters.slaState ? { slaState: [filters.slaState] } : {}),
      limit: teamPageSize,
      offset,
    });
  } catch (error) {
    return { ok: false, problem: problemOf(error), cached: await cached() };
  }
  const list: TeamHandoffsList = {
    handoffs: await withRecordUrls(db, page.handoffs),
    nextOffset: page.nextOffset,
    skipped: page.skipped,
    fetchedAt: now().toISOString(),
  };
  await db.transaction('rw', db.teamHandoffs, async () => {
    const kept = await db.teamHandoffs.get(key);
    if (offset === 0) await db.teamHandoffs.put({ key, ...list });
    // A later page extends the list it follows; one that follows another list (refreshed meanwhile) is dropped.
    else if (kept && kept.nextOffset === offset)
      await db.teamHandoffs.put({
        key,
        ...list,
        handoffs: appendNew(kept.handoffs, list.handoffs),
        skipped: kept.skipped + list.skipped,
      });
    const all = await db.teamHandoffs.toArray();
    const oldest = all.sort((a, b) => b.fetchedAt.localeCompare(a.fetchedAt)).slice(keptFilterSets);
    await db.teamHandoffs.bulkDelete(oldest.map((row) => row.key));
  });
  return { ok: true, list };
}

/**
 * Where each row's record was last seen open (the record router keeps it): the most recent of its linked
 * records. Rows from an API that sends no records fall back on the packet's copy on this device.
 */
async function withRecordUrls(db: BatonDatabase, rows: TeamHandoffs['handoffs']): Promise<TeamHandoffView[]> {
  const local = await db.packets.bulkGet(rows.filter((row) => !row.records).map((row) => row.id));
  const localRecords = new Map(local.flatMap((row) => (row ? [[row.id, row.packet.records] as const] : [])));
  return Promise.all(
    rows.map(async ({ records, ...row }) => {
      const keys = (records ?? localRecords.get(row.id) ?? []).map((record: RecordKey) =>
        recordKeyString(record),
      );
      const seen = await db.recordUrls.bulkGet(keys);
      const latest = seen
        .filter((candidate) => candidate !== undefined)
        .sort((a, b) => b.seenAt.localeCompare(a.seenAt))[0];
      return { ...row, recordUrl: latest?.url ?? null };
    }),
  );
}

/** Why the list could not be fetched, in words for the person looking at it. */
function problemOf(error: unknown): string {
  if (!(error instanceof ApiRequestError)) return `Something went wrong: ${String(error)}`;
  switch (error.kind) {
    case 'offline':
      return 'Cannot reach the API. Check your connection.';
    case 'unauthorized':
      return 'The API no longer accepts your token: sign in again.';
    case 'rate_limited':
      return 'The API is busy. Try again in a moment.';
    case 'server':
      return `The API failed: ${error.message}`;
    case 'refused':
      return error.status === 403
        ? 'The API does not let you see this list.'
        : `The API refused: ${error.message}`;
  }
}
