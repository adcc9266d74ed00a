import { createHmac } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { RecordKey } from '../../lib/handoff/record';
import type { Database } from '../../server/db/connection';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import {
  create,
  expectApplied,
  expectErrorShape,
  newId,
  ok,
  opportunity,
  recordPath,
} from './support/handoffs';

type Source = { id: string; secret: string };

/** The v1 signature, computed here as a CRM would, independently of the server's code. */
const sign = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

const nowSeconds = () => Math.floor(Date.now() / 1000);

let events = 0;

function crmEvent<Details extends Record<string, unknown>>(
  type: string,
  record: RecordKey,
  details: Details = {} as Details,
) {
  events += 1;
  return {
    id: `evt-${process.pid}-${events}`,
    type,
    occurredAt: new Date().toISOString(),
    record,
    ...details,
  };
}

interface Delivery {
  timestamp?: number;
  signature?: string;
  sourceId?: string;
  /** Sent as is instead of the event's JSON. */
  rawBody?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies the way a client would
async function post(service: Api, source: Source, event: unknown, delivery: Delivery = {}): Promise<any> {
  const body = delivery.rawBody ?? JSON.stringify(event);
  const timestamp = String(delivery.timestamp ?? nowSeconds());
  const response = await service.app.request('/v1/events', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-baton-source': delivery.sourceId ?? source.id,
      'x-baton-timestamp': timestamp,
      'x-baton-signature': delivery.signature ?? `v1=${sign(source.secret, timestamp, body)}`,
    },
    body,
  });
  return { status: response.status, body: await response.json() };
}

/** Everything an event could change in the workspace, to compare before and after. */
async function workspaceState(db: Database, workspaceId: string) {
  const [state] = await db.query<{ events: number; received: number; version: number; packets: unknown }>(
    `SELECT (SELECT count(*)::int FROM events WHERE workspace_id = $1) AS events,
            (SELECT count(*)::int FROM crm_events WHERE workspace_id = $1) AS received,
            (SELECT version::int FROM workspaces WHERE id = $1) AS version,
            (SELECT coalesce(jsonb_agg(document ORDER BY id), '[]'::jsonb) FROM packets WHERE workspace_id = $1)
              AS packets`,
    [workspaceId],
  );
  if (!state) throw new Error('no such workspace');
  return state;
}

async function nextActionAt(db: Database, packetId: string): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | string | null }>(
    'SELECT next_action_at AS at FROM packets WHERE id = $1',
    [packetId],
  );
  return row?.at ? new Date(row.at) : null;
}

type Event = { seq: number; type: string; actorId: string; data: Record<string, unknown> };

async function history(service: Api, ws: SeededWorkspace, packetId: string): Promise<Event[]> {
  return (await ok(service, 'GET', `/v1/packets/${packetId}/history`, ws.tokens.admin)).events;
}

describeOnEachDatabase('CRM events', (db) => {
  let ws: SeededWorkspace;
  let service: Api;
  let source: Source;
  const emails = {
    rep: 'rep@eventsco.example',
    otherRep: 'otherrep@eventsco.example',
  };

  /** A draft Sales → CS packet the rep started on a fresh opportunity. */
  async function repPacket(): Promise<{ id: string; record: RecordKey }> {
    const id = newId();
    const record = opportunity('ev');
    expectApplied(await syncClient(service, ws.tokens.rep).push([create(id, record)]));
    return { id, record };
  }

  beforeAll(async () => {
    ws = await seedWorkspace(db(), 'Events Co');
    service = api(db());
    const created = await ok(service, 'POST', '/v1/event-sources', ws.tokens.admin, {
      name: 'Salesforce Flow',
    });
    source = { id: created.id, secret: created.secret };
  });

  it('lets admins add, list and revoke event sources, and nobody else', async () => {
    const added = await service.call('POST', '/v1/event-sources', ws.tokens.admin, { name: ' HubSpot ' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.stringMatching(/^es_/),
      name: 'HubSpot',
      secret: expect.stringMatching(/^bsk_/),
    });
    const listed = await ok(service, 'GET', '/v1/event-sources', ws.tokens.admin);
    expect(listed.sources).toContainEqual({
      id: added.body.id,
      name: 'HubSpot',
      createdAt: expect.any(String),
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(added.body.secret);
    const revoked = await ok(service, 'DELETE', `/v1/event-sources/${added.body.id}`, ws.tokens.admin);
    expect(revoked.revokedAt).toEqual(expect.any(String));

    for (const [method, path, body] of [
      ['POST', '/v1/event-sources', { name: 'Mine' }],
      ['GET', '/v1/event-sources', undefined],
      ['DELETE', `/v1/event-sources/${source.id}`, undefined],
    ] as const) {
      const refused = await service.call(method, path, ws.tokens.rep, body);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expectErrorShape(refused.body, 'forbidden');
    }
    const missing = await service.call('DELETE', '/v1/event-sources/es_nosuchsource', ws.tokens.admin);
    expect(missing.status).toBe(404);
    const invalid = await service.call('POST', '/v1/event-sources', ws.tokens.admin, { name: '' });
    expect(invalid.status).toBe(400);
    expectErrorShape(invalid.body, 'invalid_request');
  });

  it('records closed-won on the record’s packet as the integration, which starts the kickoff clock', async () => {
    const { id, record } = await repPacket();
    const rep = syncClient(service, ws.tokens.rep);
    const { cursor } = (await rep.pull(0)).body;
    expect(await nextActionAt(db(), id)).toBeNull();

    const event = crmEvent('closed_won', record, {
      stage: 'Closed Won',
      amount: 120_000,
      closeDate: '2026-11-02',
      owner: { email: emails.rep },
    });
    const response = await post(service, source, event);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: event.id, outcome: 'clock_started', packetId: id, replayed: false });

    const steps = await history(service, ws, id);
    const won = steps.at(-1);
    expect(won).toMatchObject({
      type: 'closed_won',
      actorId: `integration:${source.id}`,
      data: { crmEventId: event.id, sourceId: source.id, stage: 'Closed Won', amount: 120_000 },
    });
    expect(steps.filter((step) => step.type === 'field_set').map((step) => step.data.field)).toEqual([
      'deal.stage',
      'deal.amount',
      'keyDates.close',
    ]);
    // The kickoff-from-close policy: first reminder at half of ten business days from now.
    const due = await nextActionAt(db(), id);
    expect(due?.getTime()).toBeGreaterThan(Date.now() + 3 * 86_400_000);

    const pulled = await rep.pull(cursor);
    const packet = pulled.body.packets.find((candidate: { id: string }) => candidate.id === id);
    expect(packet.fields['deal.stage']).toMatchObject({ value: 'Closed Won', source: 'crm' });
    expect(packet.fields['keyDates.close']).toMatchObject({ value: '2026-11-02', source: 'crm' });
  });

  it('says when closed-won starts no clock: one already runs, or the packet’s handoff point has none from it', async () => {
    const { id, record } = await repPacket();
    expect((await post(service, source, crmEvent('closed_won', record))).body.outcome).toBe('clock_started');
    const again = await post(service, source, crmEvent('closed_won', record));
    expect(again.body).toMatchObject({ outcome: 'closed_won_recorded', packetId: id });

    const supportId = newId();
    const supportRecord = opportunity('ev-support');
    expectApplied(
      await syncClient(service, ws.tokens.csm).push([
        create(supportId, supportRecord, { handoffPoint: 'cs_to_support', receivingTeamId: 'support' }),
      ]),
    );
    const elsewhere = await post(service, source, crmEvent('closed_won', supportRecord));
    expect(elsewhere.body).toMatchObject({ outcome: 'closed_won_recorded', packetId: supportId });
    expect((await history(service, ws, supportId)).map((event) => event.type)).toContain('closed_won');
  });

  it('starts a draft owned by the record’s owner when the record has no packet', async () => {
    const record = opportunity('won');
    const event = crmEvent('closed_won', record, {
      owner: { email: 'Rep@EventsCo.example', name: 'Rae Rep' },
      customer: { name: 'Globex', domain: 'https://www.Globex.example/about' },
      stage: 'Closed Won',
      amount: 48_000,
      closeDate: '2026-10-15',
      recordUrl: 'https://acme-corp.my.salesforce.com/lightning/r/Opportunity/006x/view',
    });
    const response = await post(service, source, event);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ outcome: 'packet_started', replayed: false });
    const packetId = response.body.packetId;

    const { packets } = await ok(service, 'GET', recordPath(record), ws.tokens.rep);
    expect(packets).toHaveLength(1);
    const [packet] = packets;
    expect(packet).toMatchObject({
      id: packetId,
      handoffPoint: 'sales_to_cs',
      status: 'draft',
      createdBy: ws.userIds.rep,
      owners: { givingUserId: ws.userIds.rep, givingTeamId: 'sales', receivingUserId: null },
    });
    expect(packet.fields['customer.name']).toMatchObject({ value: 'Globex', source: 'crm' });
    // The CRM's website field is a URL: the packet keeps its domain.
    expect(packet.fields['customer.domain']).toMatchObject({ value: 'www.globex.example', source: 'crm' });
    expect(packet.fields['deal.amount']).toMatchObject({ value: 48_000, source: 'crm' });
    const steps = await history(service, ws, packetId);
    expect(steps[0]).toMatchObject({ type: 'created', actorId: ws.userIds.rep });
    expect(steps.at(-1)).toMatchObject({
      type: 'closed_won',
      actorId: `integration:${source.id}`,
      data: { recordUrl: event.recordUrl },
    });
    expect(steps.filter((step) => step.type === 'closed_won')).toHaveLength(1);
    expect(await nextActionAt(db(), packetId)).not.toBeNull();
  });

  it('leaves a closed-won nobody can own to the admins, who list it; a rep may not', async () => {
    const record = opportunity('stray');
    const before = await workspaceState(db(), ws.id);
    const event = crmEvent('closed_won', record, {
      owner: { email: 'departed@eventsco.example' },
      customer: { name: 'Initech' },
    });
    const response = await post(service, source, event);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: event.id,
      outcome: 'unclaimed',
      detail: expect.stringContaining('departed@eventsco.example'),
      replayed: false,
    });
    const after = await workspaceState(db(), ws.id);
    expect(after.packets).toEqual(before.packets);
    expect(after.events).toBe(before.events);

    const listed = await ok(service, 'GET', '/v1/events?outcome=unclaimed', ws.tokens.admin);
    expect(listed.events[0]).toMatchObject({
      id: event.id,
      sourceId: source.id,
      type: 'closed_won',
      outcome: 'unclaimed',
      packetId: null,
      event: { record, customer: { name: 'Initech' } },
    });
    expect(listed.events.every((received: { outcome: string }) => received.outcome === 'unclaimed')).toBe(
      true,
    );
    const refused = await service.call('GET', '/v1/events?outcome=unclaimed', ws.tokens.rep);
    expect(refused.status).toBe(403);
    expectErrorShape(refused.body, 'forbidden');
    const badQuery = await service.call('GET', '/v1/events?outcome=lost', ws.tokens.admin);
    expect(badQuery.status).toBe(400);
    expectErrorShape(badQuery.body, 'invalid_request');
  });

  it('sets the deal stage on the record’s open packets, and ignores a record without one', async () => {
    const { id, record } = await repPacket();
    const changed = await post(service, source, crmEvent('stage_changed', record, { stage: 'Negotiation' }));
    expect(changed.body).toMatchObject({ outcome: 'stage_updated', packetId: id, replayed: false });
    const packet = await ok(service, 'GET', `/v1/packets/${id}`, ws.tokens.rep);
    expect(packet.fields['deal.stage']).toMatchObject({ value: 'Negotiation', source: 'crm' });
    const again = await post(service, source, crmEvent('stage_changed', record, { stage: 'Negotiation' }));
    expect(again.body).toMatchObject({ outcome: 'ignored' });

    const elsewhere = await post(
      service,
      source,
      crmEvent('stage_changed', opportunity(), { stage: 'Proposal' }),
    );
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body).toMatchObject({ outcome: 'ignored', detail: 'the record has no open packet' });
  });

  it('gives the packets’ giving side to the new owner, or leaves it unclaimed when Baton does not know them', async () => {
    const { id, record } = await repPacket();
    const unknown = await post(
      service,
      source,
      crmEvent('owner_changed', record, { owner: { email: 'stranger@elsewhere.example' } }),
    );
    expect(unknown.body).toMatchObject({ outcome: 'unclaimed', detail: expect.stringContaining('stranger') });
    expect((await ok(service, 'GET', `/v1/packets/${id}`, ws.tokens.rep)).owners.givingUserId).toBe(
      ws.userIds.rep,
    );

    const moved = await post(
      service,
      source,
      crmEvent('owner_changed', record, { owner: { email: emails.otherRep } }),
    );
    expect(moved.body).toMatchObject({ outcome: 'reassigned', packetId: id });
    const packet = await ok(service, 'GET', `/v1/packets/${id}`, ws.tokens.otherRep);
    expect(packet.owners).toMatchObject({ givingUserId: ws.userIds.otherRep, givingTeamId: 'sales' });
    expect((await history(service, ws, id)).at(-1)).toMatchObject({
      type: 'reassigned',
      actorId: `integration:${source.id}`,
      data: { side: 'giving', from: ws.userIds.rep, to: ws.userIds.otherRep },
    });
  });

  it('changes nothing for a replayed, stale, badly signed, unknown or revoked one', async () => {
    const { id, record } = await repPacket();
    const event = crmEvent('closed_won', record, { stage: 'Closed Won' });
    const body = JSON.stringify(event);
    const revoked = await ok(service, 'POST', '/v1/event-sources', ws.tokens.admin, { name: 'Old Flow' });
    await ok(service, 'DELETE', `/v1/event-sources/${revoked.id}`, ws.tokens.admin);
    const before = await workspaceState(db(), ws.id);

    const refusals: Array<[string, Delivery, number, string]> = [
      ['six minutes old', { timestamp: nowSeconds() - 360 }, 401, 'timestamp_out_of_window'],
      ['six minutes ahead', { timestamp: nowSeconds() + 360 }, 401, 'timestamp_out_of_window'],
      [
        'signed with another secret',
        { signature: `v1=${sign('bsk_guess', String(nowSeconds()), body)}` },
        401,
        'invalid_signature',
      ],
      [
        'signature of another body',
        { signature: `v1=${sign(source.secret, String(nowSeconds()), `${body} `)}` },
        401,
        'invalid_signature',
      ],
      ['no signature', { signature: '' }, 401, 'invalid_signature'],
      ['an unknown source', { sourceId: 'es_aaaaaaaaaaaa' }, 401, 'invalid_signature'],
      ['a malformed source', { sourceId: 'salesforce' }, 401, 'invalid_signature'],
    ];
    for (const [what, delivery, status, code] of refusals) {
      const response = await post(service, source, event, delivery);
      expect(response.status, what).toBe(status);
      expectErrorShape(response.body, code);
    }
    const fromRevoked = await post(service, revoked, event);
    expect(fromRevoked.status).toBe(401);
    expectErrorShape(fromRevoked.body, 'invalid_signature');
    expect(await workspaceState(db(), ws.id)).toEqual(before);

    // None of them used up the id: the genuine event applies, once.
    const applied = await post(service, source, event);
    expect(applied.body).toMatchObject({ outcome: 'clock_started', packetId: id, replayed: false });
    const afterFirst = await workspaceState(db(), ws.id);
    const replayed = await post(service, source, event);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual({ id: event.id, outcome: 'clock_started', packetId: id, replayed: true });
    // A replay with a different body under the same id is still the same event.
    const altered = await post(service, source, { ...event, stage: 'Closed Lost' });
    expect(altered.body).toMatchObject({ replayed: true });
    expect(await workspaceState(db(), ws.id)).toEqual(afterFirst);
  });

  it('refuses a body that is not an event with 400, naming every bad path', async () => {
    const before = await workspaceState(db(), ws.id);
    const notJson = await post(service, source, null, { rawBody: '{"id": ' });
    expect(notJson.status).toBe(400);
    expectErrorShape(notJson.body, 'invalid_json');

    const invalid = await post(service, source, {
      id: '',
      type: 'closed_won',
      occurredAt: 'yesterday',
      record: { system: 'notacrm', instance: 'x', objectKind: 'opportunity', id: '1' },
      amount: -5,
      closeDate: '2026-02-30',
      owner: { email: 'not an email' },
    });
    expect(invalid.status).toBe(400);
    expectErrorShape(invalid.body, 'invalid_request');
    const paths = invalid.body.error.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['id', 'occurredAt', 'record.system', 'amount', 'closeDate', 'owner.email']),
    );

    const noStage = await post(service, source, crmEvent('stage_changed', opportunity()));
    expect(noStage.status).toBe(400);
    expect(noStage.body.error.issues).toContainEqual({ path: 'stage', message: expect.any(String) });
    const unknownType = await post(service, source, crmEvent('closed_lost', opportunity()));
    expect(unknownType.status).toBe(400);
    expectErrorShape(unknownType.body, 'invalid_request');
    expect(await workspaceState(db(), ws.id)).toEqual(before);
  });

  it('applies two identical deliveries arriving at once only once', async () => {
    const { id, record } = await repPacket();
    const event = crmEvent('closed_won', record, { stage: 'Closed Won' });
    const responses = await Promise.all([post(service, source, event), post(service, source, event)]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 201]);
    expect(responses.map((response) => response.body.replayed).sort()).toEqual([false, true]);
    const won = (await history(service, ws, id)).filter((step) => step.type === 'closed_won');
    expect(won).toHaveLength(1);

    const unclaimed = crmEvent('closed_won', opportunity(), { owner: { email: 'nobody@eventsco.example' } });
    const both = await Promise.all([post(service, source, unclaimed), post(service, source, unclaimed)]);
    expect(both.map((response) => response.body.outcome)).toEqual(['unclaimed', 'unclaimed']);
    const [{ count }] = (await db().query('SELECT count(*)::int AS count FROM crm_events WHERE id = $1', [
      unclaimed.id,
    ])) as [{ count: number }];
    expect(count).toBe(1);

    const unowned = opportunity('race');
    const started = crmEvent('closed_won', unowned, { owner: { email: emails.rep } });
    const starts = await Promise.all([post(service, source, started), post(service, source, started)]);
    expect(starts.map((response) => response.body.outcome)).toEqual(['packet_started', 'packet_started']);
    expect(starts[0].body.packetId).toBe(starts[1].body.packetId);
    expect((await ok(service, 'GET', recordPath(unowned), ws.tokens.rep)).packets).toHaveLength(1);
  });
});
