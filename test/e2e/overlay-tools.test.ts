import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../lib/adapters';
import { demo } from '../../lib/adapters/demo';
import type { CrmSystem, ObjectKind } from '../../lib/handoff/record';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import { fixtureUrl, routeAt } from './support/fixture-pages';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';
import { hostState, panelFrame, panelShowing, watchProblems } from './support/panel';

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

/** Past the content script's start, the margin in which it would have shown a panel it was going to show. */
const contentScriptMarginMs = 500;
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
  });

  it.concurrent.each(recordPages)(
    'appears on $file, naming $system $objectKind $recordId, with no console error',
    async ({ url, system, objectKind, recordId, name }) => {
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
