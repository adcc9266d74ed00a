import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { BatonDatabase } from '../../lib/db/database';
import { createApiClient, type Transport } from '../../lib/device-sync/api-client';
import { ExtensionPageMessage } from '../../lib/page-messages';
import { fetchTeamHandoffs, keptFilterSets, teamPageSize } from '../../lib/team/fetch-handoffs';
import type { TeamHandoffsAnswer } from '../../lib/team/handoffs';

const databases: BatonDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.delete()));
});

function database(): BatonDatabase {
  const db = new BatonDatabase(`team-${crypto.randomUUID()}`);
  databases.push(db);
  return db;
}

const account = { system: 'salesforce', instance: 'acme', objectKind: 'account', id: '001A' } as const;
const opportunity = {
  system: 'salesforce',
  instance: 'acme',
  objectKind: 'opportunity',
  id: '006B',
} as const;

/** A row as GET /v1/team/handoffs sends it. */
function apiRow(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    handoffPoint: 'sales_to_cs',
    status: 'submitted',
    customerName: `Customer ${id}`,
    givingUserId: 'u-rep',
    givingTeamId: 't-sales',
    receivingUserId: null,
    receivingTeamId: 't-cs',
    completeness: 0.75,
    exitMet: true,
    slaState: 'breached',
    nextDeadline: '2026-12-01T10:00:00.000Z',
    dueSoonAt: '2026-12-01T08:00:00.000Z',
    submittedAt: '2026-11-30T10:00:00.000Z',
    acceptedAt: null,
    updatedAt: '2026-11-30T10:00:00.000Z',
    records: [account, opportunity],
    ...overrides,
  };
}

/** An API answering every request with `answer`, keeping the URLs asked for. */
function api(answer: () => Response) {
  const asked: URL[] = [];
  const transport: Transport = async (url) => {
    asked.push(new URL(url));
    return answer();
  };
  return { asked, client: createApiClient({ url: 'https://api.test', token: 't', transport }) };
}

const page =
  (handoffs: unknown[], nextOffset: number | null = null) =>
  () =>
    Response.json({ handoffs, nextOffset });

const fetchedAt = new Date('2026-12-05T18:00:00.000Z');
const later = new Date('2026-12-05T19:00:00.000Z');

function expectOk(answer: TeamHandoffsAnswer) {
  if (!answer.ok) throw new Error(`expected a list, got "${answer.problem}"`);
  return answer.list;
}

describe('fetching the team view', () => {
  it("asks the API with the filters, resolves each record's last address, and keeps the list", async () => {
    const db = database();
    await db.recordUrls.bulkPut([
      {
        key: 'salesforce/acme/account/001A',
        url: 'https://acme.example/account',
        seenAt: '2026-12-01T00:00:00Z',
      },
      {
        key: 'salesforce/acme/opportunity/006B',
        url: 'https://acme.example/opp',
        seenAt: '2026-12-02T00:00:00Z',
      },
    ]);
    const { asked, client } = api(page([apiRow('p1'), apiRow('p2', { records: [] })], 50));
    const filters = {
      slaState: 'breached',
      owner: 'u-rep',
      handoffPoint: 'sales_to_cs',
      status: 'submitted',
    } as const;

    const list = expectOk(await fetchTeamHandoffs(db, client, filters, 0, () => fetchedAt));

    expect(Object.fromEntries(asked[0]?.searchParams ?? [])).toEqual({
      slaState: 'breached',
      owner: 'u-rep',
      handoffPoint: 'sales_to_cs',
      status: 'submitted',
      limit: String(teamPageSize),
      offset: '0',
    });
    expect(asked[0]?.pathname).toBe('/v1/team/handoffs');
    // The most recently seen of the linked records; none known for a packet whose records were never open here.
    expect(list.handoffs.map((row) => [row.id, row.recordUrl])).toEqual([
      ['p1', 'https://acme.example/opp'],
      ['p2', null],
    ]);
    expect(list.handoffs[0]).not.toHaveProperty('records');
    expect(list).toMatchObject({ nextOffset: 50, skipped: 0, fetchedAt: fetchedAt.toISOString() });
    const kept = await db.teamHandoffs.toArray();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ nextOffset: 50, fetchedAt: fetchedAt.toISOString() });
    expect(kept[0]?.handoffs.map((row) => row.id)).toEqual(['p1', 'p2']);
  });

  it("falls back on the packet's copy on this device for an API that sends no records", async () => {
    const db = database();
    const { records: _, ...withoutRecords } = apiRow('p1');
    await db.recordUrls.put({
      key: 'salesforce/acme/account/001A',
      url: 'https://acme.example/a',
      seenAt: 'x',
    });
    await db.packets.put({
      id: 'p1',
      recordKeys: [],
      searchWords: [],
      packet: { records: [account] } as never,
    });
    const { client } = api(page([withoutRecords]));
    const list = expectOk(await fetchTeamHandoffs(db, client, {}, 0));
    expect(list.handoffs[0]?.recordUrl).toBe('https://acme.example/a');
  });

  it('shows the list kept for the same filters, with its time and the reason, when the API cannot answer', async () => {
    const db = database();
    const online = api(page([apiRow('p1')]));
    await fetchTeamHandoffs(db, online.client, { slaState: 'breached' }, 0, () => fetchedAt);
    const offline = createApiClient({
      url: 'https://api.test',
      token: 't',
      transport: () => Promise.reject(new TypeError('Failed to fetch')),
    });

    const answer = await fetchTeamHandoffs(db, offline, { slaState: 'breached' }, 0, () => later);

    expect(answer).toMatchObject({
      ok: false,
      problem: 'Cannot reach the API. Check your connection.',
      cached: { fetchedAt: fetchedAt.toISOString(), handoffs: [{ id: 'p1' }] },
    });
    // Other filters were never fetched: nothing to show for them.
    expect(await fetchTeamHandoffs(db, offline, { slaState: 'due_soon' }, 0)).toMatchObject({
      ok: false,
      cached: null,
    });
  });

  it('says why for each kind of failure, and asks someone not signed in to sign in', async () => {
    const db = database();
    const failing = (status: number, message: string) =>
      api(() => Response.json({ error: { code: 'x', message } }, { status })).client;
    const problem = async (client: ReturnType<typeof failing> | null) => {
      const answer = await fetchTeamHandoffs(db, client, {}, 0);
      return answer.ok ? null : answer.problem;
    };
    expect(await problem(null)).toBe('Sign in to Baton to see handoffs.');
    expect(await problem(failing(401, 'bad token'))).toBe(
      'The API no longer accepts your token: sign in again.',
    );
    expect(await problem(failing(403, 'forbidden'))).toBe('The API does not let you see this list.');
    expect(await problem(failing(400, 'owner is too long'))).toBe('The API refused: owner is too long');
    expect(await problem(failing(500, 'database down'))).toBe('The API failed: database down');
    expect(await problem(failing(429, 'slow down'))).toBe('The API is busy. Try again in a moment.');
    // An answer that is not a page at all is the API's fault, not the person's.
    expect(await problem(api(() => Response.json({ rows: [] })).client)).toMatch(/unexpected shape/);
  });

  it('leaves out rows with values this build does not know, and counts them', async () => {
    const db = database();
    const { client } = api(
      page([
        apiRow('p1'),
        apiRow('p2', { status: 'archived' }),
        apiRow('p3', { slaState: 'frozen' }),
        apiRow('p4', { completeness: 7 }),
        apiRow('p5', { nextDeadline: 'tomorrow' }),
        'not a row',
      ]),
    );
    const list = expectOk(await fetchTeamHandoffs(db, client, {}, 0));
    expect(list.handoffs.map((row) => row.id)).toEqual(['p1']);
    expect(list.skipped).toBe(5);
  });

  it('adds a later page to the kept list once, and not to a list refreshed meanwhile', async () => {
    const db = database();
    await fetchTeamHandoffs(db, api(page([apiRow('p1'), apiRow('p2')], 2)).client, {}, 0);
    // p2 moved down the order between the two requests: it comes again on the second page.
    const second = expectOk(
      await fetchTeamHandoffs(db, api(page([apiRow('p2'), apiRow('p3')], null)).client, {}, 2),
    );
    expect(second.handoffs.map((row) => row.id)).toEqual(['p2', 'p3']);
    const kept = await db.teamHandoffs.toArray();
    expect(kept[0]?.handoffs.map((row) => row.id)).toEqual(['p1', 'p2', 'p3']);
    expect(kept[0]?.nextOffset).toBeNull();

    // A page following an offset the kept list does not end at belongs to another list: it is not kept.
    await fetchTeamHandoffs(db, api(page([apiRow('p9')], null)).client, {}, 40);
    expect((await db.teamHandoffs.toArray())[0]?.handoffs.map((row) => row.id)).toEqual(['p1', 'p2', 'p3']);
  });

  it('keeps the lists of the filter sets fetched last, and forgets older ones', async () => {
    const db = database();
    const { client } = api(page([apiRow('p1')]));
    const owners = Array.from({ length: keptFilterSets + 2 }, (_, index) => `u-${index}`);
    for (const [index, owner] of owners.entries())
      await fetchTeamHandoffs(db, client, { owner }, 0, () => new Date(Date.UTC(2026, 11, 5, 10, index)));
    expect(await db.teamHandoffs.count()).toBe(keptFilterSets);
    const kept = await fetchTeamHandoffs(db, null, { owner: 'u-2' }, 0);
    expect(kept).toMatchObject({ ok: false, cached: { handoffs: [{ id: 'p1' }] } });
    expect(await fetchTeamHandoffs(db, null, { owner: 'u-1' }, 0)).toMatchObject({ ok: false, cached: null });
  });
});

describe('the team view message', () => {
  const parse = (message: unknown) => z.safeParse(ExtensionPageMessage, message).success;

  it('takes known filters and a page offset', () => {
    expect(parse({ type: 'team:handoffs', filters: {}, offset: 0 })).toBe(true);
    expect(
      parse({
        type: 'team:handoffs',
        filters: { handoffPoint: 'sales_to_cs', owner: 'u-rep', status: 'draft', slaState: 'due_soon' },
        offset: 50,
      }),
    ).toBe(true);
  });

  it('refuses unknown filter values and bad offsets', () => {
    expect(parse({ type: 'team:handoffs', filters: { slaState: 'late' }, offset: 0 })).toBe(false);
    expect(parse({ type: 'team:handoffs', filters: { status: 'closed ' }, offset: 0 })).toBe(false);
    expect(parse({ type: 'team:handoffs', filters: { owner: '' }, offset: 0 })).toBe(false);
    expect(parse({ type: 'team:handoffs', filters: {}, offset: -1 })).toBe(false);
    expect(parse({ type: 'team:handoffs', filters: {}, offset: 1.5 })).toBe(false);
    expect(parse({ type: 'team:handoffs', offset: 0 })).toBe(false);
  });
});
