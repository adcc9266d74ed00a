import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { BatonDatabase } from '../../lib/db/database';
import { packetRow } from '../../lib/db/packet-rows';
import { storeServerState } from '../../lib/device-sync/server-state';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { actors } from '../support/domain';
import { newPacket } from '../support/packets';

const opened: BatonDatabase[] = [];

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('a packet this person no longer follows', () => {
  it('leaves the device with its history and SLA summary, unless a change to it waits to be pushed', async () => {
    const db = new BatonDatabase(`removals-${crypto.randomUUID()}`);
    opened.push(db);
    const stale = { ...newPacket('sales_to_cs'), id: crypto.randomUUID() };
    const edited = { ...newPacket('sales_to_cs'), id: crypto.randomUUID() };
    await db.packets.bulkPut([packetRow(stale), packetRow(edited)]);
    await db.history.put({
      packetId: stale.id,
      seq: 1,
      type: 'created',
      at: stale.createdAt,
      actorId: 'u',
      data: {},
    });
    await db.slaSummaries.put({
      packetId: stale.id,
      slaState: 'on_track',
      dueSoonAt: null,
      nextDeadline: null,
    });
    await db.outbox.put({
      id: 1,
      name: 'setField',
      args: { packetId: edited.id, field: 'decisionNotes', value: 'Typed offline', baseRev: null },
      createdAt: stale.createdAt,
      packetId: edited.id,
    });

    await storeServerState(
      db,
      { actor: actors.rep, playbook: defaultPlaybook },
      { packets: [], removed: [stale.id, edited.id, crypto.randomUUID()] },
      new Date(),
    );

    expect(await db.packets.get(stale.id)).toBeUndefined();
    expect(await db.history.where('packetId').equals(stale.id).count()).toBe(0);
    expect(await db.slaSummaries.get(stale.id)).toBeUndefined();
    // Nothing typed is lost: the change is pushed, and the API says what becomes of it.
    expect(await db.packets.get(edited.id)).toBeDefined();
    expect(await db.outbox.count()).toBe(1);
  });
});
