import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';

// The extension API the tests call inside the service worker.
declare const chrome: {
  tabs: { query(query: { active: boolean }): Promise<Array<{ id?: number }>> };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
};

const recordId = '001xx000003DGb2AAG';
const evictingUrl = `https://evicting.lightning.force.com/lightning/r/Account/${recordId}/view`;

describe.skipIf(!chromiumInstalled)("the browser's side panel, the panel's second home", () => {
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    fixtures = await startHttpsFixtureServer([
      {
        host: 'evicting.lightning.force.com',
        path: /^\/lightning\/r\/Account\/\w+\/view$/,
        file: 'hostile/salesforce-evicting.html',
      },
    ]);
    browser = await launchChromiumWithExtension({
      extensionDir: productionBuildDir,
      fixturePort: fixtures.port,
    });
    page = await browser.context.newPage();
    await page.goto(evictingUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
  });

  it('is offered on the toolbar button of a page that removes the in-page panel as soon as it appears', async () => {
    // The page's tab is the only one open and active.
    await page.bringToFront();
    const badge = () =>
      browser.serviceWorker.evaluate(async () => {
        const [tab] = await chrome.tabs.query({ active: true });
        return tab?.id === undefined ? null : chrome.action.getBadgeText({ tabId: tab.id });
      });
    await expect.poll(badge, { timeout: 15_000, interval: 250 }).toBe('⇥');
    expect(await page.evaluate(() => (window as unknown as { removed: number }).removed)).toBeGreaterThan(10);
  });

  it("shows the record of its window's active tab, and follows the person to another tab", async () => {
    const side = await browser.context.newPage();
    await side.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    // The side panel's own tab is active at first: it shows no record.
    await page.bringToFront();
    await expect
      .poll(() => side.locator(`[data-record-id="${recordId}"]`).count(), { timeout: 10_000 })
      .toBe(1);
    expect(await side.locator('body').textContent()).toContain('Acme Corp');

    const elsewhere = await browser.context.newPage();
    await elsewhere.goto('about:blank');
    await elsewhere.bringToFront();
    await expect
      .poll(() => side.locator(`[data-record-id="${recordId}"]`).count(), { timeout: 10_000 })
      .toBe(0);
  });

  it('logs no errors in the page, the panel or the background', () => {
    expect(browser.problems).toEqual([]);
  });
});
