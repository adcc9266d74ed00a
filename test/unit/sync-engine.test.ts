import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../lib/device-sync/sync-status';
import {
  fieldOn,
  serverHistory,
  serverPacket,
  startPacket,
  typeField,
  useSyncWorld,
} from '../support/sync-devices';

const world = useSyncWorld();

describe('syncOnce', () => {
  it('pushes the outbox in order, empties it, and keeps the server copy with its history', async () => {
    const rep = await world.device('rep');
    const packetId = await startPacket(rep);
    await typeField(rep, packetId, 'customer.name', 'Acme Corp');
    await typeField(rep, packetId, 'customer.name', 'Acme Corporation');

    expect(await rep.engine.syncOnce()).toEqual({ ok: true, changed: true });

    const admin = world.workspace.tokens.admin;
    expect((await serverPacket(world.service, admin, packetId)).fields['customer.name']?.value).toBe(
      'Acme Corporation',
    );
    expect((await serverHistory(world.service, admin, packetId)).map((event) => event.type)).toEqual([
      'created',
      'field_set',
      'field_set',
    ]);
    await world.expectEqualToServer(rep);
    expect(await rep.db.meta.get('client')).toMatchObject({ lastMutationId: 3, lastAckedMutationId: 3 });
  });

  it("brings a teammate's packet and later edits to another device", async () => {
    const rep = await world.device('rep');
    const manager = await world.device('salesManager');
    const packetId = await startPacket(rep);
    await typeField(rep, packetId, 'decisionNotes', 'Chose us for the Salesforce integration.');
    await rep.engine.syncOnce();

    await manager.engine.syncOnce();
    expect(await fieldOn(manager, packetId, 'decisionNotes')).toBe(
      'Chose us for the Salesforce integration.',
    );

    await typeField(rep, packetId, 'decisionNotes', 'The CFO wants a Q1 go-live.');
    await rep.engine.syncOnce();
    await manager.engine.syncOnce();
    expect(await fieldOn(manager, packetId, 'decisionNotes')).toBe('The CFO wants a Q1 go-live.');
    await world.expectEqualToServer(manager);
  });

  it('pulls everything again, quietly, when the API has fewer changes than the device saw', async () => {
    const rep = await world.device('rep');
    const packetId = await startPacket(rep);
    await typeField(rep, packetId, 'customer.name', 'Acme Corp');
    await rep.engine.syncOnce();
    // As after the API's database was restored from an older backup.
    const meta = await rep.db.meta.get('client');
    if (!meta) throw new Error('the device has synced, so it has its client id');
    await rep.db.meta.put({ ...meta, pullCursor: (meta.pullCursor ?? 0) + 5000 });
    await rep.db.packets.delete(packetId);

    expect(await rep.engine.syncOnce()).toEqual({ ok: true, changed: true });

    expect(await fieldOn(rep, packetId, 'customer.name')).toBe('Acme Corp');
    expect((await rep.db.meta.get('client'))?.pullCursor).toBeLessThan(5000);
    await world.expectEqualToServer(rep);
  });

  it('pushes more than one batch in order', async () => {
    const rep = await world.device('rep');
    const packetId = await startPacket(rep);
    for (let round = 1; round <= 230; round++)
      await typeField(rep, packetId, 'customer.name', `Acme ${round}`);

    await rep.engine.syncOnce();

    const pushes = rep.network.requests.filter((request) => request === 'POST /v1/sync/push');
    expect(pushes).toHaveLength(3);
    expect(await serverPacket(world.service, world.workspace.tokens.admin, packetId)).toMatchObject({
      seq: 231,
      fields: { 'customer.name': { value: 'Acme 230' } },
    });
    await world.expectEqualToServer(rep);
  });

  it('replays a change typed while a pull is under way on top of what it brings, and pushes it next', async () => {
    const rep = await world.device('rep');
    const manager = await world.device('salesManager');
    const packetId = await startPacket(rep);
    await rep.engine.syncOnce();
    await manager.engine.syncOnce();
    await typeField(manager, packetId, 'deal.stage', 'Closed Won');
    await manager.engine.syncOnce();

    rep.network.meanwhile = async (request) => {
      if (request !== 'GET /v1/sync/pull') return;
      rep.network.meanwhile = null;
      await typeField(rep, packetId, 'decisionNotes', 'Typed while syncing.');
    };
    await rep.engine.syncOnce();

    expect(await fieldOn(rep, packetId, 'deal.stage')).toBe('Closed Won');
    expect(await fieldOn(rep, packetId, 'decisionNotes')).toBe('Typed while syncing.');
    expect(await rep.db.outbox.count()).toBe(1);
    await rep.engine.syncOnce();
    await world.expectEqualToServer(rep);
    expect(await fieldOn(rep, packetId, 'decisionNotes')).toBe('Typed while syncing.');
  });

  it('does nothing and reports success in local-only mode', async () => {
    const rep = await world.device('rep');
    await rep.db.settings.delete('connection');
    await startPacket(rep);
    expect(await rep.engine.syncOnce()).toEqual({ ok: true, changed: false });
    expect(await rep.db.outbox.count()).toBe(1);
  });
});

describe('backoff', () => {
  it('doubles from 2 s up to 5 minutes, each delay between half and all of its ceiling', () => {
    expect([1, 2, 3, 4].map((failures) => backoffMs(failures, () => 1))).toEqual([2000, 4000, 8000, 16000]);
    expect([1, 2, 3].map((failures) => backoffMs(failures, () => 0))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(30, () => 1)).toBe(300_000);
  });

  it('grows with failures in a row, says what to do, and resets after a success', async () => {
    const rep = await world.device('rep');
    await startPacket(rep);
    rep.network.faults.push('fail-before', 'fail-before', 'fail-before');
    const retries: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await rep.engine.syncOnce();
      if (outcome.ok) throw new Error('the sync should have failed');
      retries.push(outcome.retryAt.getTime() - Date.now());
    }
    expect(retries[1]).toBeGreaterThan((retries[0] ?? 0) - 100);
    expect(retries[2]).toBeGreaterThan(1900);
    const offline = await rep.db.settings.get('syncStatus');
    expect(offline?.value).toMatchObject({
      state: 'offline',
      failures: 3,
      problem: expect.stringContaining('Your changes are saved on this device'),
    });

    expect(await rep.engine.syncOnce()).toMatchObject({ ok: true });
    expect((await rep.db.settings.get('syncStatus'))?.value).toMatchObject({
      state: 'idle',
      failures: 0,
      retryAt: null,
      problem: null,
    });
  });

  it('tells the person to sign in again when the API no longer takes the token', async () => {
    const rep = await world.device('rep');
    await rep.db.settings.put({
      key: 'connection',
      value: { url: 'https://baton.test', token: 'bt_revoked_secret' },
    });
    expect(await rep.engine.syncOnce()).toMatchObject({ ok: false, kind: 'unauthorized' });
    expect((await rep.db.settings.get('syncStatus'))?.value).toMatchObject({
      state: 'error',
      problem: expect.stringContaining('Sign in again'),
    });
  });
});
