import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesforceId18 } from '../../lib/adapters/salesforce';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import {
  type FixtureServer,
  salesforceAccountRoute,
  startHttpsFixtureServer,
} from './support/https-fixture-server';
import { keepShownRecords, panelFrame, panelShowing, shownRecords } from './support/panel';

// The extension APIs the tests call inside the service worker and the panel frame.
declare const chrome: {
  runtime: { reload(): void };
  storage: { local: { get(keys: null): Promise<Record<string, unknown>> } };
  tabs: {
    getCurrent(): Promise<{ id?: number } | undefined>;
    sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
  };
};

const origin = 'https://acme.lightning.force.com';
const acmeId = '001xx000003DGb2AAG';
const globexId = salesforceId18('001xx000003DGb3') ?? '';
const acmeUrl = `${origin}/lightning/r/Account/${acmeId}/view`;
const globexUrl = `${origin}/lightning/r/Account/${globexId}/view`;
const initechId = salesforceId18('001xx000003DGb4') ?? '';
const initechUrl = `${origin}/lightning/r/Account/${initechId}/view`;
const listUrl = `${origin}/lightning/o/Account/list`;
// The same record page on a host the manifest does not match.
const unmatchedUrl = `https://example.com/lightning/r/Account/${acmeId}/view`;
/** Past the load event, the margin in which a content script that was going to act would have. */
const contentScriptMarginMs = 500;
const swapBudgetMs = 300;
/** How long after a navigation the content script keeps reading the page (entrypoints/content/follow-record.ts). */
const renderWindowMs = 8000;

type HostState = { state?: string; system?: string; objectKind?: string; recordId?: string; width: number };

/** What a page script can see of our element: its data attributes and its box. */
function hostState(page: Page): Promise<HostState | null> {
  return page.evaluate(() => {
    const host = document.querySelector('baton-panel') as HTMLElement | null;
    if (!host) return null;
    const { state, system, objectKind, recordId } = host.dataset;
    return { state, system, objectKind, recordId, width: host.getBoundingClientRect().width };
  });
}

describe.skipIf(!chromiumInstalled)('the panel beside a Salesforce record', () => {
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    fixtures = await startHttpsFixtureServer([
      { ...salesforceAccountRoute, path: /^\/lightning\/r\/Account\/\w+\/view$/ },
      {
        host: '*.lightning.force.com',
        path: /^\/lightning\/o\/Account\/list$/,
        file: 'salesforce/account-list.html',
      },
      { host: 'example.com', path: /^\/lightning\//, file: salesforceAccountRoute.file },
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

  async function openPage(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(url);
    return page;
  }

  async function closeCleanly(page: Page): Promise<void> {
    await page.close();
    expect(browser.problems).toEqual([]);
  }

  it('appears on a record page, naming the record on its element and in its frame', async () => {
    const page = await openPage(acmeUrl);
    await page.waitForSelector('baton-panel[data-record-id]', { state: 'attached' });

    expect(await hostState(page)).toMatchObject({
      state: 'expanded',
      system: 'salesforce',
      objectKind: 'account',
      recordId: acmeId,
    });
    const frame = await panelShowing(page, acmeId);
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Acme Corp');
    // The page sees the element but not inside it: the shadow root is closed.
    expect(await page.evaluate(() => document.querySelector('baton-panel')?.shadowRoot)).toBeNull();
    await closeCleanly(page);
  });

  it('stays off a list page and off a host it does not match', async () => {
    const list = await openPage(listUrl);
    await list.waitForFunction(() => document.documentElement.dataset.batonActive === 'true');
    await list.waitForTimeout(contentScriptMarginMs);
    expect(await hostState(list)).toBeNull();
    expect(panelFrame(list)).toBeUndefined();
    await closeCleanly(list);

    const unmatched = await openPage(unmatchedUrl);
    await unmatched.waitForTimeout(contentScriptMarginMs);
    expect(fixtures.requests).toContain(unmatchedUrl);
    expect(await hostState(unmatched)).toBeNull();
    expect(panelFrame(unmatched)).toBeUndefined();
    await closeCleanly(unmatched);
  });

  it('swaps to the next record within 300 ms of in-app navigation, never with the old name', async () => {
    const page = await openPage(acmeUrl);
    const frame = await panelShowing(page, acmeId);
    await expect.poll(() => frame.locator(`[data-record-name="Acme Corp"]`).count()).toBe(1);
    await keepShownRecords(frame);

    // What a single-page CRM does: change the URL at once, render the next record a little later.
    const navigatedAt = await page.evaluate((url) => {
      const at = Date.now();
      history.pushState({}, '', url);
      setTimeout(() => {
        document.title = 'Globex | Account | Salesforce';
        for (const name of document.querySelectorAll(
          '[slot="primaryField"], [field-label="Account Name"] lightning-formatted-text',
        )) {
          name.textContent = 'Globex';
        }
      }, 150);
      return at;
    }, globexUrl);

    await expect.poll(() => frame.locator(`[data-record-name="Globex"]`).count()).toBe(1);
    const seen = await shownRecords(frame);
    const firstGlobex = seen.find((shown) => shown.id === globexId);
    expect(firstGlobex?.at).toBeDefined();
    expect((firstGlobex?.at ?? Infinity) - navigatedAt).toBeLessThanOrEqual(swapBudgetMs);
    expect(seen.filter((shown) => shown.id === globexId && shown.name === 'Acme Corp')).toEqual([]);
    expect(await hostState(page)).toMatchObject({ state: 'expanded', recordId: globexId });
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Globex');
    await closeCleanly(page);
  });

  it('never names a record after the one left before its name was read (a quick second click)', async () => {
    const page = await openPage(acmeUrl);
    const frame = await panelShowing(page, acmeId);
    await expect.poll(() => frame.locator(`[data-record-name="Acme Corp"]`).count()).toBe(1);
    await keepShownRecords(frame);

    // Globex renders a moment after its URL, and the user is on to Initech before the next read of the page.
    await page.evaluate(
      ([globex, initech]) => {
        const rename = (name: string) => {
          document.title = `${name} | Account | Salesforce`;
          for (const element of document.querySelectorAll(
            '[slot="primaryField"], [field-label="Account Name"] lightning-formatted-text',
          )) {
            element.textContent = name;
          }
        };
        history.pushState({}, '', globex);
        setTimeout(() => rename('Globex'), 40);
        setTimeout(() => history.pushState({}, '', initech), 60);
        setTimeout(() => rename('Initech'), 600);
      },
      [globexUrl, initechUrl],
    );

    await panelShowing(page, initechId);
    await expect.poll(() => frame.locator(`[data-record-name="Initech"]`).count()).toBe(1);
    const seen = await shownRecords(frame);
    expect(seen.some((shown) => shown.id === initechId)).toBe(true);
    expect(seen.filter((shown) => shown.id === initechId && shown.name !== 'Initech' && shown.name)).toEqual(
      [],
    );
    await closeCleanly(page);
  });

  it('takes a name that a single-page CRM renders late inside a shadow root', async () => {
    const page = await openPage(acmeUrl);
    const frame = await panelShowing(page, acmeId);
    await expect.poll(() => frame.locator(`[data-record-name="Acme Corp"]`).count()).toBe(1);

    // The next record's header comes in a shadow root, still naming the previous record, as does the title.
    await page.evaluate((url) => {
      history.pushState({}, '', url);
      for (const name of document.querySelectorAll('[slot="primaryField"]')) name.remove();
      const host = document.createElement('records-lwc-highlights-panel');
      const title = document.createElement('lightning-formatted-text');
      title.slot = 'primaryField';
      title.textContent = 'Acme Corp';
      host.attachShadow({ mode: 'open' }).append(title);
      document.querySelector('main')?.prepend(host);
    }, globexUrl);
    await panelShowing(page, globexId);
    // Long after the navigation, when nothing has changed for a while, the name changes in the shadow root only.
    await page.waitForTimeout(2500);
    const changedAt = await page.evaluate(() => {
      const host = document.querySelector('records-lwc-highlights-panel');
      const text = host?.shadowRoot?.querySelector('[slot="primaryField"]')?.firstChild as Text | null;
      if (text) text.data = 'Globex';
      return Date.now();
    });

    await expect.poll(() => frame.locator(`[data-record-name="Globex"]`).count()).toBe(1);
    expect(Date.now() - changedAt).toBeLessThan(1000);
    expect(await frame.locator(`[data-record-id="${globexId}"][data-record-name="Acme Corp"]`).count()).toBe(
      0,
    );
    await closeCleanly(page);
  });

  it('names the record on screen when the CRM keeps the page of the record left, hidden, before it', async () => {
    const page = await openPage(acmeUrl);
    const frame = await panelShowing(page, acmeId);
    await expect.poll(() => frame.locator(`[data-record-name="Acme Corp"]`).count()).toBe(1);

    // Lightning keeps the pages of records visited in the document: the one left stays, hidden, before the
    // next one. Both render their header in a shadow root.
    await page.evaluate((url) => {
      const header = (name: string) => {
        const host = document.createElement('records-lwc-highlights-panel');
        const title = document.createElement('lightning-formatted-text');
        title.slot = 'primaryField';
        title.textContent = name;
        host.attachShadow({ mode: 'open' }).append(title);
        return host;
      };
      const left = document.querySelector('main') as HTMLElement;
      for (const name of left.querySelectorAll('[slot="primaryField"]')) name.remove();
      left.prepend(header('Acme Corp'));
      history.pushState({}, '', url);
      left.style.display = 'none';
      const next = document.createElement('main');
      next.append(header('Globex'));
      left.after(next);
    }, globexUrl);

    await expect
      .poll(() => frame.locator(`[data-record-id="${globexId}"][data-record-name="Globex"]`).count())
      .toBe(1);
    await closeCleanly(page);
  });

  it('adds nothing to the page before its load event, and shows the panel once it has loaded', async () => {
    const page = await browser.context.newPage();
    // An image that keeps the page's load event waiting until the test lets it through.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/slow-image.png', async (route) => {
      await held;
      await route.fulfill({ status: 204 });
    });
    const html = await readFile(
      new URL(`../fixtures/crm/${salesforceAccountRoute.file}`, import.meta.url),
      'utf8',
    );
    await page.route(acmeUrl, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: html.replace('</body>', '<img src="/slow-image.png" alt="" /></body>'),
      }),
    );
    // The content script started with the document (document_start); it waits up to 3 s after the
    // document was parsed for a load that does not come.
    await page.goto(acmeUrl, { waitUntil: 'domcontentloaded' });
    await page.waitForTimeout(contentScriptMarginMs);

    expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
    expect(await hostState(page)).toBeNull();
    expect(await page.evaluate(() => document.documentElement.dataset.batonActive)).toBeUndefined();
    release();
    await page.waitForSelector('baton-panel[data-record-id]', { state: 'attached' });
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
    expect(await page.evaluate(() => document.documentElement.dataset.batonActive)).toBe('true');
    await panelShowing(page, acmeId);
    await closeCleanly(page);
  });

  it('hides when the page leaves the record, and shows again on the next one', async () => {
    const page = await openPage(acmeUrl);
    await panelShowing(page, acmeId);

    await page.evaluate((url) => history.pushState({}, '', url), listUrl);
    await expect
      .poll(() => hostState(page))
      .toMatchObject({ state: 'hidden', recordId: undefined, width: 0 });

    await page.evaluate((url) => history.pushState({}, '', url), globexUrl);
    await expect.poll(() => hostState(page)).toMatchObject({ state: 'expanded', recordId: globexId });
    await panelShowing(page, globexId);
    await closeCleanly(page);
  });

  it('comes back when a page script removes its element', async () => {
    const page = await openPage(acmeUrl);
    await panelShowing(page, acmeId);

    const reinserted = await page.evaluate(async () => {
      const removed = document.querySelector('baton-panel');
      removed?.remove();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const back = document.querySelector<HTMLElement>('baton-panel');
      return back?.isConnected === true && back.dataset.recordId;
    });

    expect(reinserted).toBe(acmeId);
    await panelShowing(page, acmeId);
    await closeCleanly(page);
  });

  it('collapses to a tab, resizes by its handle, and remembers both across pages', async () => {
    const page = await openPage(acmeUrl);
    await panelShowing(page, acmeId);
    const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
    const { width } = (await hostState(page)) ?? { width: 0 };

    // The resize handle is the panel's left edge.
    await page.mouse.move(viewport.width - width + 3, 300);
    await page.mouse.down();
    await page.mouse.move(viewport.width - 520, 300, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await hostState(page))?.width ?? 0)).toBe(520);

    // The collapse button ends the panel's header.
    await page.mouse.click(viewport.width - 16, 16);
    await expect.poll(() => hostState(page)).toMatchObject({ state: 'collapsed', width: 28 });

    await page.reload();
    await expect.poll(() => hostState(page)).toMatchObject({ state: 'collapsed', recordId: acmeId });
    // The frame made while storage had not yet said "collapsed" is gone (Playwright hears of it a moment later).
    await expect.poll(() => panelFrame(page)).toBeUndefined();

    // The tab sits on the right edge, 96 px from the top.
    await page.mouse.click(viewport.width - 14, 150);
    await expect.poll(() => hostState(page)).toMatchObject({ state: 'expanded', width: 520 });
    await panelShowing(page, acmeId);
    // storage.local is readable by content scripts: it holds the layout and nothing else.
    expect(await browser.serviceWorker.evaluate(() => chrome.storage.local.get(null))).toEqual({
      panelLayout: { collapsed: false, width: 520 },
    });
    await closeCleanly(page);
  });

  it('toggles when the background relays the keyboard command', async () => {
    const page = await openPage(acmeUrl);
    const frame = await panelShowing(page, acmeId);
    const tabId = await frame.evaluate(async () => (await chrome.tabs.getCurrent())?.id);
    expect(tabId).toBeTypeOf('number');
    const toggle = () =>
      browser.serviceWorker.evaluate(
        (id) => chrome.tabs.sendMessage(id, { type: 'panel:toggle' }, { frameId: 0 }),
        tabId as number,
      );

    await toggle();
    await expect.poll(() => hostState(page)).toMatchObject({ state: 'collapsed' });
    await toggle();
    await expect.poll(() => hostState(page)).toMatchObject({ state: 'expanded' });
    await closeCleanly(page);
  });

  it('goes with the extension when it is reloaded, once the user comes back to the page', async () => {
    // A browser of its own: a reload replaces the service worker that the other tests talk to.
    const own = await launchChromiumWithExtension({
      extensionDir: productionBuildDir,
      fixturePort: fixtures.port,
    });
    try {
      const page = await own.context.newPage();
      await page.goto(acmeUrl);
      await panelShowing(page, acmeId);
      // Past the render window, when the content script has no timer left that would notice.
      await page.waitForTimeout(renderWindowMs + 500);
      await own.serviceWorker.evaluate(() => {
        setTimeout(() => chrome.runtime.reload(), 0);
      });
      await page.waitForTimeout(1000);
      expect(await hostState(page)).toMatchObject({ recordId: acmeId });

      // A click into the panel's frame takes focus from the page.
      const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
      await page.mouse.click(viewport.width - 100, viewport.height / 2);
      await expect.poll(() => hostState(page)).toBeNull();
      expect(own.problems).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
