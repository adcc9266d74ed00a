// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { followRecord } from '../../entrypoints/content/follow-record';
import { createPanelHost } from '../../entrypoints/content/panel-host';
import { detectRecord } from '../../lib/adapters';
import type { DetectedRecord } from '../../lib/messages';
import { defaultPanelLayout } from '../../lib/overlay/panel-layout';

// "Listeners and timers are tied to the content script's context": once WXT invalidates the context (the
// extension was updated or reloaded, or a newer copy of the script took over), the old copy must neither
// report records nor keep its panel on the page, whatever the page does afterwards.
//
// happy-dom serves the page at http://localhost:3000, which the demo adapter recognises (ports are ignored),
// so history.pushState moves between demo records. happy-dom has no Navigation API, so the code under test
// takes the path of older Firefox: it polls location.href with a ctx interval, as WXT's own watcher does.

/** What these tests use of happy-dom's own API on the window (not in the DOM typings). */
const happyDOM = (
  window as unknown as {
    happyDOM: {
      setViewport(viewport: { width: number; height: number }): void;
      settings: { enableIframePageLoading: boolean };
    };
  }
).happyDOM;

const pollMs = 150;
const renderWindowMs = 8000;
const wideViewport = { width: 1024, height: 768 };

/** A demo CRM record page: the URL names the record, the page shows its name. */
function openRecordPage(path: string, name: string): void {
  history.pushState(null, '', path);
  document.body.innerHTML = `<dl data-field="name"><dt>Name</dt><dd>${name}</dd></dl>`;
}

/** What the CRM does when the user renames the record in place. */
function renameOnPage(name: string): void {
  const field = document.querySelector('[data-field="name"] dd');
  if (!field) throw new Error('no name field on the page');
  field.textContent = name;
}

function demoRecord(path: string): DetectedRecord {
  const record = detectRecord(new URL(path, location.origin));
  if (!record) throw new Error(`the demo adapter does not recognise ${path}`);
  return record;
}

/**
 * The type WXT gives its location event carries the extension id and entrypoint name, so it is read off
 * the listener followRecord adds rather than rebuilt here.
 */
function locationEventType(addEventListener: { mock: { calls: unknown[][] } }): string {
  const type = addEventListener.mock.calls
    .map(([name]) => name)
    .find((name): name is string => typeof name === 'string' && name.endsWith('wxt:locationchange'));
  if (!type) throw new Error('followRecord listens for no WXT location change');
  return type;
}

/** The event WXT's location watcher dispatches: what followRecord trusts, a real URL included. */
function announceLocation(type: string, path: string): void {
  window.dispatchEvent(Object.assign(new Event(type), { newUrl: new URL(path, location.origin) }));
}

/**
 * The MutationObservers observing something now: an observer counts from its observe() until its
 * disconnect(). A leaked observer would not always show otherwise: its callback is cheap, and the reads it
 * asks for run on timers that check the context.
 */
function trackObservers(): ReadonlySet<MutationObserver> {
  const observing = new Set<MutationObserver>();
  const { observe, disconnect } = MutationObserver.prototype;
  vi.spyOn(MutationObserver.prototype, 'observe').mockImplementation(function (
    this: MutationObserver,
    ...args
  ) {
    observing.add(this);
    observe.apply(this, args);
  });
  vi.spyOn(MutationObserver.prototype, 'disconnect').mockImplementation(function (this: MutationObserver) {
    observing.delete(this);
    disconnect.call(this);
  });
  return observing;
}

const contexts: ContentScriptContext[] = [];
function startContext(): ContentScriptContext {
  const ctx = new ContentScriptContext('content');
  contexts.push(ctx);
  return ctx;
}

/** Follows the record on /demo/accounts/acme until its name is read, as the content script starts. */
async function followAcme() {
  openRecordPage('/demo/accounts/acme', 'Acme Ltd');
  const listen = vi.spyOn(window, 'addEventListener');
  const ctx = startContext();
  const onRecord = vi.fn<(record: DetectedRecord | null) => void>();
  followRecord(ctx, onRecord);
  // The record from the URL at once, then its name in a task of ours.
  await vi.advanceTimersByTimeAsync(0);
  expect(onRecord).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'acme', name: 'Acme Ltd' }));
  return { ctx, onRecord, locationEvent: locationEventType(listen) };
}

beforeEach(() => {
  vi.useFakeTimers();
  // happy-dom cannot load the panel's extension page into its frame (and logs an error for each frame
  // it is not allowed to load): the frame gets an empty page instead.
  vi.spyOn(fakeBrowser.runtime, 'getURL').mockReturnValue('about:blank');
  happyDOM.settings.enableIframePageLoading = true;
});

afterEach(() => {
  for (const ctx of contexts.splice(0)) ctx.abort('test over');
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const element of document.querySelectorAll('baton-panel')) element.remove();
  document.body.innerHTML = '';
  history.replaceState(null, '', '/');
  happyDOM.setViewport(wideViewport);
  happyDOM.settings.enableIframePageLoading = false;
  fakeBrowser.reset();
});

describe('followRecord while its context lives (the control: these are what must stop)', () => {
  it('reports a rename on the page, a new URL and WXT’s location event', async () => {
    const { onRecord, locationEvent } = await followAcme();

    renameOnPage('Acme Group');
    await vi.advanceTimersByTimeAsync(pollMs);
    expect(onRecord).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'acme', name: 'Acme Group' }));

    openRecordPage('/demo/accounts/globex', 'Globex');
    await vi.advanceTimersByTimeAsync(pollMs);
    expect(onRecord).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'globex' }));

    announceLocation(locationEvent, '/demo/opportunities/deal-7');
    expect(onRecord).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'deal-7' }));
    expect(vi.getTimerCount()).toBeGreaterThan(0);
  });
});

describe('followRecord on a tab open all day', () => {
  /** Listeners on the context's abort signal now: what invalidation will call, and what stays in memory until then. */
  function countInvalidationListeners(): () => number {
    let listening = 0;
    // Where an AbortSignal's methods come from here (Node's or happy-dom's, whichever WXT's controller makes).
    let owner: object = new AbortController().signal;
    while (!Object.hasOwn(owner, 'addEventListener')) owner = Object.getPrototypeOf(owner);
    const target = owner as EventTarget;
    const { addEventListener, removeEventListener } = target;
    vi.spyOn(target, 'addEventListener').mockImplementation(function (this: EventTarget, ...args) {
      if (args[0] === 'abort') listening++;
      addEventListener.apply(this, args);
    });
    vi.spyOn(target, 'removeEventListener').mockImplementation(function (this: EventTarget, ...args) {
      if (args[0] === 'abort') listening--;
      removeEventListener.apply(this, args);
    });
    return () => listening;
  }

  /** Records opened one after another, each renamed on the page while it is read. */
  async function browseRecords(from: number, to: number): Promise<void> {
    for (let index = from; index < to; index++) {
      openRecordPage(`/demo/accounts/record-${index}`, `Record ${index}`);
      await vi.advanceTimersByTimeAsync(pollMs * 2);
      renameOnPage(`Record ${index} (renamed)`);
      await vi.advanceTimersByTimeAsync(pollMs * 4);
    }
  }

  it('keeps no listener per timer it has set: however many reads and navigations, the count stays put', async () => {
    const listening = countInvalidationListeners();
    const { onRecord } = await followAcme();
    await browseRecords(0, 10);
    const afterTen = listening();

    await browseRecords(10, 40);

    expect(onRecord).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: 'record-39', name: 'Record 39 (renamed)' }),
    );
    expect(listening()).toBe(afterTen);
    expect(afterTen).toBeLessThan(10);
  });
});

describe('followRecord once its context is invalidated', () => {
  const invalidations: Array<[string, (ctx: ContentScriptContext) => Promise<void>]> = [
    // What WXT calls when it finds the extension gone or a newer copy of the script started.
    [
      'by WXT (notifyInvalidated)',
      async (ctx) => {
        ctx.notifyInvalidated();
      },
    ],
    // An extension update or reload takes the runtime id away; WXT's timer wrappers notice it at their next
    // tick, and the URL poll ticks every 150 ms.
    [
      'by an extension update, noticed at the next tick',
      async (ctx) => {
        const { id } = fakeBrowser.runtime;
        try {
          (fakeBrowser.runtime as { id?: string }).id = undefined;
          await vi.advanceTimersByTimeAsync(pollMs);
        } finally {
          (fakeBrowser.runtime as { id?: string }).id = id;
        }
        expect(ctx.isValid).toBe(false);
      },
    ],
  ];

  it.each(invalidations)(
    'stops every report, timer and observer when invalidated %s',
    async (_, invalidate) => {
      const observing = trackObservers();
      const { ctx, onRecord, locationEvent } = await followAcme();
      // Invalidated inside the render window, when the most is live: the page observed, a read pending, the
      // window's end, and the URL polls (ours every 150 ms, WXT's every second).
      expect(observing.size).toBe(1);
      expect(vi.getTimerCount()).toBeGreaterThanOrEqual(3);
      const reports = onRecord.mock.calls.length;

      await invalidate(ctx);
      expect(observing.size).toBe(0);
      expect(vi.getTimerCount()).toBe(0);

      // Still inside the render window, where a live follower reads the renamed record (the control). A timer
      // made after invalidation would be one WXT no longer clears.
      renameOnPage('Acme Group');
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(renderWindowMs);
      openRecordPage('/demo/accounts/globex', 'Globex');
      await vi.advanceTimersByTimeAsync(pollMs * 10);
      announceLocation(locationEvent, '/demo/opportunities/deal-7');
      await vi.advanceTimersByTimeAsync(renderWindowMs);

      expect(onRecord).toHaveBeenCalledTimes(reports);
      expect(vi.getTimerCount()).toBe(0);
    },
  );
});

describe('the panel host', () => {
  const acme = () => demoRecord('/demo/accounts/acme');
  const panelOnPage = () => document.querySelector('baton-panel');
  /** The host's width is the one thing a render changes that a test sees from outside its closed shadow root. */
  const hostWidth = (host: Element) => (host as HTMLElement).style.getPropertyValue('width');

  /** Shows the panel beside the record, with the layout read from storage, as the content script does. */
  async function showPanel(onEvicted = () => {}) {
    const ctx = startContext();
    const panel = createPanelHost(ctx, Promise.resolve(defaultPanelLayout), onEvicted);
    panel.show(acme());
    await vi.advanceTimersByTimeAsync(0);
    const host = panelOnPage();
    if (!host) throw new Error('no <baton-panel> on the page');
    expect(hostWidth(host)).toBe(`${defaultPanelLayout.width}px`);
    return { ctx, host };
  }

  /** A page that takes our element out again and again (some CRMs re-render <html>'s children). */
  async function keepRemoving(host: Element, times: number) {
    for (let removal = 0; removal < times; removal += 1) {
      host.remove();
      // The reinsertion observer answers in a microtask.
      await vi.advanceTimersByTimeAsync(0);
    }
  }

  it('while its context lives, comes back when the page removes it and follows the window’s width', async () => {
    const { host } = await showPanel();

    await keepRemoving(host, 1);
    expect(panelOnPage()).toBe(host);

    // 80 % of a 400 px window.
    happyDOM.setViewport({ width: 400, height: 768 });
    expect(hostWidth(host)).toBe('320px');
  });

  it('is removed when its context is invalidated, and neither comes back nor renders again', async () => {
    const observing = trackObservers();
    const { ctx, host } = await showPanel();
    expect(observing.size).toBe(1);

    ctx.notifyInvalidated();
    expect(panelOnPage()).toBeNull();
    expect(observing.size).toBe(0);

    // The page changes the children of <html> as it did in the control: the reinsertion observer is gone.
    document.documentElement.append(document.createElement('div'));
    openRecordPage('/demo/accounts/globex', 'Globex');
    await vi.advanceTimersByTimeAsync(1000);
    expect(panelOnPage()).toBeNull();
    expect(host.isConnected).toBe(false);

    // The resize listener is gone too.
    happyDOM.setViewport({ width: 400, height: 768 });
    expect(hostWidth(host)).toBe(`${defaultPanelLayout.width}px`);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops the delayed reinsertion a page that keeps removing the panel made it wait for', async () => {
    const { ctx, host } = await showPanel();
    // Ten reinsertions a second at most; the eleventh waits for a timer.
    await keepRemoving(host, 11);
    expect(panelOnPage()).toBeNull();
    expect(vi.getTimerCount()).toBe(1);

    ctx.notifyInvalidated();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(panelOnPage()).toBeNull();
  });

  it("shows the record's SLA state on the collapsed tab in words and colour, turning by itself, with no timer left after invalidation", async () => {
    // The tab lives in a closed shadow root: keep the root the host attaches.
    const roots: ShadowRoot[] = [];
    const attach = Element.prototype.attachShadow;
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init) {
      const root = attach.call(this, init);
      roots.push(root);
      return root;
    });
    const ctx = startContext();
    const panel = createPanelHost(ctx, Promise.resolve({ ...defaultPanelLayout, collapsed: true }), () => {});
    panel.show(acme());
    await vi.advanceTimersByTimeAsync(0);
    const tab = () =>
      [...(roots[0]?.querySelectorAll('button') ?? [])].find((button) =>
        button.getAttribute('aria-label')?.startsWith('Show the Baton panel'),
      );
    const look = () => ({
      text: tab()?.textContent,
      label: tab()?.getAttribute('aria-label'),
      colour: tab()?.style.getPropertyValue('background'),
    });
    expect(look().text).toBe('Baton');

    const now = Date.now();
    panel.showSla({
      slaState: 'on_track',
      dueSoonAt: new Date(now + 60_000).toISOString(),
      nextDeadline: new Date(now + 120_000).toISOString(),
    });
    expect(look()).toEqual({
      text: 'Baton · On track',
      label: expect.stringMatching(/^Show the Baton panel .*\(SLA: on track\)$/),
      colour: expect.stringMatching(/^(#2e7d32|rgb\(46, 125, 50\))$/),
    });
    await vi.advanceTimersByTimeAsync(60_100);
    expect(look().text).toBe('Baton · Due soon');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(look().text).toBe('Baton · Breached');
    expect(vi.getTimerCount()).toBe(0);

    panel.showSla({
      slaState: 'on_track',
      dueSoonAt: null,
      nextDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(look().text).toBe('Baton · On track');
    // A deadline a month away is looked at again within a day: timers overflow past 24.8 days.
    expect(vi.getTimerCount()).toBe(1);
    ctx.notifyInvalidated();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says once that the page will not keep the panel, after three seconds of taking it out at once', async () => {
    const evicted = vi.fn();
    const { host } = await showPanel(evicted);
    for (let second = 1; second <= 4; second += 1) {
      await keepRemoving(host, 11);
      expect(evicted).toHaveBeenCalledTimes(second >= 3 ? 1 : 0);
      await vi.advanceTimersByTimeAsync(1000);
    }

    // A page that removed it a few times and then let it be is not one of those.
    const calm = vi.fn();
    document.querySelector('baton-panel')?.remove();
    const other = await showPanel(calm);
    await keepRemoving(other.host, 5);
    await vi.advanceTimersByTimeAsync(5000);
    await keepRemoving(other.host, 5);
    expect(calm).not.toHaveBeenCalled();
  });

  it('(control) without invalidation, that delayed reinsertion does bring the panel back', async () => {
    const { host } = await showPanel();
    await keepRemoving(host, 11);
    expect(panelOnPage()).toBeNull();

    // Two seconds, not one: with fake (punctual) timers the re-check lands exactly 1000 ms after the burst,
    // which still counts it, so the host waits one more second.
    await vi.advanceTimersByTimeAsync(2000);
    expect(panelOnPage()).toBe(host);
  });
});
