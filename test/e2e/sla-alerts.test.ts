import { createHmac, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { createEventSource } from '../../server/crm-events/sources';
import { inWorkspace } from '../../server/db/workspace-transaction';
import { type ApiServer, startApiServer } from './support/api-server';
import {
  chromiumInstalled,
  developmentBuildDir,
  type ExtensionBrowser,
  launchChromiumWithExtension,
} from './support/chromium';
import { freshSalesforceRecord } from './support/fixture-pages';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';
import { hostState, panelShowing } from './support/panel';
import { saveState, signInThroughOptions } from './support/sync-browsers';

// The extension APIs the tests call inside the service worker.
declare const chrome: {
  action: {
    getBadgeText(details: object): Promise<string>;
    getBadgeBackgroundColor(details: object): Promise<number[]>;
  };
  notifications: {
    getAll(): Promise<Record<string, boolean>>;
    onClicked: { dispatch(id: string): void };
  };
};

const poll = { timeout: 45_000, interval: 250 };

describe.skipIf(!chromiumInstalled)('SLAs in motion, in the extension against a running API', () => {
  let api: ApiServer;
  let fixtures: FixtureServer;
  let rep: ExtensionBrowser;

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
    await signInThroughOptions(rep, api.url, api.workspace.tokens.rep);
  }, 120_000);

  afterAll(async () => {
    await rep?.close();
    await fixtures?.close();
    await api?.close();
  });

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.json() as Promise<Record<string, unknown>>;
  };

  /** The rep opens a fresh account and starts its Sales → CS packet in the panel. */
  async function startedInPanel(): Promise<{ id: string; url: string; page: Page; packetId: string }> {
    const account = freshSalesforceRecord('Account');
    const page = await rep.context.newPage();
    await page.goto(account.url);
    const frame = await panelShowing(page, account.id);
    await frame.getByLabel('Handoff point').selectOption('sales_to_cs');
    await frame.getByRole('button', { name: 'Start handoff packet' }).click();
    await frame.locator('#baton-decisionNotes').waitFor();
    await expect.poll(() => saveState(frame), poll).toBe('Synced');
    const query = new URLSearchParams({
      system: 'salesforce',
      instance: 'acme',
      objectKind: 'account',
      recordId: account.id,
    });
    const { packets } = (await call('GET', `/v1/packets?${query}`, api.workspace.tokens.rep)) as {
      packets: Array<{ id: string }>;
    };
    return { ...account, page, packetId: packets[0]?.id ?? '' };
  }

  it('starts the kickoff clock from a signed closed-won event, and the open panel counts it down', async () => {
    const { id, page } = await startedInPanel();
    const source = await inWorkspace(api.db, api.workspace.id, (tx) =>
      createEventSource(tx, api.workspace.id, 'Salesforce Flow'),
    );
    const body = JSON.stringify({
      id: `sf-${id}-closed_won`,
      type: 'closed_won',
      occurredAt: new Date().toISOString(),
      record: { system: 'salesforce', instance: 'acme', objectKind: 'account', id },
      stage: 'Closed Won',
      amount: 120000,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', source.secret).update(`${timestamp}.${body}`).digest('hex');
    const posted = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-baton-source': source.id,
        'x-baton-timestamp': timestamp,
        'x-baton-signature': `v1=${signature}`,
      },
      body,
    });
    expect(await posted.json()).toMatchObject({ outcome: 'clock_started' });

    const frame = await panelShowing(page, id);
    const clock = frame.locator('.baton-sla', { hasText: 'Kickoff within 10 business days of closed-won' });
    await expect.poll(() => clock.locator('.baton-tag').textContent(), poll).toBe('On track');
    expect(await clock.getByRole('timer').textContent()).toMatch(/^\d+ d \d+ h of working time left$/);
    await expect.poll(() => frame.locator('#baton-deal-stage').inputValue(), poll).toBe('Closed Won');
    await page.close();
  }, 90_000);

  it('shows a breached handoff on the badge and the collapsed tab, and a notification opens its record', async () => {
    // A playbook whose acceptance clock runs out in seconds, so that the test can watch it go late.
    const hurried = structuredClone(defaultPlaybook);
    const [acceptance] = hurried.handoffPoints.sales_to_cs.slas;
    if (!acceptance) throw new Error('the default playbook has an acceptance SLA');
    acceptance.target = { amount: 0.004, unit: 'calendar_hours' };
    await call('PUT', '/v1/playbook', api.workspace.tokens.admin, hurried);
    try {
      const { id, page, packetId } = await startedInPanel();
      const repClient = `e2e-rep-${randomUUID()}`;
      await call('POST', '/v1/sync/push', api.workspace.tokens.rep, {
        clientId: repClient,
        mutations: answersThenSubmit(packetId).map((mutation, index) => ({
          id: index + 1,
          createdAt: new Date().toISOString(),
          ...mutation,
        })),
      });

      // Due soon (amber) within seconds, then breached (red) about 14 s after the submission.
      const badge = () => rep.serviceWorker.evaluate(() => chrome.action.getBadgeText({}));
      const colour = () => rep.serviceWorker.evaluate(() => chrome.action.getBadgeBackgroundColor({}));
      await expect.poll(badge, poll).toBe('1');
      await expect.poll(colour, poll).toEqual([198, 40, 40, 255]);

      await clickInClosedShadowRoot(page, 'Collapse the Baton panel');
      await expect.poll(() => hostState(page)).toMatchObject({ state: 'collapsed' });
      await expect
        .poll(() => collapsedTabName(page), poll)
        .toMatch(/^Show the Baton panel .*\(SLA: breached\)$/);

      // The CSM returns it: the rep is told, and the notice opens the account again.
      const csmClient = `e2e-csm-${randomUUID()}`;
      await call('POST', '/v1/sync/push', api.workspace.tokens.csm, {
        clientId: csmClient,
        mutations: [
          {
            id: 1,
            createdAt: new Date().toISOString(),
            name: 'transition',
            args: { packetId, transition: 'return', reason: 'The decision notes are missing' },
          },
        ],
      });
      const noticeId = `baton:${packetId}:`;
      const notifications = () => rep.serviceWorker.evaluate(() => chrome.notifications.getAll());
      await expect
        .poll(async () => Object.keys(await notifications()).some((key) => key.startsWith(noticeId)), poll)
        .toBe(true);
      await page.close();

      const [shown] = Object.keys(await notifications()).filter((key) => key.startsWith(noticeId));
      const opened = rep.context.waitForEvent('page', { timeout: 15_000 });
      // Headless Chromium shows no notification to click: the click is dispatched as Chrome would.
      await rep.serviceWorker.evaluate(
        (notificationId) => chrome.notifications.onClicked.dispatch(notificationId),
        shown ?? '',
      );
      const reopened = await opened;
      // Where the content script last saw it: the record's own link, with its 18-character id.
      await expect
        .poll(() => reopened.url(), poll)
        .toBe(`https://acme.lightning.force.com/lightning/r/Account/${id}/view`);
      // The panel was left collapsed on this record, and stays so: the content script found the record.
      await expect.poll(() => hostState(reopened), poll).toMatchObject({ recordId: id, state: 'collapsed' });
      await reopened.close();
    } finally {
      await call('PUT', '/v1/playbook', api.workspace.tokens.admin, defaultPlaybook);
    }
    expect(rep.problems).toEqual([]);
  }, 120_000);
});

/** What the rep fills in before the handoff, then the submission (every exit criterion met). */
function answersThenSubmit(packetId: string) {
  const set = (field: string, value: string | number) => ({
    name: 'setField',
    args: { packetId, field, value, baseRev: null },
  });
  const add = (list: string, itemId: string, values: Record<string, string>) => ({
    name: 'addItem',
    args: { packetId, list, itemId, values },
  });
  return [
    set('customer.name', 'Acme Corp'),
    set('keyDates.close', '2026-11-02'),
    set('keyDates.kickoffTarget', '2026-11-09'),
    set('scope.arr', 120_000),
    set('decisionNotes', 'Chose us for the audit trail; the CFO wants a Q1 go-live.'),
    add('buyingCommittee', 'erin', { name: 'Erin Buyer', title: 'CFO', role: 'economic_buyer' }),
    add('pains', 'pain-1', { text: 'Customers repeat their goals to three teams.' }),
    add('goals', 'goal-1', { text: 'Cut time to first value to 30 days' }),
    add('firstValueCriteria', 'fv-1', { text: 'First handoff report shared with the CFO' }),
    { name: 'transition', args: { packetId, transition: 'submit' } },
  ];
}

/** The collapsed tab's accessible name: it lives in a closed shadow root, which only the browser reads. */
async function collapsedTabName(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{ role?: { value?: string }; name?: { value?: string }; ignored?: boolean }>;
    };
    const tab = nodes.find(
      (node) =>
        !node.ignored &&
        node.role?.value === 'button' &&
        node.name?.value?.startsWith('Show the Baton panel'),
    );
    return tab?.name?.value ?? '';
  } finally {
    await cdp.detach();
  }
}

/** Clicks a button of ours by the start of its label: the page's own scripts cannot reach it, CDP can. */
async function clickInClosedShadowRoot(page: Page, labelStart: string): Promise<void> {
  type DomNode = { nodeId: number; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] };
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const find = (node: DomNode): DomNode | undefined => {
      const attributes = node.attributes ?? [];
      const label = attributes[attributes.indexOf('aria-label') + 1];
      if (attributes.includes('aria-label') && label?.startsWith(labelStart)) return node;
      for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
        const found = find(child);
        if (found) return found;
      }
      return undefined;
    };
    const button = find(root);
    if (!button) throw new Error(`no button labelled "${labelStart}…" on ${page.url()}`);
    const { object } = (await cdp.send('DOM.resolveNode', { nodeId: button.nodeId })) as {
      object: { objectId: string };
    };
    await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function () { this.click(); }',
    });
  } finally {
    await cdp.detach();
  }
}
