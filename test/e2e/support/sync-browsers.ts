import { readdir, readFile } from 'node:fs/promises';
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ExtensionBrowser } from './chromium';
import { panelShowing } from './panel';

/** Signs the browser's extension in through its options page, as a person pasting their token would. */
export async function signInThroughOptions(browser: ExtensionBrowser, apiUrl: string, token: string) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.getByLabel('API URL').fill(apiUrl);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Signed in' }).waitFor();
  await page.close();
}

/** The panel's save indicator. */
export async function saveState(frame: Frame): Promise<string> {
  return (await frame.getByRole('status').textContent()) ?? '';
}

export async function notesIn(page: Page, recordId: string): Promise<string> {
  const frame = await panelShowing(page, recordId);
  const notes = frame.locator('#baton-decisionNotes');
  await notes.waitFor();
  return notes.inputValue();
}

/**
 * The browser process Playwright started on this profile folder (not one of its helpers, which carry a
 * --type): killing it with SIGKILL is a crash, with no chance to flush or close anything.
 */
export async function killBrowser(profileDir: string): Promise<number[]> {
  const killed: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!args.includes(`--user-data-dir=${profileDir}`) || args.some((arg) => arg.startsWith('--type=')))
      continue;
    process.kill(Number(entry), 'SIGKILL');
    killed.push(Number(entry));
  }
  return killed;
}

/**
 * Stops the extension's service worker through the DevTools protocol, as Chrome stops an idle one, and
 * resolves once it has stopped; `restarted` then resolves when a new one runs. The protocol's service
 * worker domain acts on the storage of the page it is attached to, so it is attached to an extension page.
 */
export async function stopServiceWorker(browser: ExtensionBrowser): Promise<{ restarted: Promise<void> }> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const session = await browser.context.newCDPSession(page);
  const statuses: string[] = [];
  const waiters: Array<{ status: string; resolve: () => void }> = [];
  session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (!version.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`)) continue;
      statuses.push(version.runningStatus);
      for (const waiter of waiters.filter((candidate) => candidate.status === version.runningStatus))
        waiter.resolve();
    }
  });
  const reaches = (status: string) => new Promise<void>((resolve) => waiters.push({ status, resolve }));
  await session.send('ServiceWorker.enable');
  const stopped = reaches('stopped');
  await session.send('ServiceWorker.stopAllWorkers');
  await stopped;
  const restarted = reaches('running').finally(() => void session.detach().then(() => page.close()));
  return { restarted };
}

/** What the API holds for a packet, read as an admin. */
export async function historyOnServer(apiUrl: string, token: string, packetId: string) {
  const response = await fetch(`${apiUrl}/v1/packets/${packetId}/history`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { events: Array<{ type: string; data: Record<string, unknown> }> })
    .events;
}

export async function packetsOnServer(apiUrl: string, token: string, recordId: string) {
  const query = new URLSearchParams({
    system: 'salesforce',
    instance: 'acme',
    objectKind: 'account',
    recordId,
  });
  const response = await fetch(`${apiUrl}/v1/packets?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (
    (await response.json()) as { packets: Array<{ id: string; fields: Record<string, { value: unknown }> }> }
  ).packets;
}
