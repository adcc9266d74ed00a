import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { fakeDatabase } from '../server/support/fake-database';
import {
  chromiumInstalled,
  developmentBuildDir,
  type ExtensionBrowser,
  launchChromiumWithExtension,
} from './support/chromium';
import { panelShowing } from './support/panel';

describe.skipIf(!chromiumInstalled)('the development build on the demo CRM (what `npm start` offers)', () => {
  let server: ReturnType<typeof serve>;
  let port: number;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    const app = createApp({ db: fakeDatabase(), demoCrm: true });
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
    });
    port = (server.address() as AddressInfo).port;
    browser = await launchChromiumWithExtension({ extensionDir: developmentBuildDir });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('shows the panel for an account page served on localhost, whatever the port', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://localhost:${port}/demo/`);
    await page.getByRole('link', { name: 'Acme Corp' }).click();

    expect(await page.title()).toBe('Acme Corp | Account | Baton demo CRM');
    await page.waitForFunction(() => document.documentElement.dataset.batonActive === 'true');
    // The background takes the demo's records as the content script reports them, port and all.
    const recordId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const frame = await panelShowing(page, recordId);
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Acme Corp');
    await page.close();
    expect(browser.problems).toEqual([]);
  });
});
