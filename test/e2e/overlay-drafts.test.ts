import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import { freshSalesforceRecord } from './support/fixture-pages';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';
import { panelShowing } from './support/panel';

const quickestReloadMs = 150;

async function startPacket(page: Page, recordId: string): Promise<Frame> {
  const frame = await panelShowing(page, recordId);
  await frame.getByRole('button', { name: 'Start handoff packet' }).click();
  await frame.locator('#baton-decisionNotes').waitFor();
  return frame;
}

async function notesShown(page: Page, recordId: string): Promise<string> {
  const frame = await panelShowing(page, recordId);
  const notes = frame.locator('#baton-decisionNotes');
  await notes.waitFor();
  return notes.inputValue();
}

describe.skipIf(!chromiumInstalled)('drafts typed in the panel', () => {
  let fixtures: FixtureServer;
  let profileDir: string;
  let browser: ExtensionBrowser;

  const launch = () =>
    launchChromiumWithExtension({ extensionDir: productionBuildDir, fixturePort: fixtures.port, profileDir });

  beforeAll(async () => {
    fixtures = await startHttpsFixtureServer([
      {
        host: 'acme.lightning.force.com',
        path: /^\/lightning\/r\/Account\/\w+\/view$/,
        file: 'salesforce/account.html',
      },
    ]);
    profileDir = await mkdtemp(join(tmpdir(), 'baton-e2e-restart-'));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await rm(profileDir, { recursive: true, force: true });
    await fixtures?.close();
  });

  it('survive a reload of the page and a restart of the browser', async () => {
    const account = freshSalesforceRecord('Account');
    const draft = `Bought for the audit trail ${randomUUID()}`;
    let page = await browser.context.newPage();
    await page.goto(account.url);
    const frame = await startPacket(page, account.id);
    await frame.locator('#baton-decisionNotes').fill(draft);
    await expect.poll(() => frame.getByRole('status').textContent()).toBe('Saved on this device');

    await page.reload();
    await expect.poll(() => notesShown(page, account.id)).toBe(draft);

    // The same profile folder, a new browser process: only what reached disk is still there.
    expect(browser.problems).toEqual([]);
    await browser.close();
    browser = await launch();
    page = await browser.context.newPage();
    await page.goto(account.url);
    await expect.poll(() => notesShown(page, account.id)).toBe(draft);
    await page.close();
    expect(browser.problems).toEqual([]);
  });

  // Flushing on blur or pagehide cannot save this text: the Dexie transaction it starts needs ~20 ms, and a
  // reload tears the frame down first, which aborts it. Only typing stored as it is typed survives.
  it('survive a reload that comes before the pause in typing that saves them', async () => {
    const account = freshSalesforceRecord('Account');
    const draft = `Reloaded mid-sentence ${randomUUID()}`;
    const page = await browser.context.newPage();
    await page.goto(account.url);
    const frame = await startPacket(page, account.id);
    await frame.locator('#baton-decisionNotes').fill(draft);
    // About the quickest a person reloads after the last keystroke: still inside the typing pause.
    await page.waitForTimeout(quickestReloadMs);
    expect(await frame.getByRole('status').textContent()).toBe('Saving…');

    await page.reload();
    await expect.poll(() => notesShown(page, account.id)).toBe(draft);
    await page.close();
    expect(browser.problems).toEqual([]);
  });
});
