import { randomInt, randomUUID } from 'node:crypto';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import { freshSalesforceRecord } from './support/fixture-pages';
import { type FixtureServer, startHttpsFixtureServer } from './support/https-fixture-server';
import { panelShowing, watchProblems } from './support/panel';

const zendesk = 'https://acme.zendesk.com';

async function startPacket(page: Page, recordId: string): Promise<Frame> {
  const frame = await panelShowing(page, recordId);
  await frame.getByRole('button', { name: 'Start handoff packet' }).click();
  await frame.locator('#baton-completeness-meter').waitFor();
  return frame;
}

const saved = (frame: Frame) => frame.getByRole('status').textContent();

/** What the completeness meter shows: its value, the counts in its summary and the gaps listed. */
async function completenessShown(frame: Frame) {
  const meter = Number(await frame.locator('#baton-completeness-meter').getAttribute('value'));
  const summary = (await frame.locator('.baton-completeness > p').textContent()) ?? '';
  const [, required, recommended] = /^(\d+) required, (\d+) recommended/.exec(summary) ?? [];
  const gaps = await frame
    .getByRole('list', { name: 'What is missing' })
    .getByRole('button')
    .allTextContents();
  return { meter, required: Number(required), recommended: Number(recommended), gaps };
}

/** What the start form lists as filled in from the page, by field label. */
function prefillShown(frame: Frame): Promise<Record<string, string>> {
  return frame
    .locator('.baton-prefill dl > div')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]),
      ),
    );
}

/** The texts that describe a packet field's input to assistive technology (aria-describedby). */
function fieldDescriptions(frame: Frame, id: string): Promise<string[]> {
  return frame.locator(`#${id}`).evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((described) => document.getElementById(described)?.textContent?.trim() ?? `#${described} missing`),
  );
}

type LinkedRecord = { system: string; objectKind: string; id: string };

/** The records the packet for `domain` links, read from the extension's database inside its own frame. */
function linkedRecords(frame: Frame, domain: string): Promise<LinkedRecord[]> {
  return frame.evaluate(
    (wanted) =>
      new Promise<LinkedRecord[]>((resolve, reject) => {
        const opening = indexedDB.open('baton');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const reading = db.transaction('packets').objectStore('packets').getAll();
          reading.onerror = () => reject(reading.error);
          reading.onsuccess = () => {
            db.close();
            type Row = { packet: { fields: Record<string, { value: unknown }>; records: LinkedRecord[] } };
            const row = (reading.result as Row[]).find(
              (candidate) => candidate.packet.fields['customer.domain']?.value === wanted,
            );
            resolve(
              (row?.packet.records ?? []).map(({ system, objectKind, id }) => ({ system, objectKind, id })),
            );
          };
        };
      }),
    domain,
  );
}

describe.skipIf(!chromiumInstalled)('packets in the panel', () => {
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    fixtures = await startHttpsFixtureServer([
      {
        host: 'acme.lightning.force.com',
        path: /^\/lightning\/r\/Account\/\w+\/view$/,
        file: 'salesforce/account.html',
      },
      {
        host: 'acme.lightning.force.com',
        path: /^\/lightning\/r\/Opportunity\/\w+\/view$/,
        file: 'salesforce/opportunity-shadow.html',
      },
      {
        host: 'acme.zendesk.com',
        path: /^\/agent\/organizations\/\d+\/tickets$/,
        file: 'zendesk/organization.html',
      },
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

  it('updates completeness and its gaps as fields fill, and takes a gap to its field', async () => {
    const account = freshSalesforceRecord('Account');
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(account.url);
    const frame = await startPacket(page, account.id);
    const started = await completenessShown(frame);
    expect(started.gaps).toEqual(
      expect.arrayContaining([
        'Decision notes is empty: write what was decided',
        'ARR is empty: enter the annual recurring revenue',
      ]),
    );

    await frame.locator('#baton-decisionNotes').pressSequentially('Chose us for the audit trail');
    await expect.poll(() => completenessShown(frame)).toMatchObject({ required: started.required - 1 });
    const notesFilled = await completenessShown(frame);
    expect(notesFilled.meter).toBeGreaterThan(started.meter);
    expect(notesFilled.gaps).not.toContain('Decision notes is empty: write what was decided');
    expect(notesFilled.gaps).toContain('ARR is empty: enter the annual recurring revenue');

    await frame.getByRole('button', { name: 'ARR is empty: enter the annual recurring revenue' }).click();
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('baton-scope-arr');
    await page.keyboard.type('120000');
    await page.keyboard.press('Tab');
    await expect.poll(() => completenessShown(frame)).toMatchObject({ required: started.required - 2 });
    const arrFilled = await completenessShown(frame);
    expect(arrFilled.meter).toBeGreaterThan(notesFilled.meter);
    expect(arrFilled.gaps).not.toContain('ARR is empty: enter the annual recurring revenue');
    expect(arrFilled.recommended).toBe(started.recommended);
    await expect.poll(() => saved(frame)).toBe('Saved on this device');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows a Salesforce packet on the Zendesk organization linked to it, and the link on Salesforce', async () => {
    const opportunity = freshSalesforceRecord('Opportunity');
    const organizationId = String(randomInt(100_000_000_000, 999_999_999_999));
    // A domain no other packet in this browser has, to find this packet by.
    const domain = `acme-${randomUUID().slice(0, 8)}.example`;
    const sfPage = await browser.context.newPage();
    const sfProblems = watchProblems(sfPage);
    await sfPage.goto(opportunity.url);
    const sfFrame = await startPacket(sfPage, opportunity.id);
    await sfFrame.locator('#baton-customer-domain').fill(domain);
    await sfFrame.locator('#baton-customer-domain').blur();
    await expect.poll(() => saved(sfFrame)).toBe('Saved on this device');

    const zdPage = await browser.context.newPage();
    const zdProblems = watchProblems(zdPage);
    await zdPage.goto(`${zendesk}/agent/organizations/${organizationId}/tickets`);
    const zdFrame = await panelShowing(zdPage, organizationId);
    await zdFrame.getByRole('searchbox', { name: 'Customer name or domain' }).fill(domain);
    const results = zdFrame.getByRole('list', { name: 'Matching packets' });
    await expect.poll(() => results.getByRole('listitem').count()).toBe(1);
    await results.getByRole('button', { name: /^Link to Acme Corp \(/ }).click();

    // The Zendesk panel now holds the Salesforce packet: its values, and edits that reach Salesforce.
    await expect.poll(() => zdFrame.locator('#baton-customer-domain').inputValue()).toBe(domain);
    expect(await zdFrame.locator('#baton-customer-name').inputValue()).toBe('Acme Corp');
    const supportNote = `Support knows about the SSO promise ${randomUUID()}`;
    await zdFrame.locator('#baton-decisionNotes').fill(supportNote);
    await zdFrame.locator('#baton-decisionNotes').blur();
    await expect.poll(() => saved(zdFrame)).toBe('Saved on this device');
    // The open Salesforce panel follows the shared database without a reload.
    await expect.poll(() => sfFrame.locator('#baton-decisionNotes').inputValue()).toBe(supportNote);

    await sfPage.reload();
    const reloaded = await panelShowing(sfPage, opportunity.id);
    await expect.poll(() => reloaded.locator('#baton-decisionNotes').inputValue()).toBe(supportNote);
    expect(await reloaded.locator('#baton-customer-domain').inputValue()).toBe(domain);
    // The panel lists no linked records, so the link is read where the panel keeps it.
    expect(await linkedRecords(reloaded, domain)).toEqual([
      { system: 'salesforce', objectKind: 'opportunity', id: opportunity.id },
      { system: 'zendesk', objectKind: 'account', id: organizationId },
    ]);
    await zdPage.close();
    await sfPage.close();
    expect([...sfProblems, ...zdProblems]).toEqual([]);
  });

  it('suggests a handoff point for the opportunity, and marks what it prefilled from the page as from the CRM', async () => {
    const opportunity = freshSalesforceRecord('Opportunity');
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(opportunity.url);
    const frame = await panelShowing(page, opportunity.id);

    // The deal's fields render in nested shadow roots; the form lists them once the page has been read.
    await expect
      .poll(() => prefillShown(frame))
      .toEqual({
        // The opportunity's account: the deal's own name is not the customer's.
        'Customer name': 'Acme Corp',
        'Deal stage': 'Negotiation/Review',
        'Deal amount': '120000',
        'Close date': '2026-11-30',
        'Deal owner in the CRM': 'Dana Whitfield',
      });
    // An opportunity at a stage that is neither a renewal nor closed won goes from sales to CS.
    const point = frame.getByLabel('Handoff point');
    expect(await point.inputValue()).toBe('sales_to_cs');
    expect(await point.locator('option').allTextContents()).toEqual([
      'MQL → Sales',
      'Sales → CS / Onboarding (suggested)',
      'CS → Support / Services',
      'Renewal / Expansion',
    ]);
    expect(await frame.locator('#baton-start-why').textContent()).toBe(
      'Suggested because an opportunity goes from sales to customer success.',
    );

    await frame.getByRole('button', { name: 'Start handoff packet' }).click();
    await frame.locator('#baton-completeness-meter').waitFor();
    expect(await frame.locator('.baton-owners dd').first().textContent()).toBe(
      'Sales → CS / Onboarding, draft',
    );
    const fromPage: Array<[id: string, value: string]> = [
      ['baton-customer-name', 'Acme Corp'],
      ['baton-deal-stage', 'Negotiation/Review'],
      ['baton-deal-amount', '120000'],
      ['baton-keyDates-close', '2026-11-30'],
      ['baton-deal-owner', 'Dana Whitfield'],
    ];
    for (const [id, value] of fromPage) {
      expect(await frame.locator(`#${id}`).inputValue(), id).toBe(value);
      expect(await fieldDescriptions(frame, id), id).toEqual(['from CRM']);
    }
    // A field the page did not fill carries no mark.
    expect(await frame.locator('#baton-customer-domain').inputValue()).toBe('');
    expect(await fieldDescriptions(frame, 'baton-customer-domain')).toEqual([]);
    await expect.poll(() => saved(frame)).toBe('Saved on this device');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('logs no error in the background either', () => {
    expect(browser.problems).toEqual([]);
  });
});
