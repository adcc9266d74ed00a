import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { togglePanelShortcut } from '../../lib/overlay/toggle-shortcut';
import { axeViolations, describeViolations } from './support/axe';
import {
  chromiumInstalled,
  type ExtensionBrowser,
  launchChromiumWithExtension,
  productionBuildDir,
} from './support/chromium';
import { freshSalesforceRecord } from './support/fixture-pages';
import {
  type FixtureServer,
  salesforceAccountRoute,
  startHttpsFixtureServer,
} from './support/https-fixture-server';
import {
  type FrameStop,
  focusedOnPage,
  focusedStop,
  type PageFocus,
  tabStopsInOrder,
} from './support/keyboard';
import { hostState, panelShowing, watchProblems } from './support/panel';

// The extension API the tests call inside the service worker.
declare const chrome: {
  commands: { getAll(): Promise<{ name?: string; shortcut?: string; description?: string }[]> };
};

/** More Tab presses than any state of the panel has stops: a loop that reaches it is lost, not slow. */
const mostTabs = 150;

async function expectNoViolations(frame: Frame, state: string): Promise<void> {
  const violations = await axeViolations(frame);
  expect(violations, `WCAG 2.1 A/AA violations ${state}:\n${describeViolations(violations)}`).toEqual([]);
}

/** Where focus is in the frame, failing when it is outside it. */
async function focused(frame: Frame): Promise<FrameStop> {
  const stop = await focusedStop(frame);
  if (!stop) throw new Error('Focus is not in the panel frame');
  return stop;
}

/** Presses `key` until the focused element's name matches, and gives back every stop on the way. */
async function pressUntil(
  page: Page,
  frame: Frame,
  key: string,
  name: string | RegExp,
): Promise<FrameStop[]> {
  const passed: FrameStop[] = [];
  for (let press = 0; press < mostTabs; press++) {
    await page.keyboard.press(key);
    const stop = await focused(frame);
    passed.push(stop);
    if (typeof name === 'string' ? stop.name === name : name.test(stop.name)) return passed;
  }
  throw new Error(
    `${key} never reached ${name}; it went through ${passed.map((stop) => stop.name).join(' | ')}`,
  );
}

function expectVisiblyFocused(stops: readonly FrameStop[]): void {
  expect(
    stops.filter((stop) => stop.indicator === 'none').map((stop) => `${stop.tag} "${stop.name}"`),
    'focused without a visible focus indicator',
  ).toEqual([]);
}

describe.skipIf(!chromiumInstalled)('the panel, by keyboard and for assistive technology', () => {
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    fixtures = await startHttpsFixtureServer([salesforceAccountRoute]);
    browser = await launchChromiumWithExtension({
      extensionDir: productionBuildDir,
      fixturePort: fixtures.port,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
  });

  /** A record nobody has started a packet for, its panel showing the start screen. */
  async function openFreshRecord(): Promise<{ page: Page; frame: Frame; problems: unknown[] }> {
    const account = freshSalesforceRecord('Account');
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(account.url);
    const frame = await panelShowing(page, account.id);
    await frame.getByRole('button', { name: 'Start handoff packet' }).waitFor();
    return { page, frame, problems };
  }

  async function startPacket(frame: Frame): Promise<void> {
    await frame.getByRole('button', { name: 'Start handoff packet' }).click();
    await frame.locator('#baton-completeness-meter').waitFor();
  }

  async function cdpFor(page: Page): Promise<CDPSession> {
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Accessibility.enable');
    return cdp;
  }

  it('meets WCAG 2.1 A/AA on a record with no packet', async () => {
    const { page, frame, problems } = await openFreshRecord();
    await expectNoViolations(frame, 'on the start screen');

    // The check itself sees what it should: faint text and an unlabelled input, put there for a moment.
    await frame.evaluate(() => {
      const planted = document.createElement('div');
      planted.id = 'planted';
      planted.innerHTML = '<p style="color: #bbb">Faint</p><input type="text" />';
      document.querySelector('.baton-panel')?.append(planted);
    });
    const planted = await axeViolations(frame);
    expect(planted.map((violation) => `${violation.id} × ${violation.nodes.length}`).sort()).toEqual([
      'color-contrast × 1',
      'label × 1',
    ]);
    // What a failure prints: each rule, its impact and summary, the element, and how to fix it.
    expect(describeViolations(planted)).toMatch(/- color-contrast \(serious\): .+\n {4}at .+\n {4}Fix /);
    await frame.evaluate(() => document.getElementById('planted')?.remove());
    await page.close();
    expect(problems).toEqual([]);
  });

  it('meets WCAG 2.1 A/AA with a started packet in the editor: meter, gaps, sections, lists, history', async () => {
    const { page, frame, problems } = await openFreshRecord();
    await startPacket(frame);
    // An item in a list, a typed value beside the CRM's, and a number refused with its reason.
    await frame.getByLabel('New risk').fill('Champion leaves before go-live');
    await frame.getByLabel('New risk').press('Enter');
    await frame.getByRole('group', { name: 'Champion leaves before go-live' }).waitFor();
    await frame.getByLabel('Decision notes').fill('Chose us for the audit trail');
    await frame.getByLabel('Seats').fill('-3');
    await frame.getByLabel('Seats').blur();
    await frame.locator('#baton-scope-seats-error').waitFor();
    await expectNoViolations(frame, 'in the editor');
    await frame.getByRole('button', { name: 'History' }).click();
    await frame
      .locator('.baton-history-line', { hasText: 'added "Champion leaves before go-live"' })
      .waitFor();
    await expectNoViolations(frame, 'with the history open');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('meets WCAG 2.1 A/AA after a submit that the exit criteria block, and says why', async () => {
    const { page, frame, problems } = await openFreshRecord();
    await startPacket(frame);
    // A pointer user's attempt; Playwright would wait for an aria-disabled button to become enabled.
    await frame.getByRole('button', { name: /^Submit to / }).click({ force: true });
    const alert = frame.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/^Not submitted/);
    await expect
      .poll(() => frame.getByRole('heading', { level: 2, name: /^Status:/ }).textContent())
      .toBe('Status: draft');
    await expectNoViolations(frame, 'after a blocked submit');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('starts a packet, fills a field, adds to a list, follows a gap and reaches the status actions by keyboard alone', async () => {
    const { page, frame, problems } = await openFreshRecord();
    const visited: FrameStop[] = [];

    // Into the panel from the page, the way a keyboard user arrives: Tab past the page and the panel's own
    // controls on it until focus is inside the frame.
    for (let press = 0; press < mostTabs && !(await focusedStop(frame)); press++) {
      await page.keyboard.press('Tab');
    }
    const first = await focused(frame);
    expect(first.name).toBe('Handoff point');
    visited.push(first);

    visited.push(...(await pressUntil(page, frame, 'Tab', 'Start handoff packet')));
    await page.keyboard.press('Enter');
    await frame.locator('#baton-completeness-meter').waitFor();
    // Starting puts focus at the top of what the new packet needs.
    await expect.poll(async () => (await focused(frame)).name).toBe('Completeness');

    // A gap takes focus to its field; typing fills it.
    visited.push(
      ...(await pressUntil(page, frame, 'Tab', 'Decision notes is empty: write what was decided')),
    );
    await page.keyboard.press('Enter');
    expect((await focused(frame)).name).toBe('Decision notes');
    await page.keyboard.type('Chose us for the audit trail');
    await page.keyboard.press('Tab');
    visited.push(await focused(frame));
    await expect
      .poll(() => frame.getByLabel('Decision notes').inputValue())
      .toBe('Chose us for the audit trail');
    await expect
      .poll(() =>
        frame.getByRole('button', { name: 'Decision notes is empty: write what was decided' }).count(),
      )
      .toBe(0);

    // Back up to the Risks list by Shift+Tab, and add one with Enter.
    visited.push(...(await pressUntil(page, frame, 'Shift+Tab', 'New risk')));
    await page.keyboard.type('Champion leaves before go-live');
    await page.keyboard.press('Enter');
    await frame.getByRole('group', { name: 'Champion leaves before go-live' }).waitFor();
    expect((await focused(frame)).name).toBe('New risk');

    // Up to the status actions: the blocked submit is reachable, says why it is blocked, and refuses.
    visited.push(...(await pressUntil(page, frame, 'Shift+Tab', /^Submit to /)));
    const submit = frame.getByRole('button', { name: /^Submit to / });
    expect(await submit.getAttribute('aria-disabled')).toBe('true');
    expect(await submit.evaluate((button) => button.getAttribute('aria-describedby'))).toBeTruthy();
    await page.keyboard.press('Space');
    await expect.poll(() => frame.getByRole('alert').textContent()).toMatch(/^Not submitted/);
    expect((await focused(frame)).name).toMatch(/^Submit to /);
    expect(await frame.getByRole('heading', { level: 2, name: /^Status:/ }).textContent()).toBe(
      'Status: draft',
    );

    expectVisiblyFocused(visited);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('tabs through the started panel in the order it shows its sections, every stop labelled and visible', async () => {
    const { page, frame, problems } = await openFreshRecord();
    await startPacket(frame);
    await frame.getByLabel('New risk').fill('Champion leaves before go-live');
    await frame.getByLabel('New risk').press('Enter');
    await frame.getByRole('group', { name: 'Champion leaves before go-live' }).waitFor();
    const expected = await tabStopsInOrder(frame);
    expect(expected.length).toBeGreaterThan(20);

    // From the top of the panel (its record title, which takes focus but is no tab stop) to where focus
    // leaves the frame. A date input is one element with several stops (day, month, year, picker).
    await frame.locator('h1').focus();
    const everyStop: FrameStop[] = [];
    const seen: FrameStop[] = [];
    for (let press = 0; press <= mostTabs; press++) {
      await page.keyboard.press('Tab');
      const stop = await focusedStop(frame);
      if (!stop) break;
      everyStop.push(stop);
      if (stop.order !== seen.at(-1)?.order || stop.order === -1) seen.push(stop);
    }
    const describe = (stops: readonly FrameStop[]) => stops.map((stop) => `${stop.heading} › ${stop.name}`);
    expect(describe(seen)).toEqual(describe(expected));
    expect(seen.map((stop) => stop.order)).toEqual(expected.map((_, index) => index));

    expect(
      seen.filter((stop) => stop.name === '').map((stop) => `${stop.heading} › ${stop.tag}`),
      'tab stops without an accessible name',
    ).toEqual([]);
    expectVisiblyFocused(everyStop);
    // Nothing sends focus back up the panel: each stop is at or below the one before, or beside it.
    const upward = seen.flatMap((stop, index) => {
      const before = seen[index - 1];
      return before && stop.bottom <= before.top ? [`${before.name} → ${stop.name}`] : [];
    });
    expect(upward, 'focus moving up the panel').toEqual([]);
    // The sections come in the order they show.
    const headings = [...new Set(seen.map((stop) => stop.heading))];
    expect(headings.slice(0, 8)).toEqual([
      'Completeness',
      expect.stringMatching(/^Status:/),
      'Joint intro email',
      'Kickoff agenda',
      'Onboarding checklist',
      'Adoption content',
      'Customer & deal',
      'Key dates',
    ]);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('collapses and expands by keyboard, its controls labelled with the shortcut the browser assigned', async () => {
    // The browser gave the command the key the manifest suggests: it gives none to a key of its own. Headless
    // Chromium does not route key presses to extension commands, so what the command does is
    // panel-overlay.test.ts's relay test.
    const commands = await browser.serviceWorker.evaluate(() => chrome.commands.getAll());
    expect(commands).toContainEqual(
      expect.objectContaining({
        shortcut: togglePanelShortcut,
        description: 'Show or collapse the Baton panel',
      }),
    );

    const { page, problems } = await openFreshRecord();
    const recordId = (await hostState(page))?.recordId ?? '';
    const cdp = await cdpFor(page);
    // Tab from the page to the panel's controls on it, which come after the page's own.
    const onPage: (PageFocus | null)[] = [];
    for (let press = 0; press < mostTabs; press++) {
      await page.keyboard.press('Tab');
      const now = await focusedOnPage(cdp);
      onPage.push(now);
      if (now?.name.startsWith('Collapse the Baton panel')) break;
    }
    const [resize, collapse] = onPage.slice(-2);
    expect(resize).toMatchObject({
      role: 'separator',
      name: 'Resize the Baton panel (left and right arrow keys)',
    });
    expect(collapse).toMatchObject({
      role: 'button',
      name: `Collapse the Baton panel (${togglePanelShortcut})`,
      keyShortcuts: togglePanelShortcut,
      expanded: true,
    });
    expect(resize?.indicator).not.toBe('none');
    expect(collapse?.indicator).not.toBe('none');

    // The separator widens the panel by the left arrow key and narrows it by the right one.
    await page.keyboard.press('Shift+Tab');
    const width = async () => Math.round((await hostState(page))?.width ?? 0);
    const before = await width();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(width).toBe(before + 16);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(width).toBe(before - 16);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(width).toBe(before);
    await page.keyboard.press('Tab');

    await page.keyboard.press('Enter');
    await expect.poll(() => hostState(page)).toMatchObject({ state: 'collapsed' });
    // Focus stays with the panel: on the tab that brings it back.
    const tab = await focusedOnPage(cdp);
    expect(tab).toMatchObject({
      role: 'button',
      name: `Show the Baton panel (${togglePanelShortcut})`,
      keyShortcuts: togglePanelShortcut,
      expanded: false,
    });
    expect(tab?.indicator).not.toBe('none');

    await page.keyboard.press('Space');
    await expect.poll(() => hostState(page)).toMatchObject({ state: 'expanded' });
    // Opening it puts the keyboard in the panel: the next Tab is its first control.
    const reopened = await panelShowing(page, recordId);
    await page.keyboard.press('Tab');
    expect((await focused(reopened)).name).toBe('Handoff point');
    await cdp.detach();
    await page.close();
    expect(problems).toEqual([]);
  });

  it('ships none of axe in the extension, which only the tests use', async () => {
    const files = await readdir(productionBuildDir, { recursive: true, withFileTypes: true });
    const scripts = files.filter((file) => file.isFile() && /\.(js|html)$/.test(file.name));
    expect(scripts.length).toBeGreaterThan(3);
    const withAxe = [];
    for (const file of scripts) {
      const path = join(file.parentPath, file.name);
      if ((await readFile(path, 'utf8')).includes('dequeuniversity.com')) withAxe.push(path);
    }
    expect(withAxe).toEqual([]);
  });

  it('logs no error in the background either', () => {
    expect(browser.problems).toEqual([]);
  });
});
