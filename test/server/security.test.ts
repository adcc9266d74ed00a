import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { Packet } from '../../lib/handoff/packet';
import type { RecordKey } from '../../lib/handoff/record';
import { createApp } from '../../server/app';
import { createUser, revokeTokens } from '../../server/directory';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import { fakeDatabase } from './support/fake-database';
import {
  create,
  expectApplied,
  expectErrorShape,
  linkRecord,
  newId,
  ok,
  opportunity,
  playbookWith,
  recordPath,
  salesToCsAnswers,
  setField,
  transition,
  zendeskOrganization,
} from './support/handoffs';

const walledTables = [
  'workspaces',
  'teams',
  'users',
  'team_members',
  'tokens',
  'playbooks',
  'packets',
  'packet_records',
  'packet_aliases',
  'events',
  'snapshots',
  'clients',
  'rejections',
  'packet_views',
  'webhooks',
  'webhook_deliveries',
];

/** Every /v1 route behind a token, with a body where it takes one. */
const protectedRoutes: Array<[method: string, path: string, body?: unknown]> = [
  ['GET', '/v1/me'],
  ['GET', '/v1/directory'],
  ['POST', '/v1/sync/push', { clientId: 'client-401-test', mutations: [] }],
  ['GET', '/v1/sync/pull?clientId=client-401-test'],
  ['GET', '/v1/packets?q=acme'],
  ['GET', `/v1/packets/${newId()}`],
  ['GET', `/v1/packets/${newId()}/history`],
  ['GET', `/v1/packets/${newId()}/snapshots`],
  ['GET', '/v1/playbook'],
  ['PUT', '/v1/playbook', defaultPlaybook],
  ['POST', '/v1/users', { email: 'x@example.com', name: 'X', role: 'rep', teams: [] }],
  ['GET', '/v1/team/handoffs'],
  ['GET', '/v1/metrics?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z'],
  ['GET', '/v1/metrics/packets?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&figure=cohort'],
  ['POST', '/v1/webhooks', { url: 'https://hooks.example/baton' }],
  ['GET', '/v1/webhooks'],
  ['DELETE', `/v1/webhooks/${newId()}`],
  ['GET', `/v1/webhooks/${newId()}/deliveries`],
];

async function request(
  service: Api,
  method: string,
  path: string,
  authorization: string | null,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await service.app.request(path, {
    method,
    headers: {
      ...(authorization === null ? {} : { authorization }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describeOnEachDatabase('security', (db) => {
  let service: Api;
  let mine: SeededWorkspace;
  let theirs: SeededWorkspace;
  // The same CRM record exists in both companies' Salesforce, under the same key.
  const sharedRecord: RecordKey = opportunity('shared');
  const theirOrganization = zendeskOrganization('globex');
  const myPacket = newId();
  const theirPacket = newId();
  const theirAlias = newId();

  /**
   * One company's ordinary day: a webhook told of a handoff submitted and accepted, a join, a rejection,
   * a lookup, a playbook.
   */
  async function ordinaryDay(ws: SeededWorkspace, packetId: string, alias: string, customer: string) {
    await ok(service, 'POST', '/v1/webhooks', ws.tokens.admin, { url: 'https://hooks.example/baton' });
    const rep = syncClient(service, ws.tokens.rep);
    const pushed = await rep.push([
      create(packetId, sharedRecord),
      ...salesToCsAnswers(packetId, customer, `${customer.toLowerCase()}.example`),
      transition(packetId, 'submit'),
      setField(packetId, 'scope.arr', 'plenty'),
    ]);
    expect(pushed.body.rejections).toHaveLength(1);
    expectApplied(await syncClient(service, ws.tokens.csm).push([transition(packetId, 'accept')]));
    expectApplied(await syncClient(service, ws.tokens.salesManager).push([create(alias, sharedRecord)]));
    await ok(service, 'GET', recordPath(sharedRecord), ws.tokens.support);
    await ok(
      service,
      'PUT',
      '/v1/playbook',
      ws.tokens.admin,
      playbookWith((playbook) => {
        playbook.name = `${customer} playbook`;
      }),
    );
  }

  beforeAll(async () => {
    service = api(db());
    mine = await seedWorkspace(db(), 'Acme Inc');
    theirs = await seedWorkspace(db(), 'Globex Inc');
    await ordinaryDay(mine, myPacket, newId(), 'Acme');
    await ordinaryDay(theirs, theirPacket, theirAlias, 'Globex');
    expectApplied(
      await syncClient(service, theirs.tokens.rep).push([linkRecord(theirPacket, theirOrganization)]),
    );
  });

  describe('authentication', () => {
    it('answers 401 on every route without a token, or with a malformed, unknown, wrong or revoked one', async () => {
      const [, id] = /^bt_([A-Za-z0-9_-]{12})_/.exec(mine.tokens.rep) ?? [];
      const stranger = (await db().transaction((tx) =>
        createUser(tx, mine.id, {
          email: 'leaver@acmeinc.example',
          name: 'Lee Leaver',
          role: 'rep',
          teams: ['sales'],
        }),
      )) as { id: string; token: string };
      expect((await service.call('GET', '/v1/me', stranger.token)).status).toBe(200);
      await db().transaction((tx) => revokeTokens(tx, mine.id, stranger.id));

      const badHeaders: Array<string | null> = [
        null,
        '',
        'Bearer',
        'Bearer ',
        'Bearer not-a-token',
        `Basic ${Buffer.from('rep:secret').toString('base64')}`,
        `Token ${mine.tokens.rep}`,
        `Bearer ${mine.tokens.rep}x`,
        `Bearer ${mine.tokens.rep} ${mine.tokens.rep}`,
        `Bearer bt_${randomBytes(9).toString('base64url')}_${randomBytes(32).toString('base64url')}`,
        `Bearer bt_${id}_${randomBytes(32).toString('base64url')}`,
        `Bearer ${stranger.token}`,
      ];
      for (const [method, path, body] of protectedRoutes)
        for (const authorization of badHeaders) {
          const response = await request(service, method, path, authorization, body);
          expect(response.status, `${method} ${path} with ${authorization}`).toBe(401);
          expectErrorShape(response.body, 'unauthorized');
          expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        }
      // The revoked user's colleagues are unaffected.
      expect((await service.call('GET', '/v1/me', mine.tokens.rep)).status).toBe(200);
    });

    it('answers 403 to a role that may not', async () => {
      const playbook = await service.call('PUT', '/v1/playbook', mine.tokens.csManager, defaultPlaybook);
      const user = await service.call('POST', '/v1/users', mine.tokens.rep, {
        email: 'new@acmeinc.example',
        name: 'New Person',
        role: 'admin',
        teams: [],
      });

      for (const response of [playbook, user]) {
        expect(response.status).toBe(403);
        expectErrorShape(response.body, 'forbidden');
      }
    });
  });

  describe('the workspace wall', () => {
    it("answers 404 for another workspace's packet on every packet route, exactly as for no packet", async () => {
      for (const id of [theirPacket, theirAlias])
        for (const suffix of ['', '/history', '/snapshots'])
          for (const token of [mine.tokens.admin, mine.tokens.rep]) {
            const theirsResponse = await service.call('GET', `/v1/packets/${id}${suffix}`, token);
            const nobodys = await service.call('GET', `/v1/packets/${newId()}${suffix}`, token);
            expect(theirsResponse.status, `${id}${suffix}`).toBe(404);
            expect(theirsResponse.body).toEqual(nobodys.body);
          }
      // Their own people do see it, with its snapshots.
      expect(
        (await ok(service, 'GET', `/v1/packets/${theirPacket}/snapshots`, theirs.tokens.csm)).snapshots,
      ).toHaveLength(2);
    });

    it("never lists another workspace's packets in lookups, search, the team view, metrics or pull", async () => {
      const byRecord = await ok(service, 'GET', recordPath(sharedRecord), mine.tokens.admin);
      const byTheirOrganization = await ok(service, 'GET', recordPath(theirOrganization), mine.tokens.admin);
      const search = await ok(service, 'GET', '/v1/packets?q=globex', mine.tokens.admin);
      const team = await ok(
        service,
        'GET',
        '/v1/team/handoffs?status=draft,submitted,accepted',
        mine.tokens.admin,
      );
      const from = new Date(Date.now() - 3600_000).toISOString();
      const to = new Date(Date.now() + 3600_000).toISOString();
      const metrics = await ok(service, 'GET', `/v1/metrics?from=${from}&to=${to}`, mine.tokens.admin);
      const pulled = await syncClient(service, mine.tokens.admin).pull(0);

      expect(byRecord.packets.map((packet: Packet) => packet.id)).toEqual([myPacket]);
      expect(byTheirOrganization.packets).toEqual([]);
      expect(search.packets).toEqual([]);
      expect(team.handoffs.map((row: { id: string }) => row.id)).toEqual([myPacket]);
      expect(metrics.cohortSize).toBe(1);
      expect(metrics.stageConversion.sales_to_cs.created).toBe(1);
      expect(pulled.body.packets.map((packet: Packet) => packet.id)).toEqual([myPacket]);
      expect(JSON.stringify(pulled.body)).not.toContain(theirAlias);
      expect(JSON.stringify([byRecord, team, metrics, pulled.body])).not.toMatch(/globex/i);
      // Their search does find it, so the test above could have failed.
      expect((await ok(service, 'GET', '/v1/packets?q=globex', theirs.tokens.admin)).packets).toHaveLength(1);
    });

    it("rejects mutations addressed to another workspace's packet as not_found and changes nothing there", async () => {
      const before = await ok(service, 'GET', `/v1/packets/${theirPacket}`, theirs.tokens.admin);
      const historyBefore = await ok(
        service,
        'GET',
        `/v1/packets/${theirPacket}/history`,
        theirs.tokens.admin,
      );
      const intruder = syncClient(service, mine.tokens.admin);

      const response = await intruder.push([
        setField(theirPacket, 'customer.name', 'Pwned'),
        {
          name: 'addItem',
          args: { packetId: theirPacket, list: 'risks', itemId: 'x', values: { text: 'Pwned' } },
        },
        transition(theirPacket, 'close', 'Closing a rival company’s handoff.'),
        transition(theirAlias, 'return', 'Through the alias.'),
        linkRecord(theirPacket, opportunity('intruder')),
        { name: 'reassign', args: { packetId: theirPacket, side: 'receiving', userId: mine.userIds.csm } },
        { name: 'resolveConflict', args: { packetId: theirPacket, conflictId: 'c', keep: 'kept' } },
      ]);
      // Reusing their id for a packet of one's own makes a packet in one's own workspace only.
      const reused = await intruder.push([
        create(theirPacket, sharedRecord, { handoffPoint: 'renewal_expansion' }),
      ]);

      expect(response.status).toBe(200);
      expect(response.body.rejections.map((rejection: { code: string }) => rejection.code)).toEqual(
        Array(7).fill('not_found'),
      );
      expectApplied(reused);
      expect(await ok(service, 'GET', `/v1/packets/${theirPacket}`, theirs.tokens.admin)).toEqual(before);
      expect(await ok(service, 'GET', `/v1/packets/${theirPacket}/history`, theirs.tokens.admin)).toEqual(
        historyBefore,
      );
      expect((await ok(service, 'GET', `/v1/packets/${theirPacket}`, mine.tokens.admin)).handoffPoint).toBe(
        'renewal_expansion',
      );
    });
  });

  describe('row-level security', () => {
    // One query at a time: a transaction is one connection, and pg queues overlapping queries on it.
    async function countAll(tx: {
      query: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;
    }): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const table of walledTables) {
        const [row] = await tx.query(`SELECT count(*)::int AS n FROM ${table}`);
        counts[table] = Number(row?.n);
      }
      return counts;
    }

    async function ownedBy(workspaceId: string): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const table of walledTables) {
        const column = table === 'workspaces' ? 'id' : 'workspace_id';
        const [row] = await db().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`,
          [workspaceId],
        );
        counts[table] = Number(row?.n);
      }
      return counts;
    }

    it('shows the app role no rows at all when no workspace is named', async () => {
      const asOwner = await db().transaction((tx) => countAll(tx));
      const asApp = await db().transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE baton_app');
        return countAll(tx);
      });

      expect(Object.values(asOwner).every((count) => count > 0)).toBe(true);
      expect(asApp).toEqual(Object.fromEntries(walledTables.map((table) => [table, 0])));
    });

    it("shows the app role only the named workspace's rows, and lets it write nowhere else", async () => {
      const expected = await ownedBy(mine.id);
      const asApp = await db().transaction(async (tx) => {
        await tx.query(`SELECT set_config('baton.workspace_id', $1, true)`, [mine.id]);
        await tx.query('SET LOCAL ROLE baton_app');
        return countAll(tx);
      });
      const unfilteredUpdate = await db()
        .transaction(async (tx) => {
          await tx.query(`SELECT set_config('baton.workspace_id', $1, true)`, [mine.id]);
          await tx.query('SET LOCAL ROLE baton_app');
          const rows = await tx.query<{ workspace_id: string }>(
            "UPDATE packets SET status = 'closed' RETURNING workspace_id",
          );
          throw Object.assign(new Error('roll back'), { rows });
        })
        .catch((error: { rows?: Array<{ workspace_id: string }> }) => error.rows);
      const intoTheirs = db().transaction(async (tx) => {
        await tx.query(`SELECT set_config('baton.workspace_id', $1, true)`, [mine.id]);
        await tx.query('SET LOCAL ROLE baton_app');
        await tx.query(
          `INSERT INTO teams (workspace_id, id, name, function) VALUES ($1, 'spies', 'Spies', 'sales')`,
          [theirs.id],
        );
      });

      expect(asApp).toEqual(expected);
      expect(expected.packets).toBeGreaterThan(0);
      expect(unfilteredUpdate?.length).toBe(expected.packets);
      expect(new Set(unfilteredUpdate?.map((row) => row.workspace_id))).toEqual(new Set([mine.id]));
      await expect(intoTheirs).rejects.toThrow(/row-level security|policy/);
      expect((await ok(service, 'GET', `/v1/packets/${theirPacket}`, theirs.tokens.admin)).status).toBe(
        'accepted',
      );
    });
  });

  describe('malformed input', () => {
    const now = new Date().toISOString();
    const mutation = {
      id: 1,
      name: 'createPacket',
      args: create(newId(), opportunity()).args,
      createdAt: now,
    };
    const cases: Array<
      [label: string, method: string, path: string, body: unknown, code: string, paths: string[]]
    > = [
      [
        'truncated JSON',
        'POST',
        '/v1/sync/push',
        '{"clientId": "abcdefgh", "mutations": [',
        'invalid_json',
        [],
      ],
      ['an empty body', 'POST', '/v1/sync/push', '', 'invalid_json', []],
      [
        'a push without clientId',
        'POST',
        '/v1/sync/push',
        { mutations: [mutation] },
        'invalid_request',
        ['clientId'],
      ],
      [
        'a short clientId',
        'POST',
        '/v1/sync/push',
        { clientId: 'abc', mutations: [mutation] },
        'invalid_request',
        ['clientId'],
      ],
      [
        'no mutations',
        'POST',
        '/v1/sync/push',
        { clientId: 'abcdefgh', mutations: [] },
        'invalid_request',
        ['mutations'],
      ],
      [
        'too many mutations',
        'POST',
        '/v1/sync/push',
        {
          clientId: 'abcdefgh',
          mutations: Array.from({ length: 501 }, (_, index) => ({ ...mutation, id: index + 1 })),
        },
        'invalid_request',
        ['mutations'],
      ],
      [
        'a mutation id of 0',
        'POST',
        '/v1/sync/push',
        { clientId: 'abcdefgh', mutations: [{ ...mutation, id: 0 }] },
        'invalid_request',
        ['mutations[0].id'],
      ],
      [
        'a fractional mutation id and a bad date',
        'POST',
        '/v1/sync/push',
        { clientId: 'abcdefgh', mutations: [mutation, { ...mutation, id: 1.5, createdAt: 'yesterday' }] },
        'invalid_request',
        ['mutations[1].id', 'mutations[1].createdAt'],
      ],
      [
        'a NUL in a mutation name',
        'POST',
        '/v1/sync/push',
        { clientId: 'abcdefgh', mutations: [{ ...mutation, name: 'setField\u0000' }] },
        'invalid_request',
        ['mutations[0].name'],
      ],
      ['a pull without clientId', 'GET', '/v1/sync/pull', undefined, 'invalid_request', ['clientId']],
      [
        'a negative cursor',
        'GET',
        '/v1/sync/pull?clientId=abcdefgh&cursor=-1',
        undefined,
        'invalid_request',
        ['cursor'],
      ],
      [
        'a cursor that is no number',
        'GET',
        '/v1/sync/pull?clientId=abcdefgh&cursor=soon',
        undefined,
        'invalid_request',
        ['cursor'],
      ],
      [
        'a cursor beyond 2^53',
        'GET',
        '/v1/sync/pull?clientId=abcdefgh&cursor=1e300',
        undefined,
        'invalid_request',
        ['cursor'],
      ],
      [
        'a packet query with neither form',
        'GET',
        '/v1/packets',
        undefined,
        'invalid_request',
        ['q', 'system', 'recordId'],
      ],
      [
        'an unknown CRM',
        'GET',
        '/v1/packets?system=excel&instance=acme&objectKind=account&recordId=1',
        undefined,
        'invalid_request',
        ['system'],
      ],
      [
        'a NUL in a record id',
        'GET',
        '/v1/packets?system=salesforce&instance=acme&objectKind=account&recordId=1%00',
        undefined,
        'invalid_request',
        ['recordId'],
      ],
      ['a one-letter search', 'GET', '/v1/packets?q=a', undefined, 'invalid_request', ['q']],
      ['a NUL in a search', 'GET', '/v1/packets?q=ac%00me', undefined, 'invalid_request', ['q']],
      [
        'unknown statuses and a zero limit',
        'GET',
        '/v1/team/handoffs?status=draft,lost&limit=0&slaState=late',
        undefined,
        'invalid_request',
        ['status[1]', 'limit', 'slaState[0]'],
      ],
      [
        'a negative offset',
        'GET',
        '/v1/team/handoffs?offset=-5&handoffPoint=upsell',
        undefined,
        'invalid_request',
        ['offset', 'handoffPoint[0]'],
      ],
      ['a NUL in an owner', 'GET', '/v1/team/handoffs?owner=rep%00', undefined, 'invalid_request', ['owner']],
      ['metrics without a window', 'GET', '/v1/metrics', undefined, 'invalid_request', ['from', 'to']],
      [
        'metrics ending before they start',
        'GET',
        '/v1/metrics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
        undefined,
        'invalid_request',
        ['to'],
      ],
      [
        'metrics from no date',
        'GET',
        '/v1/metrics?from=last-week&to=2026-01-01T00:00:00Z',
        undefined,
        'invalid_request',
        ['from'],
      ],
      [
        'a drill-down of an unknown figure in no month',
        'GET',
        '/v1/metrics/packets?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&figure=revenue&month=2026-13',
        undefined,
        'invalid_request',
        ['figure', 'month'],
      ],
      [
        'a drill-down without a figure and with a huge limit',
        'GET',
        '/v1/metrics/packets?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&limit=5000',
        undefined,
        'invalid_request',
        ['figure', 'limit'],
      ],
      [
        'a user with a NUL in the name',
        'POST',
        '/v1/users',
        { email: 'nul@acmeinc.example', name: 'Nul\u0000Byte', role: 'rep', teams: ['sales'] },
        'invalid_request',
        ['name'],
      ],
      [
        'a playbook with an unpaired surrogate',
        'PUT',
        '/v1/playbook',
        { ...defaultPlaybook, name: 'Broken \ud800 name' },
        'invalid_request',
        ['name'],
      ],
      ['a JSON array for a user', 'POST', '/v1/users', [], 'invalid_request', ['']],
    ];

    it.each(cases)('answers 400 naming the path for %s', async (_label, method, path, body, code, paths) => {
      const response = await service.call(method, path, mine.tokens.admin, body);

      expect(response.status).toBe(400);
      expectErrorShape(response.body, code);
      const named = (response.body.error.issues ?? []).map((issue: { path: string }) => issue.path);
      expect(named).toEqual(expect.arrayContaining(paths));
    });

    it('rejects only the mutation whose arguments hold text the database cannot store', async () => {
      const rep = syncClient(service, mine.tokens.rep);
      const id = newId();

      const response = await rep.push([
        create(id, opportunity()),
        setField(id, 'customer.name', 'Acme\u0000Corp'),
        create(newId(), opportunity(), { prefill: { 'customer.name\ud83d': 'Acme' } }),
        setField(id, 'customer.name', 'Acme Corp'),
      ]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        lastMutationId: 4,
        rejections: [
          {
            mutationId: 2,
            name: 'setField',
            code: 'invalid_args',
            message: expect.stringContaining('value'),
          },
          {
            mutationId: 3,
            name: 'createPacket',
            code: 'invalid_args',
            message: expect.stringContaining('prefill'),
          },
        ],
      });
      expect(
        (await ok(service, 'GET', `/v1/packets/${id}`, mine.tokens.rep)).fields['customer.name'].value,
      ).toBe('Acme Corp');
    });

    it('survives nesting deeper than the call stack', async () => {
      const depth = 200_000;
      const nested = `${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`;
      const client = syncClient(service, mine.tokens.rep);
      const asBody = await service.call('POST', '/v1/users', mine.tokens.admin, nested);
      const asArgs = await service.call(
        'POST',
        '/v1/sync/push',
        mine.tokens.rep,
        `{"clientId":"${client.clientId}","mutations":[{"id":1,"name":"setField","createdAt":"${now}","args":${nested}}]}`,
      );

      expect(asBody.status).toBe(400);
      expectErrorShape(asBody.body, 'invalid_request');
      expect(asArgs.status).toBe(200);
      expect(asArgs.body.rejections).toEqual([
        expect.objectContaining({ mutationId: 1, code: 'invalid_args' }),
      ]);
    });

    it('keeps serving after all of that', async () => {
      const id = newId();
      expect((await service.call('GET', '/healthz', null)).body).toEqual({ ok: true, database: db().kind });
      expectApplied(await syncClient(service, mine.tokens.rep).push([create(id, opportunity())]), 1);
      expect((await ok(service, 'GET', `/v1/packets/${id}`, mine.tokens.csm)).id).toBe(id);
    });
  });

  describe('limits', () => {
    const pushBody = (clientId: string, padding: number) =>
      JSON.stringify({
        clientId,
        mutations: [
          {
            id: 1,
            name: 'createPacket',
            args: { ...create(newId(), opportunity()).args, prefill: { decisionNotes: 'x'.repeat(padding) } },
            createdAt: new Date().toISOString(),
          },
        ],
      });
    const streamOf = (text: string, chunkSize = 100) => {
      const bytes = new TextEncoder().encode(text);
      let offset = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(offset, offset + chunkSize));
          offset += chunkSize;
        },
      });
    };
    const chunked = (small: Api, body: ReadableStream<Uint8Array>, token: string) =>
      small.app.request(
        new Request('http://baton.test/v1/sync/push', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit),
      );

    it('refuses a body over the limit with 413, with or without a Content-Length', async () => {
      const small = api(db(), { bodyLimitBytes: 1000 });
      const client = syncClient(small, mine.tokens.rep);

      const declared = await small.call(
        'POST',
        '/v1/sync/push',
        mine.tokens.rep,
        pushBody(client.clientId, 2000),
      );
      const playbook = await small.call('PUT', '/v1/playbook', mine.tokens.admin, defaultPlaybook);
      const user = await small.call('POST', '/v1/users', mine.tokens.admin, {
        email: 'long@acmeinc.example',
        name: 'L'.repeat(1200),
        role: 'rep',
        teams: ['sales'],
      });
      const streamed = await chunked(small, streamOf(pushBody(client.clientId, 2000)), mine.tokens.rep);
      let sent = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 512;
          controller.enqueue(new TextEncoder().encode(' '.repeat(512)));
        },
      });
      const forever = await chunked(small, endless, mine.tokens.rep);
      const fits = await chunked(small, streamOf(pushBody(client.clientId, 100)), mine.tokens.rep);

      for (const response of [declared, playbook, user]) {
        expect(response.status).toBe(413);
        expectErrorShape(response.body, 'body_too_large');
      }
      expect(streamed.status).toBe(413);
      expectErrorShape(await streamed.json(), 'body_too_large');
      expect(forever.status).toBe(413);
      expect(sent).toBeLessThan(10_000);
      expect(fits.status).toBe(200);
      expect(await fits.json()).toEqual({ lastMutationId: 1, rejections: [] });
    });

    it('answers 429 with Retry-After once a token has used up its requests, and only for that token', async () => {
      const limited = api(db(), { rateLimit: { burst: 2, perSecond: 0.001 } });

      const allowed = [
        await limited.call('GET', '/v1/me', mine.tokens.support),
        await limited.call('GET', '/v1/playbook', mine.tokens.support),
      ];
      const refused = await request(limited, 'GET', '/v1/me', `Bearer ${mine.tokens.support}`);
      const someoneElse = await limited.call('GET', '/v1/me', mine.tokens.marketer);
      const anonymous = await limited.call('GET', '/v1/me', null);

      expect(allowed.map((response) => response.status)).toEqual([200, 200]);
      expect(refused.status).toBe(429);
      expectErrorShape(refused.body, 'rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(someoneElse.status).toBe(200);
      expect(anonymous.status).toBe(401);
    });

    it('sends no CORS headers', async () => {
      const preflight = await service.app.request('/v1/sync/push', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      const get = await service.app.request('/v1/me', {
        headers: { origin: 'https://evil.example', authorization: `Bearer ${mine.tokens.rep}` },
      });

      for (const response of [preflight, get])
        for (const [name] of response.headers) expect(name).not.toMatch(/^access-control-/);
      expect(get.status).toBe(200);
    });

    it('logs method, route and status, never tokens, query strings or packet contents', async () => {
      const lines: Array<Record<string, unknown>> = [];
      const logged = api(db(), { log: (line) => lines.push(line) });
      const id = newId();
      const client = syncClient(logged, mine.tokens.rep);
      await client.push([
        create(id, opportunity()),
        setField(id, 'customer.name', 'Confidential Customer Ltd'),
      ]);
      await logged.call('GET', '/v1/packets?q=confidential', mine.tokens.rep);
      await logged.call('GET', `/v1/packets/${id}`, mine.tokens.rep);
      await logged.call('GET', '/v1/me', 'bt_not_a_real_token');

      const text = JSON.stringify(lines);
      expect(lines).toHaveLength(4);
      expect(lines[0]).toEqual({
        at: expect.any(String),
        method: 'POST',
        route: '/v1/sync/push',
        status: 200,
        ms: expect.any(Number),
      });
      expect(lines.map((line) => line.status)).toEqual([200, 200, 200, 401]);
      for (const secret of [
        mine.tokens.rep,
        'bt_not_a_real_token',
        'Confidential',
        'confidential',
        id,
        client.clientId,
      ])
        expect(text).not.toContain(secret);
    });
  });
});

describe('internal errors', () => {
  it('answer 500 in the error shape, without the stack or the driver message', async () => {
    const failure = new Error(
      'relation "tokens" does not exist at /work/main/server/http/authenticate.ts:31',
    );
    const app = createApp({ db: fakeDatabase({ query: () => Promise.reject(failure) }) });
    const quiet = console.error;
    console.error = () => {};
    try {
      const response = await app.request('/v1/me', {
        headers: { authorization: `Bearer bt_${'a'.repeat(12)}_${'b'.repeat(43)}` },
      });
      const body = await response.json();

      expect(response.status).toBe(500);
      expectErrorShape(body, 'internal_error');
      expect(JSON.stringify(body)).not.toMatch(/relation|tokens|authenticate/);
    } finally {
      console.error = quiet;
    }
  });
});
