import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from './support/api-server';
import { axeViolations, describeViolations } from './support/axe';
import {
  chromiumInstalled,
  developmentBuildDir,
  type ExtensionBrowser,
  launchChromiumWithExtension,
} from './support/chromium';
import { freshSalesforceRecord } from './support/fixture-pages';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';
import { panelShowing } from './support/panel';
import { saveState, signInThroughOptions } from './support/sync-browsers';

const poll = { timeout: 45_000, interval: 250 };

// What the customer told the rep, typed into the panel: it must reach them in the texts as they said it.
const customerGoal = 'Stop making our customers repeat their goals to three different teams';
const customerNotes = 'Picked us because onboarding starts from what sales already learned; Q1 go-live.';

describe.skipIf(!chromiumInstalled)('communications in the panel, in Chromium against a running API', () => {
  let api: ApiServer;
  let fixtures: FixtureServer;
  let rep: ExtensionBrowser;
  let page: Page;
  let frame: Frame;

  beforeAll(async () => {
    api = await startApiServer();
    fixtures = await startHttpsFixtureServer([
      {
        host: 'acme.lightning.force.com',
        path: /^\/lightning\/r\/Account\/\w+\/view$/,
        file: 'salesforce/account.html',
      },
    ]);
    rep = await launchChromiumWithExtension({
      extensionDir: developmentBuildDir,
      fixturePort: fixtures.port,
    });
    // So the test can read back what the panel's Copy wrote; the panel itself is only delegated writing.
    await rep.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signInThroughOptions(rep, api.url, api.workspace.tokens.rep);
  }, 120_000);

  afterAll(async () => {
    await rep?.close();
    await fixtures?.close();
    await api?.close();
  });

  let packetShown: Promise<void> | undefined;

  /** The rep's packet, open in the panel, with the customer's words typed there and the rest from the API. */
  function packetReady(): Promise<void> {
    packetShown ??= (async () => {
      const account = freshSalesforceRecord('Account');
      page = await rep.context.newPage();
      await page.goto(account.url);
      frame = await panelShowing(page, account.id);
      await frame.getByLabel('Handoff point').selectOption('sales_to_cs');
      await frame.getByRole('button', { name: 'Start handoff packet' }).click();
      await frame.locator('#baton-decisionNotes').waitFor();

      // The rep types the customer's own words in the panel.
      await frame.locator('#baton-decisionNotes').fill(customerNotes);
      await frame.locator('#baton-decisionNotes').blur();
      await frame.getByLabel('New goal').fill(customerGoal);
      await frame.getByRole('button', { name: 'Add goal' }).click();
      await expect.poll(() => saveState(frame), poll).toBe('Synced');

      // The rest of the packet, and the CSM taking the receiving side, arrive from the API.
      const packetId = await packetOf(account.id);
      await push(api.workspace.tokens.admin, restOfThePacket(packetId, api.workspace.userIds.csm));
    })();
    return packetShown;
  }

  async function packetOf(recordId: string): Promise<string> {
    const query = new URLSearchParams({
      system: 'salesforce',
      instance: 'acme',
      objectKind: 'account',
      recordId,
    });
    const response = await fetch(`${api.url}/v1/packets?${query}`, {
      headers: { authorization: `Bearer ${api.workspace.tokens.rep}` },
    });
    const { packets } = (await response.json()) as { packets: Array<{ id: string }> };
    return packets[0]?.id ?? '';
  }

  async function push(token: string, mutations: Array<{ name: string; args: unknown }>) {
    const response = await fetch(`${api.url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: `e2e-admin-${randomUUID()}`,
        mutations: mutations.map((mutation, index) => ({
          id: index + 1,
          createdAt: new Date().toISOString(),
          ...mutation,
        })),
      }),
    });
    expect(await response.json()).toMatchObject({ rejections: [] });
  }

  /** A card's action, once the packet holds everything its text needs. */
  async function readyAction(title: string, role: 'button' | 'link', name: string) {
    const card = frame.locator('article', { has: frame.getByRole('heading', { name: title, level: 3 }) });
    const action = card.getByRole(role, { name });
    await expect.poll(() => action.count(), poll).toBe(1);
    await expect.poll(() => action.getAttribute('aria-disabled'), poll).toBeNull();
    return action;
  }

  it("copies the joint intro email with the customer's own words in it", async () => {
    await packetReady();
    const copy = await readyAction('Joint intro email', 'button', 'Copy Joint intro email');
    await copy.click();

    const card = frame.locator('article', { has: frame.getByRole('heading', { name: 'Joint intro email' }) });
    await expect
      .poll(() => card.locator('[aria-live="polite"]').textContent(), poll)
      .toBe('Copied to the clipboard.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`- ${customerGoal}\n`);
    expect(copied).toContain('- Erin Buyer, CFO\n');
    expect(copied).toContain('- Proposed kickoff: 2026-11-09\n');
    // The rep signs with their own name, which the panel otherwise shows as "you".
    expect(copied).toMatch(/Best regards,\nRae Rep and .+\n$/);
  }, 90_000);

  it('downloads the kickoff invite, which parses as iCalendar with organizer, attendees and date', async () => {
    await packetReady();
    const link = await readyAction('Kickoff agenda', 'link', 'Download invite (.ics)');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);

    expect(download.suggestedFilename()).toBe('kickoff-agenda.ics');
    const calendar = new ICAL.Component(ICAL.parse(await readFile(await download.path(), 'utf8')));
    const event = calendar.getFirstSubcomponent('vevent');
    if (!event) throw new Error('the invite has an event');
    const kickoff = new ICAL.Event(event);
    expect(kickoff.summary).toBe('Acme Corp kickoff, 2026-11-09');
    expect(kickoff.description).toContain(customerNotes);
    // The default playbook's calendar works 09:00–17:00 UTC: the call is at 10:00 for an hour.
    expect(kickoff.startDate.toJSDate().toISOString()).toBe('2026-11-09T10:00:00.000Z');
    expect(kickoff.endDate.toJSDate().toISOString()).toBe('2026-11-09T11:00:00.000Z');
    // The receiving CSM, whose email the directory gives, runs the kickoff; the rep is invited to it.
    expect(event.getFirstPropertyValue('organizer')).toBe('mailto:csm@acmeinc.example');
    const attendees = event.getAllProperties('attendee').map((attendee) => String(attendee.getFirstValue()));
    expect(attendees.map((address) => address.toLowerCase())).toEqual([
      'mailto:erin@acme.example',
      'mailto:chris@acme.example',
      'mailto:rep@acmeinc.example',
    ]);
  }, 90_000);

  it('meets WCAG 2.1 A/AA with every text ready, previews open', async () => {
    await packetReady();
    await readyAction('Joint intro email', 'button', 'Copy Joint intro email');
    for (const summary of await frame.locator('.baton-template summary').all()) await summary.click();

    const violations = await axeViolations(frame);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(rep.problems).toEqual([]);
  }, 90_000);
});

/** What the kickoff agenda and the intro email need beyond the rep's words, and the CSM as receiver. */
function restOfThePacket(packetId: string, csmId: string): Array<{ name: string; args: unknown }> {
  const set = (field: string, value: string | number) => ({
    name: 'setField',
    args: { packetId, field, value, baseRev: null },
  });
  const add = (list: string, values: Record<string, string | number | boolean>) => ({
    name: 'addItem',
    args: { packetId, list, itemId: randomUUID(), values },
  });
  return [
    set('customer.name', 'Acme Corp'),
    set('keyDates.contractStart', '2026-11-15'),
    set('keyDates.kickoffTarget', '2026-11-09'),
    set('keyDates.goLive', '2027-01-15'),
    set('scope.seats', 200),
    set('scope.exclusions', 'No custom SSO work.'),
    add('buyingCommittee', {
      name: 'Erin Buyer',
      title: 'CFO',
      role: 'economic_buyer',
      email: 'erin@acme.example',
    }),
    add('buyingCommittee', { name: 'Chris Champion', title: 'Head of RevOps', email: 'chris@acme.example' }),
    add('firstValueCriteria', {
      text: 'First handoff report shared with the CFO',
      measure: 'Report delivered',
    }),
    add('products', { name: 'Baton Enterprise', quantity: 200 }),
    add('goals', { text: 'Cut time to first value to 30 days', metric: 'Days from close to first report' }),
    add('useCases', { name: 'Reporting', description: 'Weekly pipeline-to-onboarding report.' }),
    add('integrations', { system: 'Salesforce', purpose: 'Opportunity sync', status: 'planned' }),
    add('milestones', { title: 'Kickoff held', due: '2026-11-09', owner: 'Casey CSM', done: false }),
    add('risks', {
      text: 'The champion is on leave in December.',
      severity: 'medium',
      mitigation: 'Kickoff before.',
    }),
    { name: 'reassign', args: { packetId, side: 'receiving', userId: csmId, teamId: 'cs' } },
  ];
}
