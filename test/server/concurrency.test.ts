import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Packet } from '../../lib/handoff/packet';
import { PullResponse } from '../../lib/sync/protocol';
import { type Database, openPostgres } from '../../server/db/connection';
import { migrate } from '../../server/db/migrate';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { dropTestPostgres, openTestPostgres, postgresAvailable } from './support/databases';
import {
  addItem,
  type Change,
  create,
  expectApplied,
  newId,
  ok,
  opportunity,
  recordPath,
  setField,
} from './support/handoffs';

/** A client whose mutation ids run on across whichever API instance it reaches. */
function numberedClient(token: string, clientId = `multi-${randomBytes(6).toString('hex')}`) {
  let nextId = 1;
  return {
    clientId,
    body(changes: Change[]) {
      const mutations = changes.map((change) => ({
        id: nextId++,
        createdAt: new Date().toISOString(),
        ...change,
      }));
      return { clientId, mutations };
    },
    push(service: Api, body: unknown) {
      return service.call('POST', '/v1/sync/push', token, body);
    },
  };
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!postgresAvailable)('concurrency on PostgreSQL', () => {
  let db: Database;
  let ws: SeededWorkspace;
  let service: Api;

  beforeAll(async () => {
    db = await openTestPostgres();
    ws = await seedWorkspace(db, 'Concurrent Co');
    service = api(db);
  });

  afterAll(async () => {
    if (db) await dropTestPostgres(db);
  });

  const packet = async (id: string, via = service): Promise<Packet> =>
    ok(via, 'GET', `/v1/packets/${id}`, ws.tokens.admin);
  const history = async (id: string, via = service): Promise<Array<{ seq: number; type: string }>> =>
    (await ok(via, 'GET', `/v1/packets/${id}/history`, ws.tokens.admin)).events;

  it('applies a batch exactly once when the same batch arrives twice at the same moment', async () => {
    const client = numberedClient(ws.tokens.rep);
    const id = newId();
    const rounds = 6;

    for (let round = 0; round < rounds; round++) {
      const body = client.body([
        ...(round === 0 ? [create(id, opportunity('twice'))] : []),
        addItem(id, 'risks', `risk-${round}`, { text: `Risk number ${round}`, severity: 'medium' }),
        setField(id, 'scope.seats', 100 + round, round === 0 ? null : `${client.clientId}/${round * 2 + 1}`),
      ]);
      const last = body.mutations.at(-1)?.id;
      const [first, second] = await Promise.all([client.push(service, body), client.push(service, body)]);
      expectApplied(first, last);
      expectApplied(second, last);
    }

    const events = await history(id);
    expect(events.filter((event) => event.type === 'item_added')).toHaveLength(rounds);
    expect(events.filter((event) => event.type === 'field_set')).toHaveLength(rounds);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const stored = await packet(id);
    expect(stored.lists.risks?.map((item) => item.id)).toEqual(
      Array.from({ length: rounds }, (_, round) => `risk-${round}`),
    );
    expect(stored.fields['scope.seats']?.value).toBe(100 + rounds - 1);
    expect(stored.conflicts).toEqual([]);
  });

  it('applies both when two clients push to the same packet at once', async () => {
    const id = newId();
    const rep = syncClient(service, ws.tokens.rep);
    const manager = syncClient(service, ws.tokens.salesManager);
    expectApplied(await rep.push([create(id, opportunity('both'))]));
    const rounds = 8;

    for (let round = 0; round < rounds; round++) {
      const [fromRep, fromManager] = await Promise.all([
        rep.push([addItem(id, 'pains', `rep-${round}`, { text: `Pain the rep heard, #${round}` })]),
        manager.push([
          addItem(id, 'goals', `manager-${round}`, { text: `Goal the manager agreed, #${round}` }),
        ]),
      ]);
      expectApplied(fromRep);
      expectApplied(fromManager);
    }

    const stored = await packet(id);
    expect(stored.lists.pains).toHaveLength(rounds);
    expect(stored.lists.goals).toHaveLength(rounds);
    const events = await history(id);
    expect(events).toHaveLength(1 + 2 * rounds);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(stored.seq).toBe(events.length);
  });

  it('makes exactly one packet when two managers create one for the same record at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const record = opportunity(`race${round}`);
      // Both may edit whichever packet wins: the sales manager as the giving side's manager, the CS
      // manager as the receiving side's (see the report on a rep joining a manager's packet).
      const salesId = newId();
      const csId = newId();
      const sales = syncClient(service, ws.tokens.salesManager);
      const cs = syncClient(service, ws.tokens.csManager);

      const [fromSales, fromCs] = await Promise.all([
        sales.push([
          create(salesId, record, { givingTeamId: 'sales' }),
          setField(salesId, 'customer.name', 'Acme Corp'),
        ]),
        cs.push([
          create(csId, record, { givingTeamId: 'sales' }),
          setField(csId, 'decisionNotes', 'Chose us for the Salesforce integration.'),
        ]),
      ]);

      expectApplied(fromSales, 2);
      expectApplied(fromCs, 2);
      const found = (await ok(service, 'GET', recordPath(record), ws.tokens.admin)).packets as Packet[];
      expect(found).toHaveLength(1);
      const [joined] = found;
      expect(joined?.fields['customer.name']?.value).toBe('Acme Corp');
      expect(joined?.fields.decisionNotes?.value).toBe('Chose us for the Salesforce integration.');
      expect([salesId, csId]).toContain(joined?.id);
      const adopted = joined?.id === salesId ? csId : salesId;
      const loser = joined?.id === salesId ? cs : sales;
      expect((await packet(adopted)).id).toBe(joined?.id);
      expect(PullResponse.parse((await loser.pull(0)).body).tombstones).toContainEqual({
        id: adopted,
        adoptedBy: joined?.id,
      });
      expect((await history(joined?.id ?? '')).filter((event) => event.type === 'created')).toHaveLength(1);
    }
  });

  it('never skips a change in pull when writers commit out of order', async () => {
    const team = await seedWorkspace(db, 'Out Of Order Co');
    const writerA = syncClient(service, team.tokens.rep);
    const writerB = syncClient(service, team.tokens.otherRep);
    const reader = syncClient(service, team.tokens.salesManager);
    const packetA = newId();
    const packetB = newId();
    expectApplied(await writerA.push([create(packetA, opportunity('a'))]));
    expectApplied(await writerB.push([create(packetB, opportunity('b'))]));
    const start = PullResponse.parse((await reader.pull(0)).body);
    expect(start.packets).toHaveLength(2);
    const seqA = (await ok(service, 'GET', `/v1/packets/${packetA}`, team.tokens.admin)).seq as number;

    // A separate connection takes the history slot push A is about to write, so that push A stops
    // half-way through its transaction: its packet row already written, nothing committed.
    const blocker = new pg.Client({
      connectionString: process.env.DATABASE_URL,
      options: `-c search_path=${db.schema}`,
    });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        `INSERT INTO events (workspace_id, packet_id, seq, type, at, actor_id, data)
         VALUES ($1, $2, $3, 'field_set', now(), 'blocker', '{}')`,
        [team.id, packetA, seqA + 1],
      );
      const [{ pid }] = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
      const pushA = writerA.push([setField(packetA, 'customer.name', 'Written by A, committed last')]);
      await waitFor(async () => {
        const [row] = await db.query<{ waiting: number }>(
          'SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [pid],
        );
        return Number(row?.waiting) > 0;
      }, 'push A waits for the blocker');

      // B starts after A and commits before it. (A scheme that numbered changes as they start would have
      // A hold the counter here, and B would wait for ever.)
      const pushB = writerB.push([setField(packetB, 'customer.name', 'Written by B, committed first')]);
      const stuck = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 5_000));
      expect(await Promise.race([pushB, stuck]), 'push B commits while push A is still open').not.toBe(
        'stuck',
      );
      expectApplied(await pushB);
      const middle = PullResponse.parse((await reader.pull(start.cursor)).body);
      expect(middle.packets.map((found) => found.id)).toEqual([packetB]);
      expect(middle.packets[0]?.fields['customer.name']?.value).toBe('Written by B, committed first');

      await blocker.query('ROLLBACK');
      expectApplied(await pushA, 2);
      const after = PullResponse.parse((await reader.pull(middle.cursor)).body);

      expect(after.packets.map((found) => found.id)).toEqual([packetA]);
      expect(after.packets[0]?.fields['customer.name']?.value).toBe('Written by A, committed last');
      expect(after.cursor).toBeGreaterThan(middle.cursor);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
  });

  describe('several API instances on one database', () => {
    let second: Database;
    let instances: [Api, Api];

    beforeAll(async () => {
      second = await openPostgres(String(process.env.DATABASE_URL), db.schema);
      instances = [service, api(second)];
    });

    afterAll(async () => {
      await second?.close();
    });

    it('serves one client across instances, and many clients on both at once, each change once', async () => {
      const [one, two] = instances;
      const rep = numberedClient(ws.tokens.rep);
      const manager = numberedClient(ws.tokens.salesManager);
      const id = newId();
      expectApplied(await rep.push(one, rep.body([create(id, opportunity('instances'))])), 1);

      // The same client, alternating between instances.
      for (let round = 0; round < 6; round++) {
        const via = round % 2 === 0 ? two : one;
        expectApplied(
          await rep.push(
            via,
            rep.body([addItem(id, 'milestones', `m-${round}`, { title: `Milestone ${round}` })]),
          ),
          round + 2,
        );
      }
      // Two people at once on different instances, and one batch delivered to both instances at once.
      for (let round = 0; round < 6; round++) {
        const replayed = rep.body([addItem(id, 'risks', `risk-${round}`, { text: `Risk ${round}` })]);
        const results = await Promise.all([
          rep.push(one, replayed),
          rep.push(two, replayed),
          manager.push(
            round % 2 === 0 ? one : two,
            manager.body([addItem(id, 'goals', `g-${round}`, { text: `Goal ${round}` })]),
          ),
        ]);
        for (const result of results) expectApplied(result);
      }

      const [viaOne, viaTwo] = await Promise.all([packet(id, one), packet(id, two)]);
      expect(viaOne).toEqual(viaTwo);
      expect(viaOne.lists.milestones).toHaveLength(6);
      expect(viaOne.lists.risks).toHaveLength(6);
      expect(viaOne.lists.goals).toHaveLength(6);
      const events = await history(id, two);
      expect(events).toHaveLength(1 + 18);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      const pulls = await Promise.all(
        instances.map(async (instance) =>
          PullResponse.parse(
            (await instance.call('GET', `/v1/sync/pull?clientId=${rep.clientId}&cursor=0`, ws.tokens.rep))
              .body,
          ),
        ),
      );
      expect(pulls[0]).toEqual(pulls[1]);
      expect(pulls[0]?.lastMutationId).toBe(13);
      expect(pulls[0]?.packets.find((found) => found.id === id)).toEqual(viaOne);
    });
  });

  it('lets instances that start together migrate one schema without stepping on each other', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const [first, other] = await Promise.all([
      openPostgres(String(process.env.DATABASE_URL), schema),
      openPostgres(String(process.env.DATABASE_URL), schema),
    ]);
    try {
      const applied = await Promise.all([migrate(first), migrate(other), migrate(first)]);
      const files = (await readdir(new URL('../../server/db/migrations/', import.meta.url))).filter((file) =>
        file.endsWith('.sql'),
      );

      expect(applied.flat().sort()).toEqual(files.sort());
      const fresh = await seedWorkspace(other, 'Fresh Co');
      expect((await ok(api(first), 'GET', '/v1/me', fresh.tokens.rep)).workspace.name).toBe('Fresh Co');
    } finally {
      await other.close();
      await dropTestPostgres(first);
    }
  });
});
