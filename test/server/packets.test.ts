import { beforeAll, describe, expect, it } from 'vitest';
import { HistoryEvent } from '../../lib/handoff/history';
import { Metrics } from '../../lib/handoff/metrics';
import { Packet } from '../../lib/handoff/packet';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import {
  type Change,
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

describeOnEachDatabase('packets, team view and metrics', (db) => {
  let ws: SeededWorkspace;
  let service: Api;

  beforeAll(async () => {
    ws = await seedWorkspace(db());
    service = api(db());
  });

  async function pushAs(token: string, changes: Change[]): Promise<void> {
    expectApplied(await syncClient(service, token).push(changes));
  }

  describe('GET /v1/packets/:id', () => {
    it('answers the packet to anybody in the workspace, and 404 for an unknown or malformed id', async () => {
      const id = newId();
      await pushAs(ws.tokens.rep, [create(id, opportunity()), setField(id, 'customer.name', 'Acme Corp')]);

      const asSupport = await service.call('GET', `/v1/packets/${id}`, ws.tokens.support);
      const unknown = await service.call('GET', `/v1/packets/${newId()}`, ws.tokens.admin);
      const malformed = await service.call('GET', '/v1/packets/not-a-packet-id', ws.tokens.admin);

      expect(asSupport.status).toBe(200);
      const packet = Packet.parse(asSupport.body);
      expect(packet).toMatchObject({ id, status: 'draft', handoffPoint: 'sales_to_cs', seq: 2 });
      expect(packet.fields['customer.name']?.value).toBe('Acme Corp');
      for (const response of [unknown, malformed]) {
        expect(response.status).toBe(404);
        expectErrorShape(response.body, 'not_found');
      }
    });
  });

  describe('GET /v1/packets?system&instance&objectKind&recordId', () => {
    it('finds a packet by any record linked to it, and nothing for another tenant of the same tool', async () => {
      const deal = opportunity('lookup');
      const organization = zendeskOrganization('acme');
      const id = newId();
      await pushAs(ws.tokens.rep, [create(id, deal), setField(id, 'customer.name', 'Acme Corp')]);
      const beforeLink = await ok(service, 'GET', recordPath(organization), ws.tokens.support);
      await pushAs(ws.tokens.rep, [linkRecord(id, organization)]);

      const byDeal = await ok(service, 'GET', recordPath(deal), ws.tokens.csm);
      const byOrganization = await ok(service, 'GET', recordPath(organization), ws.tokens.support);
      const otherTenant = await ok(
        service,
        'GET',
        recordPath({ ...deal, instance: 'globex' }),
        ws.tokens.csm,
      );
      const otherKind = await ok(
        service,
        'GET',
        recordPath({ ...deal, objectKind: 'account' }),
        ws.tokens.csm,
      );

      expect(beforeLink.packets).toEqual([]);
      expect(byDeal.packets.map((packet: Packet) => packet.id)).toEqual([id]);
      expect(byOrganization.packets.map((packet: Packet) => packet.id)).toEqual([id]);
      expect(Packet.parse(byOrganization.packets[0]).records).toEqual([deal, organization]);
      expect(otherTenant.packets).toEqual([]);
      expect(otherKind.packets).toEqual([]);
    });

    it('lists every packet of the record, open ones first, and drops a record once it is unlinked', async () => {
      const deal = opportunity('many');
      const organization = zendeskOrganization('many');
      const closed = newId();
      const open = newId();
      await pushAs(ws.tokens.salesManager, [
        create(closed, deal),
        transition(closed, 'close', 'The first attempt was abandoned.'),
        create(open, deal),
        linkRecord(open, organization),
        { name: 'unlinkRecord', args: { packetId: open, record: organization } },
      ]);

      const listed = await ok(service, 'GET', recordPath(deal), ws.tokens.rep);
      const unlinked = await ok(service, 'GET', recordPath(organization), ws.tokens.rep);

      expect(listed.packets.map((packet: Packet) => [packet.id, packet.status])).toEqual([
        [open, 'draft'],
        [closed, 'closed'],
      ]);
      expect(unlinked.packets).toEqual([]);
    });
  });

  describe('GET /v1/packets?q', () => {
    it("finds a customer's packets by name or domain, case-insensitively, taking % and _ literally", async () => {
      const team = await seedWorkspace(db(), 'Search Co');
      const acme = newId();
      const globex = newId();
      const partner = newId();
      await pushAs(team.tokens.rep, [
        create(acme, opportunity()),
        setField(acme, 'customer.name', 'Acme Corp'),
        setField(acme, 'customer.domain', 'acme.example'),
        create(globex, opportunity()),
        setField(globex, 'customer.name', 'Globex Corporation'),
        setField(globex, 'customer.domain', 'globex.example'),
        create(partner, opportunity()),
        setField(partner, 'customer.name', 'Initech'),
        setField(partner, 'customer.domain', 'acme-partner.example'),
      ]);
      const search = async (q: string) =>
        (await ok(service, 'GET', `/v1/packets?q=${encodeURIComponent(q)}`, team.tokens.support)).packets
          .map((packet: Packet) => packet.id)
          .sort();

      expect(await search('acme')).toEqual([acme, partner].sort());
      expect(await search('ACME CORP')).toEqual([acme]);
      expect(await search('globex.example')).toEqual([globex]);
      expect(await search('corp')).toEqual([acme, globex].sort());
      expect(await search('%%')).toEqual([]);
      expect(await search('__')).toEqual([]);
      expect(await search('umbrella')).toEqual([]);
    });
  });

  describe('GET /v1/packets/:id/history', () => {
    it('answers every event in order, with who did it, also through an adopted id', async () => {
      const record = opportunity('history');
      const id = newId();
      const alias = newId();
      await pushAs(ws.tokens.rep, [create(id, record), ...salesToCsAnswers(id), transition(id, 'submit')]);
      await pushAs(ws.tokens.csm, [transition(id, 'accept')]);
      await pushAs(ws.tokens.salesManager, [create(alias, record)]);

      const response = await ok(service, 'GET', `/v1/packets/${id}/history`, ws.tokens.marketer);
      const viaAlias = await ok(service, 'GET', `/v1/packets/${alias}/history`, ws.tokens.marketer);

      const events = response.events.map((event: unknown) => HistoryEvent.parse(event));
      expect(events.map((event: HistoryEvent) => event.seq)).toEqual(
        events.map((_: unknown, index: number) => index + 1),
      );
      expect(events[0]).toMatchObject({ type: 'created', actorId: ws.userIds.rep, packetId: id });
      expect(events.at(-2)).toMatchObject({ type: 'submitted', actorId: ws.userIds.rep });
      expect(events.at(-1)).toMatchObject({ type: 'accepted', actorId: ws.userIds.csm });
      expect(events.at(-2).data).toMatchObject({ playbookVersion: 1, completeness: expect.any(Number) });
      expect(viaAlias).toEqual(response);
    });
  });

  describe('snapshots', () => {
    it('keeps what was submitted and accepted, and the playbook version it was judged by', async () => {
      const team = await seedWorkspace(db(), 'Snapshot Co');
      const first = newId();
      await pushAs(team.tokens.rep, [
        create(first, opportunity()),
        ...salesToCsAnswers(first),
        transition(first, 'submit'),
      ]);
      await pushAs(team.tokens.csm, [transition(first, 'accept')]);
      // The admin relaxes the rules: from now on a customer name is all a handoff to CS needs.
      const relaxed = playbookWith((playbook) => {
        playbook.name = 'Relaxed handoffs';
        playbook.handoffPoints.sales_to_cs.exitCriteria =
          playbook.handoffPoints.sales_to_cs.exitCriteria.filter(
            (criterion) => criterion.id === 'customer-name',
          );
      });
      expect((await ok(service, 'PUT', '/v1/playbook', team.tokens.admin, relaxed)).version).toBe(2);
      const second = newId();
      await pushAs(team.tokens.rep, [
        create(second, opportunity()),
        setField(second, 'customer.name', 'Globex'),
        transition(second, 'submit'),
      ]);
      await pushAs(team.tokens.csm, [transition(first, 'hold_kickoff')]);

      const firstSnapshots = (await ok(service, 'GET', `/v1/packets/${first}/snapshots`, team.tokens.support))
        .snapshots;
      const secondSnapshots = (
        await ok(service, 'GET', `/v1/packets/${second}/snapshots`, team.tokens.support)
      ).snapshots;
      const history = (await ok(service, 'GET', `/v1/packets/${first}/history`, team.tokens.support)).events;

      expect(firstSnapshots.map((snapshot: { kind: string }) => snapshot.kind)).toEqual([
        'submitted',
        'accepted',
      ]);
      expect(firstSnapshots.map((snapshot: { playbookVersion: number }) => snapshot.playbookVersion)).toEqual(
        [1, 1],
      );
      const [submitted, accepted] = firstSnapshots.map((snapshot: { packet: unknown }) =>
        Packet.parse(snapshot.packet),
      );
      expect(submitted.status).toBe('submitted');
      expect(submitted.fields['customer.name'].value).toBe('Acme Corp');
      expect(accepted.status).toBe('accepted');
      expect(accepted.owners.receivingUserId).toBe(team.userIds.csm);
      expect(firstSnapshots.map((snapshot: { seq: number }) => snapshot.seq)).toEqual(
        history
          .filter((event: HistoryEvent) => event.type === 'submitted' || event.type === 'accepted')
          .map((event: HistoryEvent) => event.seq),
      );
      expect(secondSnapshots).toEqual([
        expect.objectContaining({ kind: 'submitted', playbookVersion: 2, takenAt: expect.any(String) }),
      ]);
      expect(
        (await service.call('GET', `/v1/packets/${newId()}/snapshots`, team.tokens.support)).status,
      ).toBe(404);
    });
  });

  describe('GET /v1/team/handoffs', () => {
    // Acceptance due 1.8 seconds after submission, so that a breach happens within the test.
    const quickAcceptance = playbookWith((playbook) => {
      const [acceptance] = playbook.handoffPoints.sales_to_cs.slas;
      if (acceptance) acceptance.target = { amount: 0.0005, unit: 'calendar_hours' };
    });
    let team: SeededWorkspace;
    const late = newId();
    const accepted = newId();
    const draft = newId();
    const lead = newId();
    const lateRecord = opportunity();
    let view: (token: string, query?: string) => Promise<Array<Record<string, unknown>>>;

    beforeAll(async () => {
      team = await seedWorkspace(db(), 'Team View Co');
      await ok(service, 'PUT', '/v1/playbook', team.tokens.admin, quickAcceptance);
      await pushAs(team.tokens.rep, [
        create(accepted, opportunity()),
        ...salesToCsAnswers(accepted, 'Globex', 'globex.example'),
        transition(accepted, 'submit'),
      ]);
      await pushAs(team.tokens.csm, [transition(accepted, 'accept')]);
      await pushAs(team.tokens.rep, [
        create(late, lateRecord),
        ...salesToCsAnswers(late),
        transition(late, 'submit'),
      ]);
      await pushAs(team.tokens.otherRep, [
        create(draft, opportunity()),
        setField(draft, 'customer.name', 'Initech'),
      ]);
      await pushAs(team.tokens.marketer, [
        create(
          lead,
          { ...opportunity(), objectKind: 'lead' },
          { handoffPoint: 'mql_to_sales', receivingTeamId: 'sales' },
        ),
        setField(lead, 'customer.name', 'Umbrella'),
      ]);
      view = async (token, query = '') =>
        (await ok(service, 'GET', `/v1/team/handoffs${query}`, token)).handoffs;
      const [submitted] = await view(team.tokens.admin, '?status=submitted');
      const deadline = Date.parse(String(submitted?.nextDeadline));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()) + 50));
    });

    const ids = (rows: Array<Record<string, unknown>>) => rows.map((row) => row.id);
    const byId = (rows: Array<Record<string, unknown>>) => [...rows].map((row) => row.id).sort();

    it("shows the packet row's completeness, SLA and milestones, most urgent first", async () => {
      const rows = await view(team.tokens.admin);

      expect(ids(rows).slice(0, 2)).toEqual([late, accepted]);
      expect(byId(rows.slice(2))).toEqual([draft, lead].sort());
      const [lateRow, acceptedRow] = rows;
      expect(lateRow).toMatchObject({
        status: 'submitted',
        customerName: 'Acme Corp',
        handoffPoint: 'sales_to_cs',
        givingUserId: team.userIds.rep,
        givingTeamId: 'sales',
        receivingTeamId: 'cs',
        receivingUserId: null,
        exitMet: true,
        slaState: 'breached',
        submittedAt: expect.any(String),
        acceptedAt: null,
        // The team view opens a row's record in its tool: it needs the linked records.
        records: [lateRecord],
      });
      expect(acceptedRow).toMatchObject({
        status: 'accepted',
        receivingUserId: team.userIds.csm,
        slaState: 'on_track',
        acceptedAt: expect.any(String),
      });
      expect(Date.parse(String(acceptedRow?.nextDeadline))).toBeGreaterThan(Date.now() + 24 * 3600_000);
      const draftRow = rows.find((row) => row.id === draft);
      expect(draftRow).toMatchObject({ exitMet: false, slaState: 'not_started', nextDeadline: null });
      expect(Number(draftRow?.completeness)).toBeLessThan(Number(lateRow?.completeness));
      expect(Number(lateRow?.completeness)).toBeGreaterThan(0.5);
    });

    it('filters by status, handoff point, owner, team and SLA state, and pages', async () => {
      const admin = team.tokens.admin;
      expect(ids(await view(admin, '?status=submitted'))).toEqual([late]);
      expect(ids(await view(admin, '?status=accepted,submitted'))).toEqual([late, accepted]);
      expect(ids(await view(admin, '?status=closed'))).toEqual([]);
      expect(ids(await view(admin, '?handoffPoint=mql_to_sales'))).toEqual([lead]);
      expect(ids(await view(admin, `?owner=${team.userIds.otherRep}`))).toEqual([draft]);
      expect(ids(await view(admin, `?owner=${team.userIds.csm}`))).toEqual([accepted]);
      expect(ids(await view(admin, '?team=marketing'))).toEqual([lead]);
      expect(byId(await view(admin, '?team=cs'))).toEqual([late, accepted, draft].sort());
      expect(ids(await view(admin, '?slaState=breached'))).toEqual([late]);
      expect(ids(await view(admin, '?slaState=on_track'))).toEqual([accepted]);
      expect(byId(await view(admin, '?slaState=not_started'))).toEqual([draft, lead].sort());
      expect(ids(await view(admin, '?slaState=due_soon'))).toEqual([]);
      expect(ids(await view(admin, '?team=sales&slaState=breached,on_track'))).toEqual([late, accepted]);

      const firstPage = await ok(service, 'GET', '/v1/team/handoffs?limit=3', admin);
      const secondPage = await ok(service, 'GET', '/v1/team/handoffs?limit=3&offset=3', admin);
      expect(firstPage.handoffs).toHaveLength(3);
      expect(firstPage.nextOffset).toBe(3);
      expect(secondPage.handoffs).toHaveLength(1);
      expect(secondPage.nextOffset).toBeNull();
      expect([...ids(firstPage.handoffs), ...ids(secondPage.handoffs)]).toEqual(ids(await view(admin)));
    });

    it('shows managers their managed teams, everybody else what they give or receive, admins all', async () => {
      expect(byId(await view(team.tokens.admin))).toEqual([late, accepted, draft, lead].sort());
      expect(byId(await view(team.tokens.salesManager))).toEqual([late, accepted, draft, lead].sort());
      expect(byId(await view(team.tokens.csManager))).toEqual([late, accepted, draft].sort());
      expect(ids(await view(team.tokens.rep))).toEqual([late, accepted]);
      expect(ids(await view(team.tokens.otherRep))).toEqual([draft]);
      expect(ids(await view(team.tokens.csm))).toEqual([accepted]);
      expect(ids(await view(team.tokens.marketer))).toEqual([lead]);
      expect(ids(await view(team.tokens.support))).toEqual([]);
    });
  });

  describe('GET /v1/metrics', () => {
    it('measures a handoff that went from submission to acceptance to kickoff', async () => {
      const team = await seedWorkspace(db(), 'Metrics Co');
      const from = new Date(Date.now() - 60_000).toISOString();
      const handedOver = newId();
      const stillDraft = newId();
      await pushAs(team.tokens.rep, [
        create(handedOver, opportunity()),
        ...salesToCsAnswers(handedOver),
        transition(handedOver, 'submit'),
        create(stillDraft, opportunity()),
      ]);
      await pushAs(team.tokens.csm, [transition(handedOver, 'accept')]);
      await pushAs(team.tokens.csm, [transition(handedOver, 'hold_kickoff')]);
      const to = new Date(Date.now() + 60_000).toISOString();
      const metrics = async (token: string, query = `from=${from}&to=${to}`) =>
        Metrics.parse(await ok(service, 'GET', `/v1/metrics?${query}`, token));

      const seen = await metrics(team.tokens.admin);

      expect(seen.cohortSize).toBe(1);
      expect(seen.timeToKickoff).toMatchObject({ count: 1, medianMs: expect.any(Number) });
      expect(seen.timeToKickoff.medianMs).toBeGreaterThanOrEqual(0);
      expect(seen.timeToKickoff.medianMs).toBeLessThan(60_000);
      expect(seen.timeToFirstValue.count).toBe(0);
      expect(seen.onboardingCompletion).toEqual({ count: 1, matching: 0, rate: 0 });
      expect(seen.dataCompleteness.count).toBe(1);
      expect(seen.dataCompleteness.mean).toBeGreaterThan(0.5);
      expect(seen.slaAttainment.byPolicy.acceptance).toEqual({ count: 1, matching: 1, rate: 1 });
      expect(seen.slaAttainment.byPolicy.kickoff).toEqual({ count: 1, matching: 1, rate: 1 });
      expect(seen.rework.returnedRate).toEqual({ count: 1, matching: 0, rate: 0 });
      expect(seen.stageConversion.sales_to_cs).toMatchObject({
        created: 2,
        submitted: 1,
        accepted: 1,
        kickoffHeld: 1,
        firstValueReached: 0,
        createdToSubmitted: 0.5,
        submittedToAccepted: 1,
        acceptedToKickoffHeld: 1,
      });
      expect((await metrics(team.tokens.csManager)).cohortSize).toBe(1);
      expect((await metrics(team.tokens.salesManager)).cohortSize).toBe(1);
      expect(seen.months).toEqual([expect.objectContaining({ month: from.slice(0, 7), cohortSize: 1 })]);
      expect(seen.businessTimeToKickoff.count).toBe(1);
      expect(seen.slaAttainment.byOwner).toEqual([
        { userId: team.userIds.csm, name: 'Cass CSM', count: 2, matching: 2, rate: 1 },
      ]);
      expect(
        (await metrics(team.tokens.admin, `from=${from}&to=${to}&handoffPoint=mql_to_sales`)).cohortSize,
      ).toBe(0);
      expect((await metrics(team.tokens.admin, `from=${from}&to=${to}&team=cs`)).cohortSize).toBe(1);
      const before = new Date(Date.parse(from) - 3600_000).toISOString();
      expect((await metrics(team.tokens.admin, `from=${before}&to=${from}`)).cohortSize).toBe(0);
    });
  });
});
