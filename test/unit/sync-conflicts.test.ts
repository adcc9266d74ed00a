import { describe, expect, it } from 'vitest';
import { opportunity, startPacket, typeField, useSyncWorld } from '../support/sync-devices';

const world = useSyncWorld();

/** The rep's packet, synced to the rep's manager. */
async function sharedPacket() {
  const rep = await world.device('rep');
  const manager = await world.device('salesManager');
  const packetId = await startPacket(rep);
  await rep.engine.syncOnce();
  await manager.engine.syncOnce();
  return { rep, manager, packetId };
}

async function reconnect(...devices: Awaited<ReturnType<typeof world.device>>[]) {
  // The first to come back cannot know of the others' changes until it syncs once more.
  for (const device of [...devices, ...devices])
    expect(await device.engine.syncOnce()).toMatchObject({ ok: true });
}

describe('offline edits on two devices', () => {
  it('keeps both when they changed different fields', async () => {
    const { rep, manager, packetId } = await sharedPacket();
    await typeField(rep, packetId, 'decisionNotes', 'Chose us for the integration.');
    await typeField(manager, packetId, 'deal.stage', 'Closed Won');
    rep.network.faults.push('fail-before');
    manager.network.faults.push('fail-before');
    expect(await rep.engine.syncOnce()).toMatchObject({ ok: false, kind: 'offline' });
    expect(await manager.engine.syncOnce()).toMatchObject({ ok: false, kind: 'offline' });

    await reconnect(rep, manager);

    for (const device of [rep, manager]) {
      const packet = (await device.db.packets.get(packetId))?.packet;
      expect(packet?.fields.decisionNotes?.value).toBe('Chose us for the integration.');
      expect(packet?.fields['deal.stage']?.value).toBe('Closed Won');
      expect(packet?.conflicts).toEqual([]);
      await world.expectEqualToServer(device);
    }
  });

  it('shows a conflict with both values and who wrote each when they changed the same field', async () => {
    const { rep, manager, packetId } = await sharedPacket();
    await typeField(rep, packetId, 'keyDates.close', '2026-11-02');
    await typeField(manager, packetId, 'keyDates.close', '2026-11-30');

    await reconnect(rep, manager);

    const { userIds } = world.workspace;
    for (const device of [rep, manager]) {
      const packet = (await device.db.packets.get(packetId))?.packet;
      expect(packet?.conflicts).toEqual([
        expect.objectContaining({
          target: { kind: 'scalar', field: 'keyDates.close' },
          kept: expect.objectContaining({ value: '2026-11-02', setBy: userIds.rep }),
          proposed: expect.objectContaining({ value: '2026-11-30', setBy: userIds.salesManager }),
        }),
      ]);
      await world.expectEqualToServer(device);
    }

    // Either may keep one; the other device sees the choice.
    const conflictId = (await manager.db.packets.get(packetId))?.packet.conflicts[0]?.id ?? '';
    expect((await manager.edit('resolveConflict', { packetId, conflictId, keep: 'proposed' })).ok).toBe(true);
    await reconnect(manager, rep);
    const resolved = (await rep.db.packets.get(packetId))?.packet;
    expect(resolved?.conflicts).toEqual([]);
    expect(resolved?.fields['keyDates.close']?.value).toBe('2026-11-30');
  });

  it("ends with one packet holding both people's text when both started one for the same record", async () => {
    const rep = await world.device('rep');
    const manager = await world.device('salesManager');
    const repsId = await startPacket(rep);
    const managersId = await startPacket(manager);
    await typeField(rep, repsId, 'decisionNotes', 'Typed by the rep on the train.');
    await typeField(manager, managersId, 'successPlan.summary', 'Typed by the manager at the office.');

    await reconnect(rep, manager);

    for (const device of [rep, manager]) {
      const packets = await device.packets();
      expect(packets.map((packet) => packet.id)).toEqual([repsId]);
      expect(packets[0]?.records).toEqual([opportunity]);
      expect(packets[0]?.fields.decisionNotes?.value).toBe('Typed by the rep on the train.');
      expect(packets[0]?.fields['successPlan.summary']?.value).toBe('Typed by the manager at the office.');
      await world.expectEqualToServer(device);
    }
    // The manager's history of the packet it started is gone with it; the adopted one's is the server's.
    expect(await manager.history(managersId)).toEqual([]);
    expect((await manager.history(repsId)).filter((event) => event.type === 'created')).toHaveLength(1);
  });

  it('moves changes typed after the push that joined another packet over to it', async () => {
    const rep = await world.device('rep');
    const manager = await world.device('salesManager');
    const repsId = await startPacket(rep);
    await rep.engine.syncOnce();
    const managersId = await startPacket(manager);
    // The manager's create joins the rep's packet on push; a change typed before the pull still names the
    // manager's own id.
    manager.network.meanwhile = async (request) => {
      if (request !== 'GET /v1/sync/pull') return;
      manager.network.meanwhile = null;
      await typeField(manager, managersId, 'scope.exclusions', 'No custom reports.');
    };
    await manager.engine.syncOnce();
    expect(await manager.db.outbox.toArray()).toEqual([expect.objectContaining({ packetId: repsId })]);
    expect((await manager.db.packets.get(repsId))?.packet.fields['scope.exclusions']?.value).toBe(
      'No custom reports.',
    );

    await reconnect(manager, rep);
    expect((await rep.db.packets.get(repsId))?.packet.fields['scope.exclusions']?.value).toBe(
      'No custom reports.',
    );
    await world.expectEqualToServer(manager);
  });
});

describe('a change the API refuses', () => {
  it('is shown to its author with the reason and what was kept, and undone on this device', async () => {
    const { rep, manager, packetId } = await sharedPacket();
    await typeField(rep, packetId, 'customer.name', 'Acme Corp');
    await rep.engine.syncOnce();
    await manager.engine.syncOnce();
    const closed = await manager.edit('transition', {
      packetId,
      transition: 'close',
      reason: 'The deal was lost to the incumbent.',
    });
    expect(closed.ok).toBe(true);
    await manager.engine.syncOnce();

    // Offline, the rep still sees the packet open and renames the customer.
    await typeField(rep, packetId, 'customer.name', 'Acme Corporation');
    await reconnect(rep);

    expect(await rep.db.rejections.toArray()).toEqual([
      expect.objectContaining({
        packetId,
        mutationId: 3,
        name: 'setField',
        code: 'invalid_status',
        message: 'a closed packet cannot change',
        args: expect.objectContaining({ field: 'customer.name', value: 'Acme Corporation' }),
        seen: false,
      }),
    ]);
    const kept = (await rep.db.packets.get(packetId))?.packet;
    expect(kept?.status).toBe('closed');
    expect(kept?.fields['customer.name']?.value).toBe('Acme Corp');
    await world.expectEqualToServer(rep);
  });

  it('is undone on this device even when nothing else changed the packet', async () => {
    const rep = await world.device('rep');
    const packetId = await startPacket(rep);
    await rep.engine.syncOnce();
    // A value the device let through but the API refuses: the device applied a playbook rule the API lacks.
    await rep.db.outbox.add({
      id: 2,
      name: 'setField',
      args: { packetId, field: 'no.such.field', value: 'x', baseRev: null },
      createdAt: new Date().toISOString(),
      packetId,
    });
    await rep.db.meta.update('client', { lastMutationId: 2 });
    await rep.db.packets.update(packetId, { 'packet.returnReason': 'made up on this device' });

    await reconnect(rep);

    expect(await rep.db.rejections.count()).toBe(1);
    expect((await rep.db.packets.get(packetId))?.packet.returnReason).toBeNull();
    await world.expectEqualToServer(rep);
  });
});
