import { beforeAll, describe, expect, it } from 'vitest';
import { Packet } from '../../lib/handoff/packet';
import { PullResponse } from '../../lib/sync/protocol';
import { createTeam, createUser } from '../../server/directory';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import {
  addItem,
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

const now = () => new Date().toISOString();

describeOnEachDatabase('POST /v1/sync/push and GET /v1/sync/pull', (db) => {
  let ws: SeededWorkspace;
  let service: Api;

  beforeAll(async () => {
    ws = await seedWorkspace(db());
    service = api(db());
  });

  const history = async (id: string) =>
    (await ok(service, 'GET', `/v1/packets/${id}/history`, ws.tokens.admin)).events as Array<{
      seq: number;
      type: string;
      actorId: string;
    }>;
  const packet = async (id: string) =>
    Packet.parse(await ok(service, 'GET', `/v1/packets/${id}`, ws.tokens.admin));

  describe('push', () => {
    it('applies the mutations in order and answers, once committed, with the last id and no rejections', async () => {
      const rep = syncClient(service, ws.tokens.rep);
      const id = newId();

      const response = await rep.push([
        create(id, opportunity()),
        setField(id, 'customer.name', 'Acme Corp'),
        addItem(id, 'pains', 'pain-1', { text: 'Customers repeat their goals to three teams.' }),
        setField(id, 'customer.name', 'Acme Corporation', `${rep.clientId}/2`),
      ]);

      expectApplied(response, 4);
      // Another person, on another request (another connection on PostgreSQL), already sees it all.
      const stored = Packet.parse(await ok(service, 'GET', `/v1/packets/${id}`, ws.tokens.csManager));
      expect(stored.fields['customer.name']).toMatchObject({
        value: 'Acme Corporation',
        rev: `${rep.clientId}/4`,
        setBy: ws.userIds.rep,
      });
      expect(stored.lists.pains?.[0]?.fields.text?.value).toBe(
        'Customers repeat their goals to three teams.',
      );
      expect(stored.owners).toEqual({
        givingUserId: ws.userIds.rep,
        givingTeamId: 'sales',
        receivingUserId: null,
        receivingTeamId: 'cs',
      });
      expect((await history(id)).map((event) => event.type)).toEqual([
        'created',
        'field_set',
        'item_added',
        'field_set',
      ]);
    });

    it('changes nothing when a batch is replayed, and applies only the new part of an overlapping one', async () => {
      const rep = syncClient(service, ws.tokens.rep);
      const id = newId();
      const batch = {
        clientId: rep.clientId,
        mutations: [
          { id: 1, name: 'createPacket', args: create(id, opportunity()).args, createdAt: now() },
          {
            id: 2,
            name: 'setField',
            args: setField(id, 'customer.name', 'Acme Corp').args,
            createdAt: now(),
          },
          { id: 3, name: 'setField', args: setField(id, 'scope.arr', 'lots').args, createdAt: now() },
        ],
      };
      const first = await rep.pushRaw(batch);
      expect(first.status).toBe(200);
      expect(first.body.lastMutationId).toBe(3);
      expect(first.body.rejections).toHaveLength(1);
      const before = await packet(id);
      const historyBefore = await history(id);

      const replayed = await rep.pushRaw(batch);

      expect(replayed.status).toBe(200);
      expect(replayed.body).toEqual({ lastMutationId: 3, rejections: [] });
      expect(await packet(id)).toEqual(before);
      expect(await history(id)).toEqual(historyBefore);

      const overlapping = await rep.pushRaw({
        clientId: rep.clientId,
        mutations: [
          batch.mutations[2],
          { id: 4, name: 'setField', args: setField(id, 'scope.arr', 120_000).args, createdAt: now() },
        ],
      });
      expectApplied(overlapping, 4);
      expect((await packet(id)).fields['scope.arr']?.value).toBe(120_000);
      expect(await history(id)).toHaveLength(historyBefore.length + 1);
    });

    it("lets the handoff's receiving function accept a packet started with no receiving team, and joins whoever links their record", async () => {
      const team = await seedWorkspace(db(), 'Unaddressed Co');
      const id = newId();
      const rep = syncClient(service, team.tokens.rep);
      expectApplied(
        await rep.push([
          create(id, opportunity(), { receivingTeamId: null }),
          ...salesToCsAnswers(id),
          transition(id, 'submit'),
        ]),
      );

      // Before anybody accepts it, the managers of CS see it coming, in their team view and their pulls.
      const submittedIn = async (token: string) =>
        (await ok(service, 'GET', '/v1/team/handoffs?status=submitted&limit=200', token)).handoffs.map(
          (row: { id: string }) => row.id,
        );
      expect(await submittedIn(team.tokens.csManager)).toContain(id);
      expect(await submittedIn(team.tokens.marketer)).not.toContain(id);
      const pulledBy = async (token: string) =>
        PullResponse.parse((await syncClient(service, token).pull(0)).body).packets.map(
          (pulled) => pulled.id,
        );
      expect(await pulledBy(team.tokens.csManager)).toContain(id);
      expect(await pulledBy(team.tokens.marketer)).not.toContain(id);

      // Support links its Zendesk organization: it joins the packet, and cannot accept it for CS.
      const support = syncClient(service, team.tokens.support);
      expectApplied(await support.push([linkRecord(id, zendeskOrganization())]));
      const refused = await support.push([transition(id, 'accept')]);
      expect(refused.body.rejections).toEqual([
        expect.objectContaining({ name: 'transition', code: 'forbidden' }),
      ]);
      expectApplied(await syncClient(service, team.tokens.csm).push([transition(id, 'accept')]));

      const stored = Packet.parse(await ok(service, 'GET', `/v1/packets/${id}`, team.tokens.admin));
      expect(stored.status).toBe('accepted');
      expect(stored.owners).toMatchObject({ receivingUserId: team.userIds.csm, receivingTeamId: 'cs' });
      expect(stored.contributors).toEqual([team.userIds.support]);
      expect(stored.records).toHaveLength(2);
    });

    it('records a mutation that fails validation or authorisation as rejected, with its reason, and applies the rest', async () => {
      const rep = syncClient(service, ws.tokens.rep);
      const csm = syncClient(service, ws.tokens.csm);
      const id = newId();

      const response = await rep.push([
        create(id, opportunity()),
        setField(id, 'scope.arr', 'a lot'),
        { name: 'frobnicate', args: { packetId: id } },
        { name: 'setField', args: { packetId: id, field: 'customer.name' } },
        transition(id, 'submit'),
        setField(id, 'customer.name', 'Acme Corp'),
      ]);
      const byCsm = await csm.push([
        setField(id, 'decisionNotes', 'The CSM may read this packet but not write it yet.'),
        setField(newId(), 'customer.name', 'No such packet'),
      ]);

      expect(response.status).toBe(200);
      expect(response.body.lastMutationId).toBe(6);
      expect(response.body.rejections).toEqual([
        { mutationId: 2, name: 'setField', code: 'invalid_value', message: expect.stringContaining('ARR') },
        {
          mutationId: 3,
          name: 'frobnicate',
          code: 'invalid_args',
          message: expect.stringContaining('frobnicate'),
        },
        {
          mutationId: 4,
          name: 'setField',
          code: 'invalid_args',
          message: expect.stringMatching(/value|baseRev/),
        },
        { mutationId: 5, name: 'transition', code: 'criteria_unmet', message: expect.any(String) },
      ]);
      expect(byCsm.status).toBe(200);
      expect(byCsm.body).toEqual({
        lastMutationId: 2,
        rejections: [
          { mutationId: 1, name: 'setField', code: 'forbidden', message: expect.stringContaining('owners') },
          { mutationId: 2, name: 'setField', code: 'not_found', message: 'no such packet' },
        ],
      });
      const stored = await packet(id);
      expect(stored.status).toBe('draft');
      expect(stored.fields['customer.name']?.value).toBe('Acme Corp');
      expect(stored.fields['scope.arr']).toBeUndefined();
      expect(stored.fields.decisionNotes).toBeUndefined();
      // The client learns of them again from pull, so that it can rebase what it still holds.
      const pulled = await rep.pull(0);
      expect(pulled.body.rejections.map((rejection: { mutationId: number }) => rejection.mutationId)).toEqual(
        [2, 3, 4, 5],
      );
      expect(pulled.body.lastMutationId).toBe(6);
    });

    it('judges a push by a playbook saved since, with the history its SLA clocks need', async () => {
      const team = await seedWorkspace(db(), 'Playbook Change Co');
      const manager = syncClient(service, team.tokens.salesManager);
      const id = newId();
      // Under the default playbook no clock starts on a reassignment.
      expectApplied(
        await manager.push([
          create(id, opportunity('reassigned')),
          { name: 'reassign', args: { packetId: id, side: 'receiving', userId: team.userIds.csm } },
        ]),
      );
      const deadline = async () =>
        (await ok(service, 'GET', '/v1/team/handoffs', team.tokens.admin)).handoffs.find(
          (row: { id: string }) => row.id === id,
        )?.nextDeadline;
      expect(await deadline()).toBeNull();

      const playbook = playbookWith((changed) => {
        const [acceptance] = changed.handoffPoints.sales_to_cs.slas;
        changed.handoffPoints.sales_to_cs.slas.push({
          ...(acceptance as NonNullable<typeof acceptance>),
          id: 'reassignment',
          label: 'New owner within a day of a reassignment',
          start: 'reassigned',
          stop: ['closed'],
          target: { amount: 1, unit: 'business_days' },
        });
      });
      await ok(service, 'PUT', '/v1/playbook', team.tokens.admin, playbook);
      expectApplied(await manager.push([setField(id, 'customer.name', 'Acme Corp')]));

      expect(Date.parse(String(await deadline()))).toBeGreaterThan(Date.now());
    });

    it('refuses to hand a side to someone, or to a team, that is not in the workspace', async () => {
      const elsewhere = await seedWorkspace(db(), 'Elsewhere Co');
      const manager = syncClient(service, ws.tokens.salesManager);
      const id = newId();
      const pushed = await manager.push([
        create(id, opportunity('unknown-assignee')),
        { name: 'reassign', args: { packetId: id, side: 'receiving', userId: elsewhere.userIds.csm } },
        { name: 'reassign', args: { packetId: id, side: 'receiving', userId: 'u-nobody' } },
        {
          name: 'reassign',
          args: { packetId: id, side: 'receiving', userId: ws.userIds.csm, teamId: 'team-nowhere' },
        },
        { name: 'reassign', args: { packetId: id, side: 'receiving', userId: ws.userIds.csm } },
      ]);
      expect(pushed.body.rejections).toEqual([
        {
          mutationId: 2,
          name: 'reassign',
          code: 'invalid_args',
          message: `there is no user "${elsewhere.userIds.csm}" in this workspace`,
        },
        {
          mutationId: 3,
          name: 'reassign',
          code: 'invalid_args',
          message: 'there is no user "u-nobody" in this workspace',
        },
        {
          mutationId: 4,
          name: 'reassign',
          code: 'invalid_args',
          message: 'there is no team "team-nowhere" in this workspace',
        },
      ]);
      expect((await packet(id)).owners.receivingUserId).toBe(ws.userIds.csm);
    });

    it('refuses a gap in the mutation ids with 409 mutation_gap naming the expected id, applying nothing', async () => {
      const rep = syncClient(service, ws.tokens.rep);
      const id = newId();
      expectApplied(await rep.push([create(id, opportunity())]), 1);
      const mutation = (mutationId: number, value: string) => ({
        id: mutationId,
        name: 'setField',
        args: setField(id, 'customer.name', value, mutationId === 2 ? null : `${rep.clientId}/2`).args,
        createdAt: now(),
      });

      const skipped = await rep.pushRaw({
        clientId: rep.clientId,
        mutations: [mutation(3, 'Skipped ahead')],
      });
      const holed = await rep.pushRaw({
        clientId: rep.clientId,
        mutations: [mutation(2, 'Acme Corp'), mutation(4, 'After a hole')],
      });
      const fresh = syncClient(service, ws.tokens.rep);
      const freshStart = await fresh.pushRaw({
        clientId: fresh.clientId,
        mutations: [
          { id: 2, name: 'createPacket', args: create(newId(), opportunity()).args, createdAt: now() },
        ],
      });

      expect(skipped.status).toBe(409);
      expectErrorShape(skipped.body, 'mutation_gap');
      expect(skipped.body.error.message).toContain('expected mutation 2');
      expect(holed.status).toBe(409);
      expect(holed.body.error).toMatchObject({
        code: 'mutation_gap',
        message: expect.stringContaining('expected mutation 3'),
      });
      expect(freshStart.status).toBe(409);
      expect(freshStart.body.error.message).toContain('expected mutation 1');
      // Nothing of the refused batches was applied, not even the mutation before the hole.
      expect((await packet(id)).fields['customer.name']).toBeUndefined();
      expect(await history(id)).toHaveLength(1);
      expect((await rep.pull(0)).body.lastMutationId).toBe(1);
      expectApplied(
        await rep.pushRaw({
          clientId: rep.clientId,
          mutations: [mutation(2, 'Acme Corp'), mutation(3, 'Acme Corporation')],
        }),
        3,
      );
      expect((await packet(id)).fields['customer.name']?.value).toBe('Acme Corporation');
    });

    it('tells the managers of another team that a packet it did not take is no longer theirs to follow', async () => {
      const team = await seedWorkspace(db(), 'Two CS Teams Co');
      const emeaManager = await db().transaction(async (tx) => {
        await createTeam(tx, team.id, { id: 'cs-emea', name: 'CS EMEA', function: 'customer_success' });
        return createUser(tx, team.id, {
          email: 'emea-manager@twocs.example',
          name: 'Emil EMEA-Manager',
          role: 'manager',
          teams: [],
          manages: ['cs-emea'],
        });
      });
      const id = newId();
      expectApplied(
        await syncClient(service, team.tokens.rep).push([
          create(id, opportunity(), { receivingTeamId: null }),
          ...salesToCsAnswers(id),
          transition(id, 'submit'),
        ]),
      );
      const emea = syncClient(service, emeaManager.token);
      const first = PullResponse.parse((await emea.pull(0)).body);
      expect(first.packets.map((pulled) => pulled.id)).toContain(id);

      expectApplied(await syncClient(service, team.tokens.csm).push([transition(id, 'accept')]));

      const next = PullResponse.parse((await emea.pull(first.cursor)).body);
      expect(next.packets.map((pulled) => pulled.id)).not.toContain(id);
      expect(next.removed).toEqual([id]);
      // The manager of the team that took it still follows it, and is told of no removal.
      const cs = syncClient(service, team.tokens.csManager);
      const before = PullResponse.parse((await cs.pull(0)).body);
      expect(before.packets.map((pulled) => pulled.id)).toContain(id);
      expect(PullResponse.parse((await cs.pull(first.cursor)).body).removed).toEqual([]);
    });

    it('refuses a pull whose cursor is ahead of the workspace, instead of echoing it back', async () => {
      const rep = syncClient(service, ws.tokens.rep);
      expectApplied(await rep.push([create(newId(), opportunity())]));
      const { cursor } = PullResponse.parse((await rep.pull(0)).body);

      const ahead = await rep.pull(cursor + 1000);

      expect(ahead.status).toBe(409);
      expectErrorShape(ahead.body, 'cursor_ahead');
      expect(ahead.body.error.message).toContain('pull from cursor 0');
      expect((await rep.pull(cursor)).status).toBe(200);
    });

    it("refuses a client id that belongs to another user with 403, and never shows that client's state", async () => {
      const rep = syncClient(service, ws.tokens.rep);
      const id = newId();
      const pushed = await rep.push([create(id, opportunity()), setField(id, 'scope.arr', 'a lot')]);
      expect(pushed.body.rejections).toHaveLength(1);
      const impostor = syncClient(service, ws.tokens.otherRep, rep.clientId);

      const response = await impostor.pushRaw({
        clientId: rep.clientId,
        mutations: [
          { id: 3, name: 'setField', args: setField(id, 'customer.name', 'Hijacked').args, createdAt: now() },
        ],
      });
      const pulled = await impostor.pull(0);

      expect(response.status).toBe(403);
      expectErrorShape(response.body, 'client_not_yours');
      expect((await packet(id)).fields['customer.name']).toBeUndefined();
      expect(pulled.status).toBe(200);
      expect(pulled.body.lastMutationId).toBe(0);
      expect(pulled.body.rejections).toEqual([]);
    });
  });

  describe('create-or-join', () => {
    it('joins a packet created offline by a second person for the same record and handoff point', async () => {
      const record = opportunity('join');
      const rep = syncClient(service, ws.tokens.rep);
      const manager = syncClient(service, ws.tokens.salesManager);
      const repsId = newId();
      const managersId = newId();

      // Both create while offline; the rep's push arrives first.
      expectApplied(
        await rep.push([
          create(repsId, record),
          setField(repsId, 'customer.name', 'Acme Corp'),
          setField(repsId, 'keyDates.close', '2026-11-02'),
        ]),
      );
      const joined = await manager.push([
        create(managersId, record, { prefill: { 'deal.stage': 'Closed Won', 'customer.name': 'ACME' } }),
        setField(
          managersId,
          'decisionNotes',
          'Chose us for the Salesforce integration; CFO wants Q1 go-live.',
        ),
        addItem(managersId, 'goals', 'goal-1', { text: 'Cut time to first value to 30 days' }),
        setField(managersId, 'keyDates.close', '2026-11-03'),
      ]);

      expectApplied(joined, 4);
      const lookup = await ok(service, 'GET', recordPath(record), ws.tokens.admin);
      expect(lookup.packets.map((found: { id: string }) => found.id)).toEqual([repsId]);
      const stored = await packet(repsId);
      expect(stored.fields['customer.name']).toMatchObject({ value: 'Acme Corp', setBy: ws.userIds.rep });
      expect(stored.fields['deal.stage']).toMatchObject({
        value: 'Closed Won',
        setBy: ws.userIds.salesManager,
      });
      expect(stored.fields.decisionNotes?.setBy).toBe(ws.userIds.salesManager);
      expect(stored.lists.goals?.[0]?.fields.text?.value).toBe('Cut time to first value to 30 days');
      // Typed without seeing the rep's date: kept side by side as a conflict, not rejected.
      expect(stored.fields['keyDates.close']?.value).toBe('2026-11-02');
      expect(stored.conflicts).toEqual([
        expect.objectContaining({
          target: { kind: 'scalar', field: 'keyDates.close' },
          kept: expect.objectContaining({ value: '2026-11-02', setBy: ws.userIds.rep }),
          proposed: expect.objectContaining({ value: '2026-11-03', setBy: ws.userIds.salesManager }),
        }),
      ]);
      expect((await history(repsId)).filter((event) => event.type === 'created')).toHaveLength(1);
      // The second client's own id still reaches the packet, and pull tells it which id to adopt.
      expect((await packet(managersId)).id).toBe(repsId);
      const pulled = PullResponse.parse((await manager.pull(0)).body);
      expect(pulled.tombstones).toContainEqual({ id: managersId, adoptedBy: repsId });
      expect(
        pulled.packets.find((candidate) => candidate.id === repsId)?.fields.decisionNotes?.value,
      ).toMatch(/Salesforce integration/);
      expect(pulled.packets.some((candidate) => candidate.id === managersId)).toBe(false);
      expect(pulled.lastMutationId).toBe(4);
      // Later pushes addressed to the adopted-away id keep working.
      expectApplied(await manager.push([setField(managersId, 'scope.arr', 120_000)]), 5);
      expect((await packet(repsId)).fields['scope.arr']?.value).toBe(120_000);
    });

    it('joins within one batch, and starts a new packet once the open one is closed', async () => {
      const record = opportunity('batch');
      const manager = syncClient(service, ws.tokens.salesManager);
      const first = newId();
      const second = newId();
      const third = newId();

      expectApplied(
        await manager.push([
          create(first, record),
          create(second, record),
          setField(second, 'customer.name', 'Acme Corp'),
          transition(first, 'close', 'The deal was lost to the incumbent.'),
          create(third, record),
        ]),
      );

      expect((await packet(second)).id).toBe(first);
      expect((await packet(first)).status).toBe('closed');
      expect((await packet(first)).fields['customer.name']?.value).toBe('Acme Corp');
      const fresh = await packet(third);
      expect(fresh.id).toBe(third);
      expect(fresh.status).toBe('draft');
    });

    it('starts a new packet in the batch that closes the stored open one of that record', async () => {
      const record = opportunity('closed-and-new');
      const manager = syncClient(service, ws.tokens.salesManager);
      const first = newId();
      const next = newId();
      expectApplied(await manager.push([create(first, record)]));
      expectApplied(
        await manager.push([
          transition(first, 'close', 'The deal was lost to the incumbent.'),
          create(next, record),
        ]),
      );

      expect((await packet(first)).status).toBe('closed');
      expect((await packet(next)).id).toBe(next);
      expect((await packet(next)).status).toBe('draft');
    });
    it("refuses a create that reuses the id of a closed packet or of another record's packet", async () => {
      const closed = newId();
      const other = newId();
      expectApplied(
        await syncClient(service, ws.tokens.salesManager).push([
          create(closed, opportunity('reused')),
          setField(closed, 'customer.name', 'Acme Corp'),
          transition(closed, 'close', 'The deal was lost.'),
          create(other, opportunity('other')),
        ]),
      );
      const closedBefore = await packet(closed);
      const otherBefore = await packet(other);
      const support = syncClient(service, ws.tokens.support);

      const response = await support.push([
        create(closed, opportunity('reused'), {
          prefill: { decisionNotes: 'Written into a closed packet.' },
        }),
        create(other, opportunity('elsewhere'), {
          handoffPoint: 'cs_to_support',
          prefill: { 'customer.domain': 'support-wrote-this.example' },
        }),
      ]);

      expect(response.status).toBe(200);
      expect(response.body.rejections).toEqual([
        {
          mutationId: 1,
          name: 'createPacket',
          code: 'invalid_status',
          message: expect.stringContaining(closed),
        },
        {
          mutationId: 2,
          name: 'createPacket',
          code: 'invalid_args',
          message: expect.stringContaining(other),
        },
      ]);
      expect(await packet(closed)).toEqual(closedBefore);
      expect(await packet(other)).toEqual(otherBefore);
    });

    // The lifecycle lets only owners, their managers and admins edit, so whoever arrives second without
    // one of those parts has their offline typing rejected, against "nobody's typing is rejected for
    // arriving second". Marked as failing until the rules for joiners are decided (see the report).
    it('keeps the typing of a rep who joins the packet their manager created first', async () => {
      const record = opportunity('rep-second');
      const managersId = newId();
      const repsId = newId();
      expectApplied(await syncClient(service, ws.tokens.salesManager).push([create(managersId, record)]));

      const joined = await syncClient(service, ws.tokens.rep).push([
        create(repsId, record),
        setField(repsId, 'decisionNotes', 'Typed on the plane before the manager created the packet.'),
      ]);

      expectApplied(joined, 2);
      expect((await packet(managersId)).fields.decisionNotes?.setBy).toBe(ws.userIds.rep);
    });
  });

  describe('pull', () => {
    it('returns the followed packets changed after the cursor, a new cursor, the last id and new rejections', async () => {
      const team = await seedWorkspace(db(), 'Pull Co');
      const rep = syncClient(service, team.tokens.rep);
      const id = newId();
      expect(
        (
          await rep.push([
            create(id, opportunity()),
            setField(id, 'customer.name', 'Acme Corp'),
            transition(id, 'accept'),
          ])
        ).body.rejections,
      ).toHaveLength(1);

      const first = PullResponse.parse((await rep.pull(0)).body);
      const unchanged = PullResponse.parse((await rep.pull(first.cursor)).body);
      expectApplied(await rep.push([setField(id, 'scope.arr', 120_000)]), 4);
      const second = PullResponse.parse((await rep.pull(first.cursor)).body);
      const caughtUp = PullResponse.parse((await rep.pull(second.cursor)).body);

      expect(first.packets.map((found) => found.id)).toEqual([id]);
      expect(first.packets[0]?.fields['customer.name']?.value).toBe('Acme Corp');
      expect(first.cursor).toBeGreaterThan(0);
      expect(first.lastMutationId).toBe(3);
      expect(first.rejections).toEqual([
        { mutationId: 3, name: 'transition', code: expect.any(String), message: expect.any(String) },
      ]);
      expect(first.more).toBe(false);
      expect(first.schedules).toEqual([
        { packetId: id, slaState: 'not_started', dueSoonAt: null, nextDeadline: null },
      ]);
      expect(unchanged).toEqual({ ...first, packets: [], schedules: [], notices: [], rejections: [] });
      expect(second.packets.map((found) => found.fields['scope.arr']?.value)).toEqual([120_000]);
      expect(second.cursor).toBeGreaterThan(first.cursor);
      expect(second.lastMutationId).toBe(4);
      expect(second.rejections).toEqual([]);
      expect(caughtUp.packets).toEqual([]);
      expect(caughtUp.cursor).toBe(second.cursor);
    });

    it('follows what a person gives, receives or manages, what waits for their team, and the records they opened', async () => {
      const team = await seedWorkspace(db(), 'Follow Co');
      const rep = syncClient(service, team.tokens.rep);
      const record = opportunity('follow');
      const id = newId();
      expectApplied(await rep.push([create(id, record), setField(id, 'customer.name', 'Acme Corp')]));
      const pulledIds = async (token: string) =>
        PullResponse.parse((await syncClient(service, token).pull(0)).body).packets.map((found) => found.id);

      expect(await pulledIds(team.tokens.rep)).toEqual([id]);
      expect(await pulledIds(team.tokens.salesManager)).toEqual([id]);
      expect(await pulledIds(team.tokens.csManager)).toEqual([id]);
      expect(await pulledIds(team.tokens.admin)).toEqual([id]);
      // Addressed to Customer Success and taken by nobody yet: the CS team's queue.
      expect(await pulledIds(team.tokens.csm)).toEqual([id]);
      expect(await pulledIds(team.tokens.otherRep)).toEqual([]);
      expect(await pulledIds(team.tokens.marketer)).toEqual([]);
      expect(await pulledIds(team.tokens.support)).toEqual([]);

      // The support agent opens the opportunity in the CRM: from then on they follow its packets.
      await ok(service, 'GET', recordPath(record), team.tokens.support);
      expect(await pulledIds(team.tokens.support)).toEqual([id]);
      expect(await pulledIds(team.tokens.marketer)).toEqual([]);

      // Another rep started the same packet offline: joined to it, they follow it like its creator.
      const otherRep = syncClient(service, team.tokens.otherRep);
      expectApplied(await otherRep.push([create(newId(), record)]));
      expect(await pulledIds(team.tokens.otherRep)).toEqual([id]);
    });

    it('brings the events addressed to the puller: a submission to the receiving team, a return to its giver', async () => {
      const team = await seedWorkspace(db(), 'Notice Co');
      const rep = syncClient(service, team.tokens.rep);
      const csm = syncClient(service, team.tokens.csm);
      const id = newId();
      const repStart = PullResponse.parse((await rep.pull(0)).body).cursor;
      const csmStart = PullResponse.parse((await csm.pull(0)).body).cursor;
      expectApplied(
        await rep.push([create(id, opportunity()), ...salesToCsAnswers(id), transition(id, 'submit')]),
      );
      expectApplied(await csm.push([transition(id, 'return', 'The kickoff date is in the past')]));

      const toRep = PullResponse.parse((await rep.pull(repStart)).body).notices ?? [];
      const toCsm = PullResponse.parse((await csm.pull(csmStart)).body).notices ?? [];
      expect(toRep.map((event) => [event.type, event.data.reason])).toEqual([
        ['returned', 'The kickoff date is in the past'],
      ]);
      expect(toCsm.map((event) => event.type)).toEqual(['submitted']);
      expect(
        PullResponse.parse((await syncClient(service, team.tokens.marketer).pull(0)).body).notices,
      ).toEqual([]);
    });

    it('pages through many changes without losing or repeating one, even when one push changed more than a page', async () => {
      const team = await seedWorkspace(db(), 'Paging Co');
      const rep = syncClient(service, team.tokens.rep);
      // A page holds 200 packets; every packet one push changes has the same version.
      const early = Array.from({ length: 150 }, () => newId());
      const bulk = Array.from({ length: 210 }, () => newId());
      expectApplied(await rep.push(early.map((id) => create(id, opportunity('page')))));
      expectApplied(await rep.push(bulk.map((id) => create(id, opportunity('bulk')))));

      const first = PullResponse.parse((await rep.pull(0)).body);
      const second = PullResponse.parse((await rep.pull(first.cursor)).body);
      const third = PullResponse.parse((await rep.pull(second.cursor)).body);

      const ids = (response: PullResponse) => response.packets.map((found) => found.id).sort();
      expect(ids(first)).toEqual([...early].sort());
      expect(first.more).toBe(true);
      expect(ids(second)).toEqual([...bulk].sort());
      expect(third.packets).toEqual([]);
      expect(third.more).toBe(false);
    });
  });
});
