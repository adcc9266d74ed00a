import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';
import { panelShowing } from './support/panel';

// The extension API the tests call inside the service worker.
declare const chrome: { storage: { local: { get(keys: null): Promise<Record<string, unknown>> } } };

const recordId = '001xx000003DGb2AAG';
const hostileUrl = `https://hostile.lightning.force.com/lightning/r/Account/${recordId}/view`;

type HostilePage = { removed: string[]; messages: string[]; sweeping: boolean };

/**
 * Everything a page script can search for a string: the DOM, every open shadow root (including those
 * its patched attachShadow kept), every message posted to its window, and any frame it can reach.
 */
function pageCanFind(page: Page, secret: string): Promise<string[]> {
  return page.evaluate((wanted) => {
    const hostile = (window as unknown as { hostile: HostilePage & { shadowRoots: ShadowRoot[] } }).hostile;
    const found: string[] = [];
    if (document.documentElement.outerHTML.includes(wanted)) found.push('document');
    const openRoots = new Set<ShadowRoot>(hostile.shadowRoots);
    const walk = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot && !openRoots.has(element.shadowRoot)) {
          openRoots.add(element.shadowRoot);
          walk(element.shadowRoot);
        }
      }
    };
    walk(document);
    for (const root of openRoots) if (root.innerHTML.includes(wanted)) found.push('open shadow root');
    if (hostile.messages.some((message) => message.includes(wanted))) found.push('message event');
    for (let index = 0; index < window.frames.length; index++) {
      try {
        if (window.frames[index]?.document.documentElement.outerHTML.includes(wanted)) found.push('frame');
      } catch {
        // Cross-origin: the frame's document is out of reach, as it should be.
      }
    }
    return found;
  }, secret);
}

describe.skipIf(!chromiumInstalled)('the panel on a hostile CRM page', () => {
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    fixtures = await startHttpsFixtureServer([
      {
        host: 'hostile.lightning.force.com',
        path: /^\/lightning\/r\/Account\/\w+\/view$/,
        file: 'hostile/salesforce-account.html',
      },
    ]);
    browser = await launchChromiumWithExtension({
      extensionDir: productionBuildDir,
      fixturePort: fixtures.port,
    });
    page = await browser.context.newPage();
    await page.goto(hostileUrl);
    await page.waitForFunction(() => !(window as unknown as { hostile: HostilePage }).hostile.sweeping);
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
  });

  it('outlasts the script that removes nodes it does not know', async () => {
    const removed = await page.evaluate(
      () => (window as unknown as { hostile: HostilePage }).hostile.removed,
    );

    expect(removed).toContain('baton-panel');
    await panelShowing(page, recordId);
    expect(await page.locator('baton-panel').getAttribute('data-record-id')).toBe(recordId);
  });

  it('stays visible, sized and on top despite global resets and !important rules', async () => {
    const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
    const frame = await panelShowing(page, recordId);
    const box = await (await frame.frameElement()).boundingBox();

    expect(box?.width).toBeGreaterThanOrEqual(270);
    expect(box?.height).toBeGreaterThan(viewport.height - 40);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeCloseTo(viewport.width, 0);
    // The page's own z-index: 2147483647 divs do not cover it.
    const topmost = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x ?? 0, y ?? 0)?.localName,
      [viewport.width - 100, viewport.height / 2],
    );
    expect(topmost).toBe('baton-panel');
  });

  it('takes clicks and typing: a handoff can be started in it', async () => {
    const frame = await panelShowing(page, recordId);

    await frame.getByRole('button', { name: 'Start handoff packet' }).click();

    await expect.poll(() => frame.locator('#baton-decisionNotes').count()).toBe(1);
  });

  it('keeps what is typed in the panel out of the page’s reach', async () => {
    const secret = `baton-secret-${randomUUID()}`;
    const frame = await panelShowing(page, recordId);
    const notes = frame.locator('#baton-decisionNotes');
    await notes.click();
    await notes.pressSequentially(secret);
    await expect.poll(() => frame.getByRole('status').textContent()).toBe('Saved on this device');

    expect(await frame.locator('#baton-decisionNotes').inputValue()).toBe(secret);
    expect(await pageCanFind(page, secret)).toEqual([]);
    expect(await page.evaluate(() => document.querySelector('baton-panel')?.shadowRoot)).toBeNull();
    // Content scripts can read storage.local, so nothing typed may land there.
    const local = await browser.serviceWorker.evaluate(() => chrome.storage.local.get(null));
    expect(JSON.stringify(local)).not.toContain(secret);
  });

  it('outlasts a script that forges the events the content script hears on the page', async () => {
    // WXT stops a content script when a newer copy of it announces itself on the document, and passes in-app
    // navigations as events on the window; a page that knows the extension's id can dispatch both.
    await page.evaluate((extensionId) => {
      const prefix = `${extensionId}:content:wxt:`;
      document.dispatchEvent(
        new CustomEvent(`${prefix}content-script-started`, {
          detail: { contentScriptName: 'content', messageId: 'forged' },
        }),
      );
      window.dispatchEvent(new Event(`${prefix}locationchange`));
    }, browser.extensionId);
    await page.waitForTimeout(300);

    expect(await page.locator('baton-panel').getAttribute('data-record-id')).toBe(recordId);
    // Still watched over: taken out, it comes back.
    await page.evaluate(() => document.querySelector('baton-panel')?.remove());
    await expect.poll(() => page.locator('baton-panel').count()).toBe(1);
    await panelShowing(page, recordId);
  });

  it('logs no errors on the page, in the panel or in the background', () => {
    expect(browser.problems).toEqual([]);
  });
});
