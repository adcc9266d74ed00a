import { randomUUID } from 'node:crypto';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKey } from '../../lib/handoff/record';
import { type DemoTokens, ensureDemoWorkspace } from '../../server/demo/seed';
import {
  type Change,
  create,
  newId,
  playbookWith,
  salesToCsAnswers,
  transition,
} from '../server/support/handoffs';
import { type ApiServer, startApiServer } from './support/api-server';
import { axeViolations, describeViolations } from './support/axe';
import {
  chromiumInstalled,
  developmentBuildDir,
  type ExtensionBrowser,
  launchChromiumWithExtension,
} from './support/chromium';
import { panelFrame, panelShowing } from './support/panel';
import { signInThroughOptions } from './support/sync-browsers';

const poll = { timeout: 20_000, interval: 100 };

const demoOpportunity = (id: string): RecordKey => ({
  system: 'demo',
  instance: 'localhost',
  objectKind: 'opportunity',
  id,
});

/** The team page once the panel frame has navigated to it (frames come and go: look until one shows it). */
async function teamFrame(page: Page): Promise<Frame> {
  let found: Frame | undefined;
  await expect
    .poll(async () => {
      const frame = panelFrame(page);
      if (!frame?.url().includes('/team.html')) return false;
      found = frame;
      return (
        (await frame
          .locator('.baton-team')
          .count()
          .catch(() => 0)) > 0
      );
    }, poll)
    .toBe(true);
  if (!found) throw new Error('no team page in the panel frame');
  return found;
}

const shownCustomers = (frame: Frame) =>
  frame.locator('.baton-team-row .baton-team-row-head > :first-child').allTextContents();

describe.skipIf(!chromiumInstalled)('the team view on the demo CRM, for a manager', () => {
  let api: ApiServer;
  let demo: DemoTokens;
  let manager: ExtensionBrowser;

  const token = (role: string) => {
    const person = demo.tokens.find((candidate) => candidate.role === role);
    if (!person) throw new Error(`the demo workspace has no ${role}`);
    return person.token;
  };

  const call = async (method: string, path: string, role: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return response.json() as Promise<Record<string, unknown>>;
  };

  /** The rep's changes, pushed from another device of theirs. */
  const pushAsRep = (changes: Change[]) =>
    call('POST', '/v1/sync/push', 'rep', {
      clientId: `e2e-rep-${randomUUID()}`,
      mutations: changes.map((change, index) => ({
        id: index + 1,
        createdAt: new Date().toISOString(),
        ...change,
      })),
    });

  beforeAll(async () => {
    api = await startApiServer({ demoCrm: true });
    demo = await ensureDemoWorkspace(api.db, api.dataDir, { withHandoffs: false });
    // Acceptance due 1.8 seconds after submission, so that the submitted handoff is breached at once.
    await call(
      'PUT',
      '/v1/playbook',
      'admin',
      playbookWith((playbook) => {
        const [acceptance] = playbook.handoffPoints.sales_to_cs.slas;
        if (acceptance) acceptance.target = { amount: 0.0005, unit: 'calendar_hours' };
      }),
    );
    const late = newId();
    const draft = newId();
    await pushAsRep([
      create(late, demoOpportunity('OPP-2')),
      ...salesToCsAnswers(late, 'Globex Corporation', 'globex.example'),
      transition(late, 'submit'),
      create(draft, demoOpportunity('OPP-1'), { prefill: { 'customer.name': 'Acme Corp' } }),
    ]);
    // Breached is a deadline in the past: wait until the API says so.
    for (let tries = 0; ; tries += 1) {
      const breached = await call('GET', '/v1/team/handoffs?slaState=breached', 'admin');
      if ((breached.handoffs as unknown[]).length === 1) break;
      if (tries > 100) throw new Error('the submitted handoff never became breached');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    manager = await launchChromiumWithExtension({ extensionDir: developmentBuildDir });
    await signInThroughOptions(manager, api.url, token('manager'));
  }, 120_000);

  afterAll(async () => {
    await manager?.close();
    await api?.close();
  });

  it("toggles to Team, filters to breached, opens the row's record in a tab, and comes back", async () => {
    // The manager once had the Globex deal open: this browser knows where that record lives.
    const globex = await manager.context.newPage();
    await globex.goto(`${api.url}/demo/opportunities/OPP-2`);
    await panelShowing(globex, 'OPP-2');
    await globex.close();

    const page = await manager.context.newPage();
    await page.goto(`${api.url}/demo/opportunities/OPP-1`);
    const panel = await panelShowing(page, 'OPP-1', 20_000);
    await panel.getByRole('navigation', { name: 'Panel view' }).getByRole('link', { name: 'Team' }).click();

    let team = await teamFrame(page);
    await team.getByRole('heading', { name: 'Team' }).waitFor();
    await expect.poll(() => shownCustomers(team), poll).toEqual(['Globex Corporation', 'Acme Corp']);
    const globexRow = team.locator('.baton-team-row', { hasText: 'Globex Corporation' });
    expect(await globexRow.textContent()).toContain('From Riley Rep to Customer Success (not taken yet)');
    await expect.poll(() => globexRow.getByRole('timer').textContent(), poll).toMatch(/ overdue$/);

    const violations = await axeViolations(team);
    expect(violations, `WCAG 2.1 A/AA violations:\n${describeViolations(violations)}`).toEqual([]);

    await team.getByLabel('SLA').selectOption('breached');
    await expect.poll(() => shownCustomers(team), poll).toEqual(['Globex Corporation']);
    expect(await team.locator('.baton-team-row .baton-tag').allTextContents()).toEqual(['Breached']);

    const opened = manager.context.waitForEvent('page', { timeout: 15_000 });
    await team.getByRole('link', { name: 'Globex Corporation' }).click();
    const record = await opened;
    await expect.poll(() => record.url(), poll).toBe(`${api.url}/demo/opportunities/OPP-2`);
    await panelShowing(record, 'OPP-2', 20_000);
    await record.close();

    // Back to the record the tab shows, in the same frame.
    team = await teamFrame(page);
    await team.getByRole('link', { name: 'This record' }).click();
    await panelShowing(page, 'OPP-1', 20_000);
    expect(manager.problems).toEqual([]);
  }, 120_000);

  it('opens the same view from the toolbar button where no record is open, and reads it offline', async () => {
    const blank = await manager.context.newPage();
    await blank.goto(`${api.url}/healthz`);
    const opened = manager.context.waitForEvent('page', { timeout: 15_000 });
    // The button's click, as Chrome dispatches it for the active tab.
    await manager.serviceWorker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      chrome.action.onClicked.dispatch(tab);
    });
    const teamTab = await opened;
    await expect.poll(() => teamTab.url(), poll).toBe(`chrome-extension://${manager.extensionId}/team.html`);
    await teamTab.getByRole('heading', { name: 'Team' }).waitFor();
    await expect.poll(() => teamTab.locator('.baton-team-row').count(), poll).toBe(2);
    // Outside the panel there is no record to go back to.
    expect(await teamTab.getByRole('navigation', { name: 'Panel view' }).count()).toBe(0);

    // The API goes down: the list fetched last stays, with its age and why it is not newer.
    await api.stop();
    try {
      await teamTab.getByRole('button', { name: 'Refresh' }).click();
      const notice = teamTab.getByRole('status');
      await expect
        .poll(() => notice.textContent().catch(() => ''), poll)
        .toMatch(/^Showing the list as of .+: Cannot reach the API\. Check your connection\./);
      expect(await teamTab.locator('.baton-team-row').count()).toBe(2);
    } finally {
      await api.start();
    }
    await teamTab.getByRole('button', { name: 'Try again' }).click();
    await teamTab.getByRole('button', { name: 'Refresh' }).waitFor();
    expect(await teamTab.locator('.baton-team-row').count()).toBe(2);
    await teamTab.close();
    await blank.close();
  }, 60_000);
});

// The extension APIs the test calls inside the service worker.
declare const chrome: {
  tabs: { query(query: object): Promise<unknown[]> };
  action: { onClicked: { dispatch(tab: unknown): void } };
};
