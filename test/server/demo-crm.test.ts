import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { fakeDatabase } from './support/fake-database';

// The demo pages never touch the database.
const demoApp = createApp({ db: fakeDatabase(), demoCrm: true });

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await demoApp.request(path);
  return { status: response.status, html: await response.text() };
}

describe('demo CRM', () => {
  it('lists the accounts, linking each to its record page', async () => {
    const { status, html } = await page('/demo/');

    expect(status).toBe(200);
    expect(html).toContain('href="/demo/accounts/ACME-1"');
    expect(html).toContain('href="/demo/accounts/GLOBEX-2"');
  });

  it('sends /demo to /demo/', async () => {
    const response = await demoApp.request('/demo');

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/demo/');
  });

  it('shows an account with its name in the title and the heading', async () => {
    const { status, html } = await page('/demo/accounts/ACME-1');

    expect(status).toBe(200);
    expect(html).toContain('<title>Acme Corp | Account | Baton demo CRM</title>');
    expect(html).toContain('<h1>Acme Corp</h1>');
    expect(html).toContain('href="/demo/opportunities/OPP-1"');
  });

  it('shows an opportunity with labelled amount, stage, close date and owner', async () => {
    const { html } = await page('/demo/opportunities/OPP-1');

    expect(html).toContain('<dt>Amount</dt><dd>$120,000.00</dd>');
    expect(html).toContain('<dt>Stage</dt><dd>Closed Won</dd>');
    expect(html).toContain('<dt>Close date</dt><dd><time datetime="2026-10-30">Oct 30, 2026</time></dd>');
    expect(html).toContain('<dt>Opportunity owner</dt><dd>Dana Whitfield</dd>');
  });

  it('answers 404 for a record that does not exist', async () => {
    expect((await page('/demo/accounts/NOPE-9')).status).toBe(404);
    expect((await page('/demo/opportunities/NOPE-9')).status).toBe(404);
    expect((await page('/demo/invoices/')).status).toBe(404);
  });

  it('is not served unless asked for', async () => {
    const response = await createApp({ db: fakeDatabase() }).request('/demo/');

    expect(response.status).toBe(404);
  });
});
