import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../lib/adapters';
import { demo } from '../../lib/adapters/demo';
import { salesforceId18 } from '../../lib/adapters/salesforce';
import type { CrmSystem, ObjectKind } from '../../lib/handoff/record';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import { fixtureUrl, routeAt } from './support/fixture-pages';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';
import {
  hostState,
  keepShownRecords,
  panelFrame,
  panelShowing,
  shownRecords,
  watchProblems,
} from './support/panel';

type Shown = { system: CrmSystem; objectKind: ObjectKind; recordId: string; name: string };

/**
 * What the panel must show on each record fixture, written out rather than derived from the adapters, so a
 * detection that drifts fails here as well as in the unit tests.
 */
const recordFixtures: Record<string, Shown> = {
  'salesforce/account.html': {
    system: 'salesforce',
    objectKind: 'account',
    recordId: '001xx000003DGb2AAG',
    name: 'Acme Corp',
  },
  'salesforce/opportunity-shadow.html': {
    system: 'salesforce',
    objectKind: 'opportunity',
    recordId: '0065g00000AbCdEAAV',
    name: 'Acme Corp — Platform renewal 2027',
  },
  'hubspot/company.html': {
    system: 'hubspot',
    objectKind: 'account',
    recordId: '9271624130',
    name: 'Acme Corp',
  },
  'hubspot/deal.html': {
    system: 'hubspot',
    objectKind: 'opportunity',
    recordId: '18392735311',
    name: 'Globex – Erweiterung Außendienst',
  },
  'hubspot/deal-labels.html': {
    system: 'hubspot',
    objectKind: 'opportunity',
    recordId: '18392736204',
    name: 'Initech – Support add-on',
  },
  'pipedrive/deal.html': {
    system: 'pipedrive',
    objectKind: 'opportunity',
    recordId: '1482',
    name: 'Initech onboarding bundle',
  },
  'dynamics365/account.html': {
    system: 'dynamics365',
    objectKind: 'account',
    recordId: '8c1f6a2e-4b3d-4e5f-9a8b-7c6d5e4f3a2b',
    name: 'Contoso Ltd',
  },
  'zoho/deal.html': {
    system: 'zoho',
    objectKind: 'opportunity',
    recordId: '4876876000000345001',
    name: 'Umbrella Corp - Renewal 2027',
  },
  'gainsight/company.html': {
    system: 'gainsight',
    objectKind: 'account',
    recordId: '1P02IPNYBGAB6FUXCV6TKYIJRDSZCTDK2K55',
    name: 'Initech',
  },
  'zendesk/organization.html': {
    system: 'zendesk',
    objectKind: 'account',
    recordId: '360012345678',
    name: 'Initech',
  },
  'zendesk/ticket.html': {
    system: 'zendesk',
    objectKind: 'ticket',
    recordId: '4821',
    name: 'Cannot export invoices to CSV',
  },
  'intercom/company.html': {
    system: 'intercom',
    objectKind: 'account',
    recordId: '5f1a2b3c4d5e6f7a8b9c0d1e',
    name: 'Initech',
  },
  'intercom/conversation.html': {
    system: 'intercom',
    objectKind: 'ticket',
    recordId: '215471234567890',
    name: 'Question about SSO setup',
  },
  'freshdesk/ticket.html': {
    system: 'freshdesk',
    objectKind: 'ticket',
    recordId: '1934',
    name: 'SSO login loops back to the sign-in page',
  },
  'vitally/account.html': {
    system: 'vitally',
    objectKind: 'account',
    recordId: '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
    name: 'Initech',
  },
  'planhat/company.html': {
    system: 'planhat',
    objectKind: 'account',
    recordId: '64b7f0c2a1d3e4f5a6b7c8d9',
    name: 'Initech',
  },
};

type NextRecord = {
  /** Another record of the same tool and kind, at an address of the same shape as the fixture's. */
  url: string;
  recordId: string;
  name: string;
  /** The tab title the tool gives that record. */
  title: string;
  /** Where the page shows the record's name (in the document or an open shadow root), besides the title. */
  nameElements: string[];
};

const nextSalesforceAccountId = salesforceId18('001xx000003DGc7') ?? '';
// The opportunity fixture is reached by a 15-character id; the record's id is the 18-character form.
const nextSalesforceOpportunityId15 = '0065g00000XyZwQ';

/**
 * For each record fixture, the record an in-app navigation goes to next and what the page renders for it,
 * written out per tool for the same reason as recordFixtures.
 */
const nextRecords: Record<string, NextRecord> = {
  'salesforce/account.html': {
    url: `https://acme.lightning.force.com/lightning/r/Account/${nextSalesforceAccountId}/view`,
    recordId: nextSalesforceAccountId,
    name: 'Globex',
    title: 'Globex | Account | Salesforce',
    nameElements: ['[slot="primaryField"]', '[field-label="Account Name"] lightning-formatted-text'],
  },
  'salesforce/opportunity-shadow.html': {
    url: `https://acme.lightning.force.com/lightning/r/Opportunity/${nextSalesforceOpportunityId15}/view`,
    recordId: salesforceId18(nextSalesforceOpportunityId15) ?? '',
    name: 'Globex — Field operations 2027',
    title: 'Globex — Field operations 2027 | Opportunity | Salesforce',
    nameElements: ['[slot="primaryField"]'],
  },
  'hubspot/company.html': {
    url: 'https://app.hubspot.com/contacts/2460131/company/9271629805',
    recordId: '9271629805',
    name: 'Globex',
    title: 'Globex | HubSpot',
    nameElements: ['[data-selenium-test="highlightTitle"]'],
  },
  'hubspot/deal.html': {
    url: 'https://app-eu1.hubspot.com/contacts/2460131/record/0-3/18392740587',
    recordId: '18392740587',
    name: 'Umbrella – Wartungsvertrag',
    title: 'Umbrella – Wartungsvertrag | HubSpot',
    nameElements: ['[data-selenium-test="highlightTitle"]'],
  },
  'hubspot/deal-labels.html': {
    url: 'https://app.hubspot.com/contacts/2460131/record/0-3/18392741950',
    recordId: '18392741950',
    name: 'Hooli – Premium support',
    title: 'Hooli – Premium support | HubSpot',
    nameElements: ['[data-selenium-test="highlightTitle"]'],
  },
  'pipedrive/deal.html': {
    url: 'https://acme.pipedrive.com/deal/1517',
    recordId: '1517',
    name: 'Globex pilot extension',
    title: 'Globex pilot extension - Pipedrive',
    nameElements: ['h1'],
  },
  'dynamics365/account.html': {
    url: 'https://contoso.crm4.dynamics.com/main.aspx?appid=5b3c2a1d-8e7f-4a6b-9c0d-1e2f3a4b5c6d&pagetype=entityrecord&etn=account&id=%7BD2E4F6A8-1B3C-4D5E-8F70-9A1B2C3D4E5F%7D',
    recordId: 'd2e4f6a8-1b3c-4d5e-8f70-9a1b2c3d4e5f',
    name: 'Fabrikam Inc',
    title: 'Account: Fabrikam Inc - Dynamics 365',
    nameElements: ['h1[data-id="header_title"]', 'input[aria-label="Account Name"]'],
  },
  'zoho/deal.html': {
    url: 'https://crm.zoho.eu/crm/org20071234/tab/Potentials/4876876000000351017',
    recordId: '4876876000000351017',
    name: 'Stark Industries - New business',
    title: 'Stark Industries - New business - Zoho CRM',
    nameElements: ['h1'],
  },
  'gainsight/company.html': {
    url: 'https://acme.gainsightcloud.com/v1/ui/customersuccess360?cid=1P02IPNYBGAB6FUXCV7QMZR4WHE8LTNA3B91',
    recordId: '1P02IPNYBGAB6FUXCV7QMZR4WHE8LTNA3B91',
    name: 'Globex',
    title: 'Globex - Customer 360 | Gainsight',
    nameElements: ['h1'],
  },
  'zendesk/organization.html': {
    url: 'https://acme.zendesk.com/agent/organizations/360019876543/tickets',
    recordId: '360019876543',
    name: 'Globex',
    title: 'Globex – Zendesk',
    nameElements: ['h1'],
  },
  'zendesk/ticket.html': {
    url: 'https://acme.zendesk.com/agent/tickets/4907',
    recordId: '4907',
    name: 'Password reset emails arrive late',
    title: 'Password reset emails arrive late – Zendesk',
    nameElements: ['input[aria-label="Subject"]'],
  },
  'intercom/company.html': {
    url: 'https://app.eu.intercom.com/a/apps/x7k2p9qa/companies/6a0b1c2d3e4f5a6b7c8d9e0f',
    recordId: '6a0b1c2d3e4f5a6b7c8d9e0f',
    name: 'Globex',
    title: 'Globex | Intercom',
    nameElements: ['h1'],
  },
  'intercom/conversation.html': {
    url: 'https://app.intercom.com/a/inbox/x7k2p9qa/inbox/shared/all/conversation/215471234599113',
    recordId: '215471234599113',
    name: 'Refund for a duplicate charge',
    title: 'Refund for a duplicate charge | Intercom',
    nameElements: ['h1'],
  },
  'freshdesk/ticket.html': {
    url: 'https://acme.freshdesk.com/a/tickets/1962',
    recordId: '1962',
    name: 'Webhook retries stop after an hour',
    title: 'Webhook retries stop after an hour - Freshdesk',
    nameElements: ['h1'],
  },
  'vitally/account.html': {
    url: 'https://acme.vitally.io/hub/accounts/7c4e1a9b-2d6f-4a3e-8b5c-0f1e2d3c4b5a',
    recordId: '7c4e1a9b-2d6f-4a3e-8b5c-0f1e2d3c4b5a',
    name: 'Globex',
    title: 'Globex | Vitally',
    nameElements: ['h1'],
  },
  'planhat/company.html': {
    url: 'https://ws.planhat.com/acme/profile/64b7f0c2a1d3e4f5a6b7c9e1',
    recordId: '64b7f0c2a1d3e4f5a6b7c9e1',
    name: 'Globex',
    title: 'Globex | Planhat',
    nameElements: ['h1'],
  },
};

/** Fixture pages that show no single record: list views. */
const listFixtures = ['salesforce/account-list.html', 'hubspot/deals-list.html'];

/**
 * Pages of each tool that name no record (lists, dashboards, setup), served with that tool's record markup
 * so that only the address can keep the panel away. The content script runs on all of them.
 */
const nonRecordPages: Array<[url: string, file: string]> = [
  ['https://acme.lightning.force.com/lightning/setup/SetupOneHome/home', 'salesforce/account.html'],
  ['https://app.hubspot.com/contacts/2460131/objects/0-2/views/all/list', 'hubspot/company.html'],
  ['https://acme.pipedrive.com/pipeline/1/user/everyone', 'pipedrive/deal.html'],
  [
    'https://contoso.crm4.dynamics.com/main.aspx?appid=5b3c2a1d-8e7f-4a6b-9c0d-1e2f3a4b5c6d&pagetype=entitylist&etn=account',
    'dynamics365/account.html',
  ],
  [
    'https://crm.zoho.eu/crm/org20071234/tab/Potentials/custom-view/4876876000000087501/list',
    'zoho/deal.html',
  ],
  ['https://acme.gainsightcloud.com/v1/ui/home', 'gainsight/company.html'],
  ['https://acme.zendesk.com/agent/dashboard', 'zendesk/organization.html'],
  ['https://app.eu.intercom.com/a/apps/x7k2p9qa/companies/segments/active', 'intercom/company.html'],
  ['https://app.intercom.com/a/inbox/x7k2p9qa/inbox/shared/all', 'intercom/conversation.html'],
  ['https://acme.freshdesk.com/a/tickets/filters/all_tickets', 'freshdesk/ticket.html'],
  ['https://acme.vitally.io/hub/accounts', 'vitally/account.html'],
  ['https://ws.planhat.com/acme/companies', 'planhat/company.html'],
  ...listFixtures.map((file): [string, string] => [fixtureUrl(file), file]),
];

const recordPages = Object.entries(recordFixtures).map(([file, shown]) => ({
  file,
  url: fixtureUrl(file),
  ...shown,
}));

const navigations = recordPages.map((page) => {
  const next = nextRecords[page.file];
  if (!next) throw new Error(`nextRecords has no record to go to from ${page.file}`);
  return { ...page, next };
});

/** Past the content script's start, the margin in which it would have shown a panel it was going to show. */
const contentScriptMarginMs = 500;
/** How long after pushState a single-page CRM takes to render the next record's name. */
const renderDelayMs = 150;
/**
 * From pushState to the panel showing the next record. The budget is 300 ms (panel-overlay.test.ts holds
 * Salesforce to it); sixteen tabs at once in one browser get more.
 */
const concurrentSwapBoundMs = 1000;
const fixturesDir = fileURLToPath(new URL('../fixtures/crm/', import.meta.url));

describe.skipIf(!chromiumInstalled)('the panel on the fixture pages of every tool', () => {
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    fixtures = await startHttpsFixtureServer([
      ...recordPages.map(({ url, file }) => routeAt(url, file)),
      ...nonRecordPages.map(([url, file]) => routeAt(url, file)),
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

  it('covers every tool, and every fixture page of each', () => {
    const tools = adapters.filter((adapter) => adapter !== demo).map((adapter) => adapter.system);
    const files = tools.flatMap((tool) =>
      readdirSync(`${fixturesDir}${tool}`)
        .filter((file) => file.endsWith('.html'))
        .map((file) => `${tool}/${file}`),
    );

    expect(tools).toHaveLength(11);
    expect(new Set(recordPages.map(({ system }) => system))).toEqual(new Set(tools));
    expect([...Object.keys(recordFixtures), ...listFixtures].sort()).toEqual(files.sort());
    expect(new Set(nonRecordPages.map(([, file]) => file.split('/')[0]))).toEqual(new Set(tools));
    expect(Object.keys(nextRecords).sort()).toEqual(Object.keys(recordFixtures).sort());
  });

  it.concurrent.for(recordPages)(
    'appears on $file, naming $system $objectKind $recordId, with no console error',
    // Concurrent tests assert with their own context's expect: expect.poll needs to know its test.
    async ({ url, system, objectKind, recordId, name }, { expect }) => {
      const page = await browser.context.newPage();
      const problems = watchProblems(page);
      // Whatever the page or a script in it asks the network for; the panel's own files are the extension's.
      const requested: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('chrome-extension://')) requested.push(request.url());
      });
      await page.goto(url);

      await page.waitForSelector('baton-panel[data-record-id]', { state: 'attached' });
      expect(await hostState(page)).toMatchObject({ state: 'expanded', system, objectKind, recordId });
      const frame = await panelShowing(page, recordId);
      await expect.poll(() => frame.locator('h1').textContent()).toBe(name);
      // The panel offers to start a packet: it read the extension's database, not only the message.
      await frame.getByRole('button', { name: 'Start handoff packet' }).waitFor();
      await page.close();
      expect(problems).toEqual([]);
      // The fixture page loads nothing but itself, and the content script asks for nothing at all.
      expect(requested).toEqual([url]);
    },
  );

  it.concurrent.for(navigations)(
    'follows in-app navigation from $file to the next record, never naming it after the one left',
    async ({ url, system, objectKind, recordId, name, next }, { expect }) => {
      const page = await browser.context.newPage();
      const problems = watchProblems(page);
      await page.goto(url);
      const frame = await panelShowing(page, recordId);
      // Sixteen tabs load at once: waits are generous, the swap itself is timed below.
      await expect
        .poll(() => frame.locator(`[data-record-id="${recordId}"][data-record-name="${name}"]`).count(), {
          timeout: 5000,
        })
        .toBe(1);
      await keepShownRecords(frame);

      // What a single-page CRM does: change the URL at once (no request), render the next record a little later.
      const navigatedAt = await page.evaluate(
        ({ next, renderDelayMs }) => {
          const at = Date.now();
          history.pushState({}, '', next.url);
          setTimeout(() => {
            document.title = next.title;
            // The document and every open shadow root in it, where a tool may render the name.
            const roots: ParentNode[] = [document];
            for (let i = 0; i < roots.length; i++) {
              for (const element of roots[i]?.querySelectorAll('*') ?? []) {
                if (element.shadowRoot) roots.push(element.shadowRoot);
              }
            }
            for (const root of roots) {
              for (const element of root.querySelectorAll(next.nameElements.join(', '))) {
                if (element instanceof HTMLInputElement) element.value = next.name;
                else element.textContent = next.name;
              }
            }
          }, renderDelayMs);
          return at;
        },
        { next, renderDelayMs },
      );

      await expect
        .poll(
          () => frame.locator(`[data-record-id="${next.recordId}"][data-record-name="${next.name}"]`).count(),
          { timeout: 5000 },
        )
        .toBe(1);
      const seen = await shownRecords(frame);
      const firstNext = seen.find((shown) => shown.id === next.recordId);
      expect(firstNext?.at).toBeDefined();
      expect((firstNext?.at ?? Infinity) - navigatedAt).toBeLessThanOrEqual(concurrentSwapBoundMs);
      // Nameless until the page renders the next record's name, and never with the name of the one left.
      expect(seen.filter((shown) => shown.id === next.recordId && shown.name === name)).toEqual([]);
      expect(
        seen.filter((shown) => shown.id === next.recordId && shown.name && shown.name !== next.name),
      ).toEqual([]);
      expect(await hostState(page)).toMatchObject({
        state: 'expanded',
        system,
        objectKind,
        recordId: next.recordId,
      });
      await expect.poll(() => frame.locator('h1').textContent()).toBe(next.name);
      await page.close();
      expect(problems).toEqual([]);
    },
  );

  it.concurrent.each(nonRecordPages)('stays off %s', async (url) => {
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(url);

    await page.waitForFunction(() => document.documentElement.dataset.batonActive === 'true');
    await page.waitForTimeout(contentScriptMarginMs);
    expect(fixtures.requests).toContain(url.replace(/\?.*$/, ''));
    expect(await hostState(page)).toBeNull();
    expect(panelFrame(page)).toBeUndefined();
    await page.close();
    expect(problems).toEqual([]);
  });

  it('logs no error in the background either', () => {
    expect(browser.problems).toEqual([]);
  });
});
