import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  effectiveDisabledFeatures,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import {
  type FixtureServer,
  salesforceAccountRoute,
  startHttpsFixtureServer,
} from './support/https-fixture-server';

const salesforceAccountUrl = 'https://acme.lightning.force.com/lightning/r/Account/001xx000003DGb2AAG/view';
// The very same page on a host the manifest does not match: only the host can keep Baton out.
const unmatchedHostUrl = 'https://example.com/';
// The content script marks the page just after its load event; this is the margin after it in which a
// content script that was going to run would have.
const contentScriptMarginMs = 500;

describe.skipIf(!chromiumInstalled)('the production build in Chromium', () => {
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    fixtures = await startHttpsFixtureServer([
      salesforceAccountRoute,
      { host: 'example.com', path: /^\/$/, file: salesforceAccountRoute.file },
    ]);
    browser = await launchChromiumWithExtension({
      extensionDir: productionBuildDir,
      fixturePort: fixtures.port,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
  });

  it('starts its service worker', () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    expect(browser.serviceWorker.url()).toBe(`chrome-extension://${browser.extensionId}/background.js`);
  });

  it('opens its options page without errors', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);

    expect(await page.locator('h1').textContent()).toBe('Baton');
    await page.close();
    expect(browser.problems).toEqual([]);
  });

  it('runs its content script on a Salesforce Lightning record page', async () => {
    const page = await browser.context.newPage();
    await page.goto(salesforceAccountUrl);

    expect(await page.title()).toBe('Acme Corp | Account | Salesforce');
    await page.waitForFunction(() => document.documentElement.dataset.batonActive === 'true');
    await page.close();
    expect(browser.problems).toEqual([]);
  });

  it('stays off a host it does not match', async () => {
    const page = await browser.context.newPage();
    await page.goto(unmatchedHostUrl);
    await page.waitForTimeout(contentScriptMarginMs);

    expect(fixtures.requests).toContain(unmatchedHostUrl);
    expect(await page.evaluate(() => document.documentElement.dataset.batonActive)).toBeUndefined();
    await page.close();
    expect(browser.problems).toEqual([]);
  });

  it("keeps Chrome's third-party storage partitioning on, as real Chrome has it", async () => {
    const disabled = await effectiveDisabledFeatures(browser.context);

    expect(disabled).toContain('PaintHolding');
    expect(disabled).not.toContain('ThirdPartyStoragePartitioning');
  });
});
