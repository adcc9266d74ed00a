import type { Frame, Page } from 'playwright-core';
import type { BrowserProblem } from './chromium';

/** What a page script can see of our element: its data attributes and its box. */
export type HostState = {
  state?: string;
  system?: string;
  objectKind?: string;
  recordId?: string;
  width: number;
};

export function hostState(page: Page): Promise<HostState | null> {
  return page.evaluate(() => {
    const host = document.querySelector('baton-panel') as HTMLElement | null;
    if (!host) return null;
    const { state, system, objectKind, recordId } = host.dataset;
    return { state, system, objectKind, recordId, width: host.getBoundingClientRect().width };
  });
}

export function panelFrame(page: Page): Frame | undefined {
  return page.frames().find((frame) => frame.url().startsWith('chrome-extension://'));
}

/** The panel frame once it shows `recordId`; frames come and go, so look again until one does. */
export async function panelShowing(page: Page, recordId: string, timeoutMs = 10_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = panelFrame(page);
    const shown = await frame
      ?.locator(`[data-record-id="${recordId}"]`)
      .count()
      .catch(() => 0);
    if (frame && shown) return frame;
    if (Date.now() > deadline) throw new Error(`No panel frame on ${page.url()} shows ${recordId}`);
    await page.waitForTimeout(25);
  }
}

/**
 * Console errors and uncaught exceptions of one tab: its page, the panel frame inside it, and what the
 * content script logs into it. The context-wide list cannot say which tool's page a problem came from.
 */
export function watchProblems(page: Page): BrowserProblem[] {
  const problems: BrowserProblem[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push({ source: message.location().url, text: message.text() });
  });
  page.on('pageerror', (error) => problems.push({ source: page.url(), text: String(error) }));
  return problems;
}

/** A record the panel frame showed, and when (the frame's Date.now()). */
export type ShownRecord = { at: number; id?: string; name?: string };

/** From now on, keeps every record the panel frame shows, with when it showed it; read them by shownRecords. */
export function keepShownRecords(frame: Frame): Promise<void> {
  return frame.evaluate(() => {
    const seen: { at: number; id?: string; name?: string }[] = [];
    Object.assign(window, { seen });
    new MutationObserver(() => {
      const root = document.querySelector<HTMLElement>('[data-record-id]');
      seen.push({ at: Date.now(), id: root?.dataset.recordId, name: root?.dataset.recordName });
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

export function shownRecords(frame: Frame): Promise<ShownRecord[]> {
  return frame.evaluate(() => (window as unknown as { seen: ShownRecord[] }).seen);
}
