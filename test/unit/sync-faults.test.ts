import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../lib/handoff/history';
import {
  type Device,
  type Fault,
  fieldOn,
  serverHistory,
  startPacket,
  typeField,
  useSyncWorld,
} from '../support/sync-devices';

const world = useSyncWorld();

/**
 * The rep has a synced packet and three changes made offline; meanwhile the manager changed another field,
 * so a sync pushes, pulls a change and fetches the history: three requests, with a write after each.
 */
async function offlineChanges() {
  const rep = await world.device('rep');
  const manager = await world.device('salesManager');
  const packetId = await startPacket(rep);
  await typeField(rep, packetId, 'customer.name', 'Acme');
  await rep.engine.syncOnce();
  await manager.engine.syncOnce();
  await typeField(manager, packetId, 'deal.stage', 'Closed Won');
  await manager.engine.syncOnce();

  await typeField(rep, packetId, 'decisionNotes', 'Chose us for the integration.');
  const item = await rep.edit('addItem', {
    packetId,
    list: 'pains',
    itemId: 'pain-1',
    values: { text: 'Customers repeat their goals to three teams.' },
  });
  expect(item.ok).toBe(true);
  await typeField(rep, packetId, 'customer.name', 'Acme Corp');
  return { rep, manager, packetId };
}

/** Each of the rep's changes reached the packet's history exactly once. */
async function expectEachChangeOnce(rep: Device, packetId: string) {
  const history = await serverHistory(world.service, world.workspace.tokens.admin, packetId);
  const { clientId } = (await rep.db.meta.get('client')) ?? { clientId: '' };
  const byRev = (rev: string) => history.filter((event: HistoryEvent) => event.data.rev === rev);
  for (const id of [2, 3, 5]) expect(byRev(`${clientId}/${id}`), `change ${id}`).toHaveLength(1);
  expect(history.filter((event) => event.type === 'item_added')).toHaveLength(1);
  expect(history.map((event) => event.seq)).toEqual(history.map((_, index) => index + 1));
  expect(await fieldOn(rep, packetId, 'decisionNotes')).toBe('Chose us for the integration.');
  expect(await fieldOn(rep, packetId, 'customer.name')).toBe('Acme Corp');
  expect(await fieldOn(rep, packetId, 'deal.stage')).toBe('Closed Won');
}

describe('a service worker stopped in the middle of a sync', () => {
  const steps = ['push', 'pull', 'history fetch'];
  const cases = steps.flatMap((step, index) =>
    (['stop-before', 'stop-after'] as const).map((fault) => ({ step, index, fault })),
  );

  it('makes the three requests the cases below stop at', async () => {
    const { rep } = await offlineChanges();
    await rep.engine.syncOnce();
    expect(rep.network.requests.slice(-3)).toEqual([
      'POST /v1/sync/push',
      'GET /v1/sync/pull',
      expect.stringMatching(/^GET \/v1\/packets\/.+\/history$/),
    ]);
  });

  it.each(cases)('loses and doubles nothing when stopped $fault the $step', async ({ index, fault }) => {
    const { rep, packetId } = await offlineChanges();
    const before = rep.network.requests.length;
    rep.network.faults.push(...Array<null>(index).fill(null), fault);

    // The stopped engine never runs again: its promise is left pending, as a stopped worker's would be.
    const stopped = rep.network.nextStop();
    void rep.engine.syncOnce();
    await stopped;
    expect(rep.network.requests.length - before).toBe(index + 1);
    rep.restart();
    expect(await rep.engine.syncOnce()).toMatchObject({ ok: true });

    await expectEachChangeOnce(rep, packetId);
    await world.expectEqualToServer(rep);
  });
});

describe('a request that fails or arrives twice', () => {
  const faults: Fault[] = ['fail-after', 'duplicate'];

  it.each(faults)('applies a push once when it is %s', async (fault) => {
    const { rep, packetId } = await offlineChanges();
    rep.network.faults.push(fault);

    const first = await rep.engine.syncOnce();
    if (fault === 'fail-after') {
      // The server applied it, the answer never came: the changes wait, and the next push is skipped.
      expect(first).toMatchObject({ ok: false, kind: 'offline' });
      expect(await rep.db.outbox.count()).toBe(3);
      expect(await rep.engine.syncOnce()).toMatchObject({ ok: true });
    }

    await expectEachChangeOnce(rep, packetId);
    await world.expectEqualToServer(rep);
  });

  it('applies a pull once when it times out after the server answered, or arrives twice', async () => {
    const { rep, packetId } = await offlineChanges();
    rep.network.faults.push(null, 'fail-after');
    expect(await rep.engine.syncOnce()).toMatchObject({ ok: false });
    rep.network.faults.push(null, 'duplicate', 'duplicate');
    expect(await rep.engine.syncOnce()).toMatchObject({ ok: true });

    await expectEachChangeOnce(rep, packetId);
    await world.expectEqualToServer(rep);
  });
});
