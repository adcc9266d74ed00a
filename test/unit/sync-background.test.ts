import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alarms, Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { startPageRouter } from '../../entrypoints/background/page-router';
import { startSync, syncAlarmName } from '../../entrypoints/background/sync';
import { sharedDatabase } from '../../lib/db/database';
import { readSetting } from '../../lib/db/settings';
import type { SyncEngine } from '../../lib/device-sync/engine';
import { signOutAndErase } from '../../lib/device-sync/sign-in';
import type { RecordKey } from '../../lib/handoff/record';
import { apiUrl, opportunity, useSyncWorld } from '../support/sync-devices';

const world = useSyncWorld();

const panelPage: Runtime.MessageSender = {
  id: fakeBrowser.runtime.id,
  url: 'chrome-extension://dynamic-id/panel.html',
};
const optionsPage: Runtime.MessageSender = {
  id: fakeBrowser.runtime.id,
  url: 'chrome-extension://baton/options.html',
};
const contentScript: Runtime.MessageSender = {
  id: fakeBrowser.runtime.id,
  url: 'https://acme.lightning.force.com/lightning/r/Account/001/view',
  frameId: 0,
};

function fakeEngine() {
  return {
    syncOnce: vi.fn<SyncEngine['syncOnce']>(async () => ({ ok: true, changed: false })),
    openRecord: vi.fn<SyncEngine['openRecord']>(async () => {}),
    search: vi.fn<SyncEngine['search']>(async () => {}),
  };
}

/** What the background answers a message with (the first listener that answers). */
async function send(message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender);
  return answers.find((answer) => answer !== undefined);
}

beforeAll(() => {
  // Node has no Web Locks; one job at a time is what the code under test relies on.
  let queue = Promise.resolve();
  vi.stubGlobal('navigator', {
    locks: {
      request: (_name: string, job: () => Promise<unknown>) => {
        const result = queue.then(job);
        queue = result.then(
          () => {},
          () => {},
        );
        return result;
      },
    },
  });
});

describe('the background sync', () => {
  let ringAlarm: (alarm: Alarms.Alarm) => void;
  let createAlarm: ReturnType<typeof vi.fn<typeof fakeBrowser.alarms.create>>;
  let permitted: Set<string>;
  let comeBackOnline: () => void;

  beforeEach(async () => {
    fakeBrowser.reset();
    await signOutAndErase(sharedDatabase());
    permitted = new Set();
    createAlarm = vi.fn<typeof fakeBrowser.alarms.create>(async () => {});
    vi.spyOn(fakeBrowser.alarms, 'get').mockResolvedValue(undefined as unknown as Alarms.Alarm);
    vi.spyOn(fakeBrowser.alarms, 'create').mockImplementation(createAlarm);
    vi.spyOn(fakeBrowser.alarms.onAlarm, 'addListener').mockImplementation((listener) => {
      ringAlarm = listener;
    });
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins }) =>
      (origins ?? []).every((origin) => permitted.has(origin)),
    );
    vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins }) => {
      for (const origin of origins ?? []) permitted.delete(origin);
      return true;
    });
    // A service worker's global scope; Node's has no events.
    vi.stubGlobal('addEventListener', (type: string, listener: () => void) => {
      if (type === 'online') comeBackOnline = listener;
    });
    // The background's fetch reaches the API in this process.
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => world.service.app.request(url, init));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(() => {
    vi.unstubAllGlobals();
  });

  function start(engine = fakeEngine()) {
    startPageRouter(startSync(() => false, engine));
    return engine;
  }

  it('syncs as soon as a worker starts, to finish what a stopped one left', async () => {
    const engine = start();
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(1));
  });

  it('creates a one-minute alarm once, and syncs when it rings', async () => {
    const engine = start();
    await vi.waitFor(() => expect(createAlarm).toHaveBeenCalledWith(syncAlarmName, { periodInMinutes: 1 }));
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(1));
    ringAlarm({ name: syncAlarmName, scheduledTime: Date.now() });
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(2));
  });

  it("syncs after a panel's edit, and takes no orders from content scripts or malformed messages", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const engine = start();
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(1));

    await send({ type: 'sync:request', reason: 'edit' }, contentScript);
    await send({ type: 'sync:request', reason: 'whenever' }, panelPage);
    await send({ type: 'packets:search', query: 'x' }, panelPage);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(engine.syncOnce).toHaveBeenCalledTimes(1);
    expect(engine.search).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(2);

    await send({ type: 'sync:request', reason: 'edit' }, panelPage);
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(2));
  });

  it('fetches the packets of the record a panel opened, once per record for a while', async () => {
    const engine = start();
    const other: RecordKey = { ...opportunity, id: '006xx000009ZzZzAAK' };
    for (const record of [opportunity, opportunity, other])
      await send({ type: 'sync:request', reason: 'panel-open', record }, panelPage);
    await vi.waitFor(() => expect(engine.openRecord).toHaveBeenCalledTimes(2));
    expect(engine.openRecord.mock.calls.map(([record]) => record.id)).toEqual([opportunity.id, other.id]);
  });

  it('syncs at once when the browser comes back online, whatever the backoff', async () => {
    const engine = start();
    engine.syncOnce.mockResolvedValue({ ok: false, kind: 'offline', retryAt: new Date(Date.now() + 60_000) });
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(1));
    await send({ type: 'sync:request', reason: 'edit' }, panelPage);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(engine.syncOnce).toHaveBeenCalledTimes(1);
    comeBackOnline();
    await vi.waitFor(() => expect(engine.syncOnce).toHaveBeenCalledTimes(2));
  });

  it("passes a panel's search to the API", async () => {
    const engine = start();
    await send({ type: 'packets:search', query: ' Acme ' }, panelPage);
    expect(engine.search).toHaveBeenCalledWith('Acme');
  });

  describe('the account', () => {
    it('signs in with a token the API accepts, tells who, never the token, and syncs', async () => {
      const engine = start();
      permitted.add(`${apiUrl}/*`);
      const { tokens } = world.workspace;

      expect(await send({ type: 'account:get' }, optionsPage)).toEqual({ signedIn: false });
      expect(
        await send({ type: 'account:sign-in', url: `${apiUrl}/`, token: 'bt_nope_nope' }, optionsPage),
      ).toEqual({ ok: false, problem: expect.stringContaining('did not accept this token') });
      expect(await send({ type: 'account:sign-in', url: apiUrl, token: tokens.csm }, optionsPage)).toEqual({
        ok: true,
      });

      const account = await send({ type: 'account:get' }, optionsPage);
      expect(account).toMatchObject({
        signedIn: true,
        apiUrl,
        pending: 0,
        me: { user: { name: 'Cass CSM', role: 'csm' }, teams: [{ id: 'cs', manages: false }] },
      });
      expect(JSON.stringify(account)).not.toContain(tokens.csm);
      expect((await readSetting(sharedDatabase(), 'connection'))?.token).toBe(tokens.csm);
      await vi.waitFor(() => expect(engine.syncOnce.mock.calls.length).toBeGreaterThanOrEqual(2));
    });

    it("takes a new token for the same person and keeps the drafts, but not another person's token", async () => {
      start();
      permitted.add(`${apiUrl}/*`);
      const { tokens } = world.workspace;
      await send({ type: 'account:sign-in', url: apiUrl, token: tokens.rep }, optionsPage);
      const rotated = await world.service.call('POST', '/v1/users', tokens.admin, {
        email: `rae-again-${crypto.randomUUID()}@acme.example`,
        name: 'Rae Again',
        role: 'rep',
        teams: ['sales'],
      });
      expect(rotated.status).toBe(201);
      await sharedDatabase().outbox.add({
        id: 1,
        name: 'setField',
        args: {},
        createdAt: new Date().toISOString(),
        packetId: crypto.randomUUID(),
      });

      expect(
        await send({ type: 'account:sign-in', url: apiUrl, token: rotated.body.token }, optionsPage),
      ).toEqual({
        ok: false,
        problem: "Not signed in: this token is Rae Again's; sign out first to switch people.",
      });
      expect(await send({ type: 'account:sign-in', url: apiUrl, token: tokens.rep }, optionsPage)).toEqual({
        ok: true,
      });
      expect(await send({ type: 'account:get' }, optionsPage)).toMatchObject({
        me: { user: { name: 'Rae Rep' } },
        pending: 1,
      });
    });

    it('refuses an origin the person did not allow, and never sends it the token', async () => {
      const reached = vi.fn();
      vi.stubGlobal('fetch', reached);
      start();
      expect(
        await send({ type: 'account:sign-in', url: 'https://elsewhere.test', token: 'bt_x_y' }, optionsPage),
      ).toEqual({ ok: false, problem: 'Baton needs your permission to reach https://elsewhere.test.' });
      expect(reached).not.toHaveBeenCalled();
    });

    it('signs out by erasing the token and every draft, and gives the permission back, once the person agreed to lose what waits', async () => {
      start();
      permitted.add(`${apiUrl}/*`);
      await send({ type: 'account:sign-in', url: apiUrl, token: world.workspace.tokens.rep }, optionsPage);
      await sharedDatabase().outbox.add({
        id: 1,
        name: 'setField',
        args: {},
        createdAt: new Date().toISOString(),
        packetId: crypto.randomUUID(),
      });
      expect(await send({ type: 'account:get' }, optionsPage)).toMatchObject({
        pending: 1,
        newestPending: 1,
      });

      // A change newer than those the person agreed to lose (a panel saved it since they were asked):
      // nothing goes.
      expect(await send({ type: 'account:sign-out', discardingUpTo: 0 }, optionsPage)).toEqual({
        ok: false,
        pending: 1,
        newestPending: 1,
      });
      expect(await sharedDatabase().outbox.count()).toBe(1);
      expect(await readSetting(sharedDatabase(), 'connection')).toBeDefined();
      expect(permitted.size).toBe(1);

      expect(await send({ type: 'account:sign-out', discardingUpTo: 1 }, optionsPage)).toEqual({ ok: true });

      expect(await send({ type: 'account:get' }, optionsPage)).toEqual({ signedIn: false });
      expect(await sharedDatabase().outbox.count()).toBe(0);
      expect(await readSetting(sharedDatabase(), 'connection')).toBeUndefined();
      expect(permitted.size).toBe(0);
    });
  });
});
