import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime, Tabs } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { startBadge } from '../../entrypoints/background/badge';
import { startNotifications } from '../../entrypoints/background/notifications';
import { createPanelConnections } from '../../entrypoints/background/panel-connections';
import { startRecordRouter } from '../../entrypoints/background/record-router';
import { createRecordSla } from '../../entrypoints/background/record-sla';
import { createSidePanels } from '../../entrypoints/background/side-panel';
import { createTabRecords } from '../../entrypoints/background/tab-records';
import { sharedDatabase } from '../../lib/db/database';
import { createSyncEngine, type SyncEngine } from '../../lib/device-sync/engine';
import { signIn, signOutAndErase } from '../../lib/device-sync/sign-in';
import type { DetectedRecord } from '../../lib/messages';
import { sweepSlas } from '../../server/sla/sweeper';
import { syncClient } from '../server/support/api';
import { type Change, create, salesToCsAnswers, transition } from '../server/support/handoffs';
import { apiUrl, faultyNetwork, type Person, useSyncWorld } from '../support/sync-devices';

const world = useSyncWorld();

const opportunityPage: DetectedRecord = {
  system: 'salesforce',
  instance: 'acme',
  objectKind: 'opportunity',
  nativeType: 'Opportunity',
  id: '006xx000001AbCdAAK',
  url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006xx000001AbCdAAK/view',
  name: 'Acme Corp',
};
const record = {
  system: opportunityPage.system,
  instance: opportunityPage.instance,
  objectKind: opportunityPage.objectKind,
  id: opportunityPage.id,
};

let engine: SyncEngine;
let permitted: boolean;
let permissionsAdded: (() => void) | undefined;

/** The browser's own database signed in as `person`, synced with the API, as the background holds it. */
async function signInAs(person: Person): Promise<void> {
  const { transport } = faultyNetwork(world.service);
  await signIn(sharedDatabase(), { url: apiUrl, token: world.workspace.tokens[person] }, transport);
  engine = createSyncEngine({ db: sharedDatabase(), transport });
  await sync();
}

async function sync(): Promise<void> {
  const outcome = await engine.syncOnce();
  if (!outcome.ok) throw new Error(`sync failed: ${outcome.kind}`);
}

async function pushAs(person: Person, changes: Change[]): Promise<void> {
  const response = await syncClient(world.service, world.workspace.tokens[person]).push(changes);
  expect(response.body.rejections).toEqual([]);
}

/** A rep's Sales → CS packet on the opportunity, submitted to Customer Success. */
async function submittedByRep(): Promise<string> {
  const id = crypto.randomUUID();
  await pushAs('rep', [create(id, record), ...salesToCsAnswers(id), transition(id, 'submit')]);
  return id;
}

const shown = async () => Object.values(await fakeBrowser.notifications.getAll());

beforeEach(async () => {
  fakeBrowser.reset();
  await signOutAndErase(sharedDatabase());
  permitted = true;
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => permitted);
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation((listener) => {
    permissionsAdded = listener as () => void;
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('notifications', () => {
  it('tell the giver once that their handoff was returned, even after the worker restarts', async () => {
    await signInAs('rep');
    const id = await submittedByRep();
    await pushAs('csm', [transition(id, 'return', 'The kickoff date is in the past')]);

    await sync();
    await startNotifications().showPending();
    expect(await shown()).toEqual([
      expect.objectContaining({
        title: 'Handoff returned',
        message: 'Acme Corp (Sales → CS / Onboarding): The kickoff date is in the past.',
        iconUrl: expect.stringMatching(/\/icon\/128\.png$/),
      }),
    ]);

    // Pulled again from the start, and shown by a new worker: still once.
    await fakeBrowser.notifications.clear(Object.keys(await fakeBrowser.notifications.getAll())[0] ?? '');
    const meta = await sharedDatabase().meta.get('client');
    if (meta) await sharedDatabase().meta.put({ ...meta, pullCursor: 0 });
    await sync();
    await startNotifications().showPending();
    expect(await shown()).toEqual([]);
  });

  it('tell the receiving team of a handoff submitted to it, and not its giver, naming the giver', async () => {
    await signInAs('csm');
    await submittedByRep();
    await sync();
    await startNotifications().showPending();
    expect(await shown()).toEqual([
      expect.objectContaining({
        title: 'Handoff submitted to you',
        message: 'Acme Corp (Sales → CS / Onboarding), from Rae Rep.',
      }),
    ]);
  });

  it('tell the team of a late handoff when the API escalates it, as one step', async () => {
    await signInAs('csm');
    await submittedByRep();
    await sync();
    await startNotifications().showPending();
    await fakeBrowser.notifications.clear(Object.keys(await fakeBrowser.notifications.getAll())[0] ?? '');

    await sweepSlas(world.database, new Date(Date.now() + 30 * 86_400_000));
    await sync();
    await startNotifications().showPending();
    const [late] = await shown();
    expect(late?.title).toBe('Still overdue: Accepted or returned within 16 business hours');
    expect(late?.message).toMatch(/^Acme Corp \(Sales → CS \/ Onboarding\) was due by /);
    expect(await shown()).toHaveLength(1);
  });

  it('say nothing of what happened before this browser first synced', async () => {
    const id = await submittedByRep();
    await pushAs('csm', [transition(id, 'return', 'Wrong customer')]);
    await signInAs('rep');
    await startNotifications().showPending();
    expect(await shown()).toEqual([]);
    expect(await sharedDatabase().notices.where('status').equals('quiet').count()).toBe(1);
  });

  it('show nothing without the permission, and do not pile up for later', async () => {
    permitted = false;
    await signInAs('rep');
    const id = await submittedByRep();
    await pushAs('csm', [transition(id, 'return', 'Missing the economic buyer')]);
    await sync();
    await startNotifications().showPending();
    permitted = true;
    await startNotifications().showPending();
    expect(await shown()).toEqual([]);
  });

  it('start without the notifications API, which exists only once allowed, and listen for clicks once it is', async () => {
    const api = fakeBrowser.notifications;
    Object.assign(fakeBrowser, { notifications: undefined });
    permitted = false;
    try {
      const notifications = startNotifications();
      await signInAs('rep');
      const id = await submittedByRep();
      await pushAs('csm', [transition(id, 'return', 'No decision notes')]);
      await sync();
      await notifications.showPending();
      expect(await sharedDatabase().notices.where('status').equals('quiet').count()).toBe(1);
    } finally {
      Object.assign(fakeBrowser, { notifications: api });
    }
    const onClicked = vi.spyOn(fakeBrowser.notifications.onClicked, 'addListener');
    permissionsAdded?.();
    expect(onClicked).toHaveBeenCalledTimes(1);
    permissionsAdded?.();
    expect(onClicked).toHaveBeenCalledTimes(1);
  });

  it('open the record where its tab last showed it when clicked', async () => {
    vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation(() => {});
    const tabRecords = createTabRecords();
    startRecordRouter(
      tabRecords,
      createPanelConnections(),
      createRecordSla(tabRecords),
      createSidePanels(tabRecords),
    );
    const sender: Runtime.MessageSender = {
      id: fakeBrowser.runtime.id,
      tab: { id: 3 } as Tabs.Tab,
      frameId: 0,
      url: opportunityPage.url,
    };
    await fakeBrowser.runtime.onMessage.trigger({ type: 'record:detected', record: opportunityPage }, sender);
    await signInAs('rep');
    const id = await submittedByRep();
    await pushAs('csm', [transition(id, 'return', 'No kickoff date')]);
    await sync();
    const notifications = startNotifications();
    await notifications.showPending();
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as Tabs.Tab);
    const [notificationId] = Object.keys(await fakeBrowser.notifications.getAll());

    await fakeBrowser.notifications.onClicked.trigger(notificationId ?? '');
    await vi.waitFor(() => expect(create).toHaveBeenCalledWith({ url: opportunityPage.url }));
    await vi.waitFor(async () => expect(await shown()).toEqual([]));
  });
});

describe('the toolbar badge', () => {
  it("counts the person's handoffs due soon or breached, red once one is breached", async () => {
    // Monday 7 December 2026, 09:00 UTC: the acceptance clock (16 working hours) runs from now.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-07T09:00:00Z') });
    await signInAs('rep');
    await submittedByRep();
    await sync();
    const badge = startBadge();
    const text = () => fakeBrowser.action.getBadgeText({});

    await badge.refresh();
    expect(await text()).toBe('');
    expect((await fakeBrowser.alarms.get('baton-badge'))?.scheduledTime).toBe(
      Date.parse('2026-12-07T17:00:00Z'),
    );

    vi.setSystemTime(new Date('2026-12-07T17:00:00Z'));
    await badge.refresh();
    expect(await text()).toBe('1');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([178, 106, 0, 255]);
    expect(await fakeBrowser.action.getTitle({})).toBe('Baton: your handoffs, 1 due soon');

    vi.setSystemTime(new Date('2026-12-08T17:00:01Z'));
    await badge.refresh();
    expect(await text()).toBe('1');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([198, 40, 40, 255]);
    expect(await fakeBrowser.action.getTitle({})).toBe('Baton: your handoffs, 1 breached');
    expect(await fakeBrowser.alarms.get('baton-badge')).toBeUndefined();
  });

  it('counts nobody else’s handoffs, and nothing once signed out', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-07T09:00:00Z') });
    await signInAs('otherRep');
    await submittedByRep();
    vi.setSystemTime(new Date('2026-12-09T09:00:00Z'));
    await sync();
    const badge = startBadge();
    await badge.refresh();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    await signOutAndErase(sharedDatabase());
    await badge.refresh();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await fakeBrowser.action.getTitle({})).toBe('Baton: sign in to see your handoffs here');
  });
});
