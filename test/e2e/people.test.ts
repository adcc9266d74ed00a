import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoTokens, ensureDemoWorkspace } from '../../server/demo/seed';
import { type ApiServer, startApiServer } from './support/api-server';
import { axeViolations, describeViolations } from './support/axe';
import {
  chromiumInstalled,
  developmentBuildDir,
  type ExtensionBrowser,
  launchChromiumWithExtension,
} from './support/chromium';
import { panelShowing } from './support/panel';
import { historyOnServer, saveState, signInThroughOptions } from './support/sync-browsers';

const poll = { timeout: 20_000, interval: 100 };
const recordId = 'OPP-1';

/** Who owns a side, as the row under the record's name says it (without its reassign control). */
const ownerRow = (frame: Frame, side: 'giving' | 'receiving') =>
  frame.locator(`#baton-owners-${side}`).evaluate((row) => {
    const words = row.cloneNode(true) as HTMLElement;
    words.querySelector('.baton-reassign-side')?.remove();
    return words.textContent;
  });

describe.skipIf(!chromiumInstalled)('people by name on the demo CRM, a rep and a CSM in two browsers', () => {
  let api: ApiServer;
  let demo: DemoTokens;
  let rep: ExtensionBrowser;
  let csm: ExtensionBrowser;

  const token = (role: string) => {
    const person = demo.tokens.find((candidate) => candidate.role === role);
    if (!person) throw new Error(`the demo workspace has no ${role}`);
    return person.token;
  };

  async function userId(role: string): Promise<string> {
    const response = await fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${token(role)}` } });
    return ((await response.json()) as { user: { id: string } }).user.id;
  }

  async function packetOnServer(): Promise<string> {
    const query = new URLSearchParams({
      system: 'demo',
      instance: 'localhost',
      objectKind: 'opportunity',
      recordId,
    });
    const response = await fetch(`${api.url}/v1/packets?${query}`, {
      headers: { authorization: `Bearer ${token('admin')}` },
    });
    const [packet] = ((await response.json()) as { packets: Array<{ id: string }> }).packets;
    if (!packet) throw new Error(`no packet on the demo's ${recordId}`);
    return packet.id;
  }

  async function openDemoRecord(browser: ExtensionBrowser): Promise<{ page: Page; frame: Frame }> {
    const page = await browser.context.newPage();
    await page.goto(`${api.url}/demo/opportunities/${recordId}`);
    return { page, frame: await panelShowing(page, recordId) };
  }

  beforeAll(async () => {
    // The API with its demo CRM and demo workspace, as `npm start` runs them.
    api = await startApiServer({ demoCrm: true });
    demo = await ensureDemoWorkspace(api.db, api.dataDir, { withHandoffs: false });
    rep = await launchChromiumWithExtension({ extensionDir: developmentBuildDir });
    csm = await launchChromiumWithExtension({ extensionDir: developmentBuildDir });
    await signInThroughOptions(rep, api.url, token('rep'));
    await signInThroughOptions(csm, api.url, token('csm'));
  }, 120_000);

  afterAll(async () => {
    await rep?.close();
    await csm?.close();
    await api?.close();
  });

  it("shows the CSM the rep's name as the giving owner, and lets the CSM take the receiving side", async () => {
    const [repId, csmId] = await Promise.all([userId('rep'), userId('csm')]);
    const repPanel = await openDemoRecord(rep);
    await repPanel.frame.getByRole('button', { name: 'Start handoff packet' }).click();
    await expect.poll(() => saveState(repPanel.frame), poll).toBe('Synced');
    expect(await ownerRow(repPanel.frame, 'giving')).toBe('you (Sales)');

    const csmPanel = await openDemoRecord(csm);
    await expect.poll(() => ownerRow(csmPanel.frame, 'giving'), poll).toBe('Riley Rep (Sales)');
    expect(
      await csmPanel.frame.getByRole('link', { name: 'Riley Rep' }).getAttribute('href'),
      'the CSM can write to the rep',
    ).toBe('mailto:riley@demo.example');
    expect(await ownerRow(csmPanel.frame, 'receiving')).toBe('nobody yet');
    expect(await csmPanel.frame.locator('header').textContent()).not.toContain(repId);

    await csmPanel.frame.getByRole('button', { name: 'Take it (the receiving side)' }).click();
    const form = csmPanel.frame.getByRole('form', { name: 'Take the receiving side' });
    await form.getByLabel('Reason (optional)').fill('I run the kickoff for Acme');
    const violations = await axeViolations(csmPanel.frame);
    expect(violations, describeViolations(violations)).toEqual([]);
    await form.getByRole('button', { name: 'Take it' }).click();

    await expect.poll(() => ownerRow(csmPanel.frame, 'receiving'), poll).toBe('you (Customer Success)');
    await expect.poll(() => saveState(csmPanel.frame), poll).toBe('Synced');
    await expect.poll(() => ownerRow(repPanel.frame, 'receiving'), poll).toBe('Casey CSM (Customer Success)');
    const packetId = await packetOnServer();
    const history = await historyOnServer(api.url, token('admin'), packetId);
    expect(history.at(-1)).toMatchObject({
      type: 'reassigned',
      data: { side: 'receiving', to: csmId, reason: 'I run the kickoff for Acme' },
    });
    await repPanel.page.close();
    await csmPanel.page.close();
  }, 120_000);

  it('logged no error in either browser', () => {
    expect(rep.problems).toEqual([]);
    expect(csm.problems).toEqual([]);
  });
});
