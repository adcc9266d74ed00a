import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from './support/api-server';
import {
  chromiumInstalled,
  developmentBuildDir,
  type ExtensionBrowser,
  launchChromiumWithExtension,
} from './support/chromium';
import { freshSalesforceRecord } from './support/fixture-pages';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';
import { panelShowing } from './support/panel';
import {
  historyOnServer,
  killBrowser,
  notesIn,
  packetsOnServer,
  saveState,
  signInThroughOptions,
  stopServiceWorker,
} from './support/sync-browsers';

// The extension APIs the tests call inside the service worker.
declare const chrome: {
  storage: Record<'local' | 'session', { get(keys: null): Promise<Record<string, unknown>> }>;
};

// The development build: it is granted the local API's origin at install, because a browser under
// automation cannot answer the permission prompt that sign-in shows for any other origin.
const syncTimeoutMs = 20_000;
const poll = { timeout: syncTimeoutMs, interval: 100 };

describe.skipIf(!chromiumInstalled)('sync between two browsers against a running API', () => {
  let api: ApiServer;
  let fixtures: FixtureServer;
  let repProfile: string;
  let rep: ExtensionBrowser;
  let manager: ExtensionBrowser;

  const launchRep = () =>
    launchChromiumWithExtension({
      extensionDir: developmentBuildDir,
      fixturePort: fixtures.port,
      profileDir: repProfile,
    });

  beforeAll(async () => {
    api = await startApiServer();
    fixtures = await startHttpsFixtureServer([
      {
        host: 'acme.lightning.force.com',
        path: /^\/lightning\/r\/Account\/\w+\/view$/,
        file: 'salesforce/account.html',
      },
    ]);
    repProfile = await mkdtemp(join(tmpdir(), 'baton-e2e-sync-rep-'));
    rep = await launchRep();
    manager = await launchChromiumWithExtension({
      extensionDir: developmentBuildDir,
      fixturePort: fixtures.port,
    });
    await signInThroughOptions(rep, api.url, api.workspace.tokens.rep);
    await signInThroughOptions(manager, api.url, api.workspace.tokens.salesManager);
  }, 120_000);

  afterAll(async () => {
    await rep?.close().catch(() => {});
    await manager?.close();
    await rm(repProfile, { recursive: true, force: true });
    await fixtures?.close();
    await api?.close();
  });

  /** The rep starts a packet on a fresh account; the manager opens the same account. */
  async function sharedAccount(): Promise<{ id: string; url: string; repPage: Page; managerPage: Page }> {
    const account = freshSalesforceRecord('Account');
    const repPage = await rep.context.newPage();
    await repPage.goto(account.url);
    const frame = await panelShowing(repPage, account.id);
    await frame.getByRole('button', { name: 'Start handoff packet' }).click();
    await frame.locator('#baton-decisionNotes').waitFor();
    await expect.poll(() => saveState(frame), poll).toBe('Synced');
    const managerPage = await manager.context.newPage();
    await managerPage.goto(account.url);
    await (await panelShowing(managerPage, account.id)).locator('#baton-decisionNotes').waitFor(poll);
    return { ...account, repPage, managerPage };
  }

  async function type(page: Page, recordId: string, text: string): Promise<Frame> {
    const frame = await panelShowing(page, recordId);
    await frame.locator('#baton-decisionNotes').fill(text);
    return frame;
  }

  it('keeps the token where content scripts cannot read it, and a restart does not empty', async () => {
    const [local, session] = await rep.serviceWorker.evaluate(() =>
      Promise.all([chrome.storage.local.get(null), chrome.storage.session.get(null)]),
    );
    const token = api.workspace.tokens.rep;
    expect(JSON.stringify(local)).not.toContain(token);
    expect(JSON.stringify(session)).not.toContain(token);
    const kept = await rep.serviceWorker.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const opened = indexedDB.open('baton');
          opened.onerror = () => reject(opened.error);
          opened.onsuccess = () => {
            const read = opened.result.transaction('settings').objectStore('settings').get('connection');
            read.onsuccess = () => resolve(read.result);
          };
        }),
    );
    expect(kept).toEqual({ key: 'connection', value: { url: api.url, token } });
  });

  it("shows an edit in one browser in the other's open panel", async () => {
    const { id, repPage, managerPage } = await sharedAccount();
    const notes = `Chose us for the audit trail ${randomUUID()}`;
    const started = Date.now();

    const frame = await type(repPage, id, notes);

    await expect.poll(() => notesIn(managerPage, id), { ...poll, interval: 20 }).toBe(notes);
    console.info(`edit → visible in the other browser: ${Date.now() - started} ms (typing pause included)`);
    await expect.poll(() => saveState(frame), poll).toBe('Synced');
    await repPage.close();
    await managerPage.close();
  }, 60_000);

  it('keeps edits working with the API stopped, and syncs them when it is back', async () => {
    const { id, repPage, managerPage } = await sharedAccount();
    await api.stop();
    const notes = `Typed on the train ${randomUUID()}`;

    const frame = await type(repPage, id, notes);

    await expect.poll(() => saveState(frame), poll).toMatch(/^Offline: 1 change saved on this device · /);
    await api.start();
    await expect.poll(() => notesIn(managerPage, id), { ...poll, timeout: 60_000 }).toBe(notes);
    await expect.poll(() => saveState(frame), poll).toBe('Synced');
    await repPage.close();
    await managerPage.close();
  }, 120_000);

  it('keeps what the panel said was saved through a SIGKILL, and syncs it after the restart', async () => {
    const { id, url, repPage, managerPage } = await sharedAccount();
    // With the API down, nothing but the disk can hold the text when the browser dies.
    await api.stop();
    const notes = `Saved just before the crash ${randomUUID()}`;
    const frame = await type(repPage, id, notes);
    await expect.poll(() => saveState(frame), { timeout: 5_000, interval: 10 }).toMatch(/^(Saved|Offline)/);

    expect(await killBrowser(repProfile)).toHaveLength(1);
    await rep.close().catch(() => {});
    await api.start();
    rep = await launchRep();
    const reopened = await rep.context.newPage();
    await reopened.goto(url);

    await expect.poll(() => notesIn(reopened, id), poll).toBe(notes);
    await expect.poll(() => notesIn(managerPage, id), { ...poll, timeout: 60_000 }).toBe(notes);
    const [packet] = await packetsOnServer(api.url, api.workspace.tokens.admin, id);
    expect(packet?.fields.decisionNotes?.value).toBe(notes);
    await reopened.close();
    await managerPage.close();
  }, 120_000);

  it('loses and doubles nothing when the service worker is stopped in the middle of a push', async () => {
    const { id, repPage, managerPage } = await sharedAccount();
    const notes = `Pushed as the worker stopped ${randomUUID()}`;
    // The server applies the push and sits on its answer; the worker is stopped while it waits.
    api.pushes.behaviour = 'hold-answer';
    const applied = new Promise<void>((resolve) => {
      api.pushes.onApplied = resolve;
    });

    const pushesBefore = api.pushes.applied;
    const frame = await type(repPage, id, notes);
    await applied;
    api.pushes.onApplied = null;
    api.pushes.behaviour = 'normal';
    const stoppedAt = Date.now();
    const { restarted } = await stopServiceWorker(rep);

    // The panel reconnects, which starts a new worker; it pushes again and the server skips what it has.
    await restarted;
    await expect.poll(() => saveState(frame), poll).toBe('Synced');
    // Sooner than the 15 s a request waits for an answer: the new worker did it, not the stopped one's retry.
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    await expect.poll(() => notesIn(managerPage, id), poll).toBe(notes);
    // The held push and the new worker's: the second one's mutation was skipped, not applied again.
    expect(api.pushes.applied - pushesBefore).toBeGreaterThanOrEqual(2);
    const [packet] = await packetsOnServer(api.url, api.workspace.tokens.admin, id);
    const history = await historyOnServer(api.url, api.workspace.tokens.admin, packet?.id ?? '');
    expect(history.filter((event) => event.type === 'field_set' && event.data.value === notes)).toHaveLength(
      1,
    );
    await repPage.close();
    await managerPage.close();
  }, 120_000);

  it('logged no error in either browser', () => {
    expect(rep.problems).toEqual([]);
    expect(manager.problems).toEqual([]);
  });
});
