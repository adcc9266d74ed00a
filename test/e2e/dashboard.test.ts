import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMetricsWorkspace } from '../support/metrics-workspace';
import { type ApiServer, startApiServer } from './support/api-server';
import { axeViolations, describeViolations } from './support/axe';
import {
  chromiumInstalled,
  developmentBuildDir,
  type ExtensionBrowser,
  launchChromiumWithExtension,
} from './support/chromium';
import { signInThroughOptions } from './support/sync-browsers';

/** Both trend charts drawn by uPlot: each a canvas with a legend. */
async function chartsDrawn(page: Page): Promise<void> {
  await page.locator('.chart .uplot canvas').nth(1).waitFor({ timeout: 20_000 });
  expect(await page.locator('.chart .uplot').count()).toBe(2);
  expect(await page.locator('.chart .uplot').first().textContent()).toContain('Time to kickoff, median');
  const size = await page
    .locator('.chart .uplot canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => canvas.width * canvas.height);
  expect(size).toBeGreaterThan(0);
}

/** Clicks a table's "Download CSV" and reads the file the browser saved. */
async function downloadCsv(page: Page, table: string): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent('download');
  await page
    .getByRole('region', { name: table, exact: true })
    .getByRole('button', { name: 'Download CSV' })
    .click();
  const saved = await download;
  const path = await saved.path();
  return { name: saved.suggestedFilename(), text: await readFile(path, 'utf8') };
}

describe.skipIf(!chromiumInstalled)('the outcome dashboard in Chromium', () => {
  let api: ApiServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    api = await startApiServer();
    await generateMetricsWorkspace(api.db, {
      workspaceId: api.workspace.id,
      count: 400,
      now: Date.now(),
      months: 7,
    });
    browser = await launchChromiumWithExtension({ extensionDir: developmentBuildDir });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('opens from the options page for a manager, draws its charts and downloads a table as CSV', async () => {
    await signInThroughOptions(browser, api.url, api.workspace.tokens.csManager);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const link = options.getByRole('link', { name: 'Dashboard', exact: true });
    expect(await link.getAttribute('href')).toBe(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await options.close();

    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await chartsDrawn(page);
    await expect.poll(() => page.getByText('Cleo CS-Manager (manager)', { exact: false }).count()).toBe(1);
    const violations = await axeViolations(page.mainFrame());
    expect(violations, describeViolations(violations)).toEqual([]);

    const csv = await downloadCsv(page, 'Monthly cohorts');
    expect(csv.name).toBe('baton-monthly-cohorts.csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Month,Handed over,"Kickoff, median working h","First value, median working h",SLA attainment,Completeness,Returned',
    );
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines[1]).toMatch(/^\d{4}-\d{2},\d+,/);

    // The packets behind a figure, and their CSV.
    await page.getByRole('region', { name: 'Outcomes' }).getByRole('button', { name: 'Show' }).nth(4).click();
    const drill = page.getByRole('region', { name: 'Packets behind a figure' });
    await drill.getByText('SLA attainment', { exact: false }).first().waitFor();
    const packets = await downloadCsv(page, 'Packets');
    expect(packets.name).toBe('baton-sla_attainment.csv');
    expect(packets.text.split('\r\n')[0]).toBe(
      'Customer,Handoff point,Giving owner,Receiving owner,First submitted,Policy,Counts',
    );
    expect(packets.text).toMatch(/Generated customer \d+,/);
    await page.close();
  });

  it('is served at /dashboard with a strict CSP, signs in with a token and draws the same charts', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(`${api.url}/dashboard`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    await page.getByLabel('API token').fill(api.workspace.tokens.rep);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A rep signs in, but the figures are not for them.
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 10_000 })
      .toContain('metrics are for managers and admins');
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByLabel('API token').fill(api.workspace.tokens.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await chartsDrawn(page);
    expect(await page.evaluate(() => sessionStorage.getItem('baton.dashboard.token'))).toBe(
      api.workspace.tokens.admin,
    );

    const csv = await downloadCsv(page, 'SLA attainment by policy');
    expect(csv.text.split('\r\n')[0]).toBe('Policy,Met,Finished clocks,Attainment');
    expect(csv.text).toMatch(/\r\nacceptance,\d+,\d+,0?\.\d+|\r\nacceptance,\d+,\d+,1\r\n/);
    expect(problems.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await page.close();
  });
});
