import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatonDatabase } from '../../lib/db/database';
import { packetsForRecord, searchPackets } from '../../lib/db/queries';
import { applyLocal } from '../../lib/drafts/apply-local';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { RecordKey } from '../../lib/handoff/record';
import { actors, salesforceOpportunity } from '../support/domain';

const rep = actors.rep;
const zendeskOrganization: RecordKey = {
  system: 'zendesk',
  instance: 'acme',
  objectKind: 'account',
  id: '360001',
};
const firstPacketId = '01933b6e-8f00-7000-8000-00000000a001';
const secondPacketId = '01933b6e-8f00-7000-8000-00000000a002';

let db: BatonDatabase;

beforeEach(() => {
  db = new BatonDatabase(`drafts-${crypto.randomUUID()}`);
});

afterEach(async () => {
  await db.delete();
});

function start(packetId = firstPacketId, prefill: Record<string, string | number> = {}) {
  return applyLocal(
    db,
    'createPacket',
    {
      packetId,
      handoffPoint: 'sales_to_cs',
      record: salesforceOpportunity,
      receivingTeamId: 't-cs',
      prefill,
    },
    rep,
    defaultPlaybook,
    new Date('2026-11-02T09:00:00.000Z'),
  );
}

describe('applyLocal', () => {
  it('opens the database with strict durability, so a committed change is on disk', () => {
    expect(db._options.chromeTransactionDurability).toBe('strict');
  });

  it('writes the packet, its history and the outbox row, and resolves after the commit', async () => {
    const result = await start(firstPacketId, { 'customer.name': 'Acme Corp' });
    expect(result.ok).toBe(true);

    // A second connection sees only committed data.
    const other = new BatonDatabase(db.name);
    const meta = await other.meta.get('client');
    expect(meta?.lastMutationId).toBe(1);
    const outbox = await other.outbox.toArray();
    expect(outbox).toEqual([
      {
        id: 1,
        name: 'createPacket',
        args: expect.objectContaining({ packetId: firstPacketId, prefill: { 'customer.name': 'Acme Corp' } }),
        createdAt: '2026-11-02T09:00:00.000Z',
        packetId: firstPacketId,
      },
    ]);
    const row = await other.packets.get(firstPacketId);
    expect(row?.packet.fields['customer.name']).toMatchObject({
      value: 'Acme Corp',
      source: 'crm',
      rev: `${meta?.clientId}/1`,
    });
    expect(row?.searchWords).toEqual(['acme', 'corp']);
    expect((await other.history.toArray()).map((event) => event.type)).toEqual(['created', 'field_set']);
    other.close();
  });

  it('numbers mutations consecutively and uses the number in each revision', async () => {
    await start();
    const first = await applyLocal(
      db,
      'setField',
      {
        packetId: firstPacketId,
        field: 'decisionNotes',
        value: 'Chose us for the Salesforce integration.',
        baseRev: null,
      },
      rep,
      defaultPlaybook,
    );
    const second = await applyLocal(
      db,
      'setField',
      { packetId: firstPacketId, field: 'scope.arr', value: 120000, baseRev: null },
      rep,
      defaultPlaybook,
    );
    const meta = await db.meta.get('client');
    expect(first.ok && first.writeId).toBe(`${meta?.clientId}/2`);
    expect(second.ok && second.writeId).toBe(`${meta?.clientId}/3`);
    expect((await db.outbox.toArray()).map((row) => [row.id, row.name])).toEqual([
      [1, 'createPacket'],
      [2, 'setField'],
      [3, 'setField'],
    ]);
  });

  it('leaves neither the packet nor the outbox row when the transaction fails in between', async () => {
    const failOutbox = () => {
      throw new Error('disk full');
    };
    db.outbox.hook('creating', failOutbox);
    await expect(start()).rejects.toThrow('disk full');
    expect(await db.packets.count()).toBe(0);
    expect(await db.history.count()).toBe(0);
    expect(await db.meta.get('client')).toBeUndefined();

    db.outbox.hook('creating').unsubscribe(failOutbox);
    await start();
    expect((await db.outbox.toArray()).map((row) => row.id)).toEqual([1]);
  });

  it('joins the open packet of the same record and handoff point instead of creating a second one', async () => {
    await start(firstPacketId, { 'customer.name': 'Acme Corp' });
    const joined = await start(secondPacketId, {
      'customer.name': 'ACME Corporation',
      'deal.amount': 120000,
    });

    expect(joined.ok && joined.packet.id).toBe(firstPacketId);
    const packets = await packetsForRecord(db, salesforceOpportunity);
    expect(packets).toHaveLength(1);
    // The prefill fills only what is still empty.
    expect(packets[0]?.fields['customer.name']?.value).toBe('Acme Corp');
    expect(packets[0]?.fields['deal.amount']?.value).toBe(120000);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((row) => [row.name, row.packetId])).toEqual([
      ['createPacket', firstPacketId],
      ['createPacket', firstPacketId],
    ]);
  });

  it('starts a new packet at another handoff point, or once the open one is closed', async () => {
    await start();
    const renewal = await applyLocal(
      db,
      'createPacket',
      { packetId: secondPacketId, handoffPoint: 'renewal_expansion', record: salesforceOpportunity },
      rep,
      defaultPlaybook,
    );
    expect(renewal.ok && renewal.packet.id).toBe(secondPacketId);

    const row = await db.packets.get(firstPacketId);
    if (!row) throw new Error('the first packet was written');
    await db.packets.put({ ...row, packet: { ...row.packet, status: 'closed' } });
    const nextYear = await start('01933b6e-8f00-7000-8000-00000000a003');
    expect(nextYear.ok && nextYear.packet.id).toBe('01933b6e-8f00-7000-8000-00000000a003');
  });

  it('writes nothing for a refused change and returns the refusal', async () => {
    const missing = await applyLocal(
      db,
      'setField',
      { packetId: firstPacketId, field: 'decisionNotes', value: 'Chose us.', baseRev: null },
      rep,
      defaultPlaybook,
    );
    expect(missing).toMatchObject({ ok: false, code: 'not_found' });

    await start();
    const before = await db.packets.get(firstPacketId);
    const invalid = await applyLocal(
      db,
      'setField',
      { packetId: firstPacketId, field: 'scope.seats', value: 2.5, baseRev: null },
      rep,
      defaultPlaybook,
    );
    expect(invalid).toMatchObject({
      ok: false,
      code: 'invalid_value',
      message: 'Seats must be a whole number',
    });
    const forbidden = await applyLocal(
      db,
      'setField',
      { packetId: firstPacketId, field: 'decisionNotes', value: 'Chose us.', baseRev: null },
      actors.support,
      defaultPlaybook,
    );
    expect(forbidden).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await db.packets.get(firstPacketId)).toEqual(before);
    expect(await db.outbox.count()).toBe(1);
    expect((await db.meta.get('client'))?.lastMutationId).toBe(1);
  });

  it('writes nothing for a change that changes nothing', async () => {
    await start(firstPacketId, { 'customer.name': 'Acme Corp' });
    const rev = (await db.packets.get(firstPacketId))?.packet.fields['customer.name']?.rev ?? null;
    const same = await applyLocal(
      db,
      'setField',
      { packetId: firstPacketId, field: 'customer.name', value: 'Acme Corp', baseRev: rev },
      rep,
      defaultPlaybook,
    );
    expect(same).toMatchObject({ ok: true, writeId: null });
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('local queries', () => {
  it('finds a record’s packets through the record index and a customer by name or domain', async () => {
    await start(firstPacketId, { 'customer.name': 'Acme Corp' });
    await applyLocal(
      db,
      'setField',
      { packetId: firstPacketId, field: 'customer.domain', value: 'acme.example', baseRev: null },
      rep,
      defaultPlaybook,
    );
    await applyLocal(
      db,
      'linkRecord',
      { packetId: firstPacketId, record: zendeskOrganization },
      rep,
      defaultPlaybook,
    );

    expect((await packetsForRecord(db, zendeskOrganization)).map((packet) => packet.id)).toEqual([
      firstPacketId,
    ]);
    for (const query of ['acme', 'Acme Co', 'corp', 'acme.example', 'ACME.EX'])
      expect((await searchPackets(db, query)).map((packet) => packet.id)).toEqual([firstPacketId]);
    for (const query of ['', 'globex', 'acme globex']) expect(await searchPackets(db, query)).toEqual([]);
  });
});
