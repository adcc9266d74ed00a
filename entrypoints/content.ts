import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { crmHostPatterns } from '@/lib/adapters/hosts';
import type { SlaSummaryValues } from '@/lib/handoff/live-sla-state';
import type {
  DetectedRecord,
  PanelEvictedMessage,
  PanelToggleMessage,
  RecordDetectedAnswer,
  RecordDetectedMessage,
  RecordSlaMessage,
} from '@/lib/messages';
import { afterPageLoad } from '@/lib/overlay/after-load';
import { type PanelHome, panelHomeKey, parsePanelHome } from '@/lib/overlay/panel-home';
import { noticeExtensionUpdates } from './content/extension-updates';
import { followRecord } from './content/follow-record';
import { ignoreForgedRestarts } from './content/forged-events';
import { createPanelHost, type PanelHost } from './content/panel-host';
import { loadPanelLayout } from './content/panel-layout-storage';

/** A page whose load event never comes (a hung request) gets the panel anyway after this long. */
const loadWaitMs = 3000;

/**
 * Detects the record, tells the background, and hosts the panel. It stays tiny (no Zod, no Dexie, no
 * UI framework) and never sees a packet: the panel frame gets its record from the background.
 */
export default defineContentScript({
  matches: crmHostPatterns,
  // Chromium runs a document_idle (or document_end) script in a task of its own that holds the page's load
  // event back, so the page's pending rendering work runs before its load instead of after: 4-8% on the
  // bench's heavy record page even for an empty script. At document_start the script runs synchronously
  // (about 2 ms) and then waits for the load like everything else of ours.
  runAt: 'document_start',
  // The page has no business hearing from us, not even WXT's start-up announcement.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    ignoreForgedRestarts(ctx);
    const storedLayout = loadPanelLayout();
    const storedHome = storedPanelHome();
    // Reading a heavy page, adding our element and laying the page out for it wait until the page has
    // loaded: nothing of ours holds the CRM's load event back (the panel frame would wait for it anyway).
    await afterPageLoad(
      {
        readyState: () => document.readyState,
        onParsed: (listener) => ctx.addEventListener(document, 'DOMContentLoaded', listener, { once: true }),
        onLoad: (listener) => ctx.addEventListener(window, 'load', listener, { once: true }),
        setTimeout: (handler, ms) => ctx.setTimeout(handler, ms),
      },
      loadWaitMs,
    );
    // Lets support (and the oldest e2e tests) see at a glance that Baton runs on a page.
    document.documentElement.dataset.batonActive = 'true';
    const panel = createPanelHost(ctx, storedLayout, () => {
      const evicted: PanelEvictedMessage = { type: 'panel:evicted' };
      if (!ctx.isInvalid) browser.runtime.sendMessage(evicted).catch(() => {});
    });
    const report = (record: DetectedRecord | null) =>
      tellBackground(ctx, record, (shortcut) => panel.announceShortcut(shortcut));
    // In the page unless the person chose the browser's side panel, which shows the record without us.
    // Read while the page loaded: by now it is there.
    let home: PanelHome = await storedHome;
    const place = (record: DetectedRecord | null) => {
      if (record && home === 'page') panel.show(record);
      else panel.hide();
    };
    const follower = followRecord(ctx, (record) => {
      place(record);
      report(record);
    });
    const onStorageChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local' || !(panelHomeKey in changes)) return;
      home = parsePanelHome(changes[panelHomeKey]?.newValue);
      place(follower.current());
    };
    browser.storage.onChanged.addListener(onStorageChanged);
    // Once the extension is gone (reloaded, updated), its APIs are too.
    ctx.onInvalidated(() => browser.storage?.onChanged.removeListener(onStorageChanged));
    // A page restored from the back-forward cache: the tab may have reported another record since.
    ctx.addEventListener(window, 'pageshow', (event: PageTransitionEvent) => {
      if (event.persisted) report(follower.current());
    });
    listenToBackground(ctx, panel);
    noticeExtensionUpdates(ctx);
  },
});

async function storedPanelHome(): Promise<PanelHome> {
  try {
    return parsePanelHome((await browser.storage.local.get(panelHomeKey))[panelHomeKey]);
  } catch {
    return 'page';
  }
}

/** Reports the record; the background answers with the key the panel toggle has now (people rebind it). */
function tellBackground(
  ctx: ContentScriptContext,
  record: DetectedRecord | null,
  onShortcut: (shortcut: string | null) => void,
): void {
  if (ctx.isInvalid) return;
  const message: RecordDetectedMessage = { type: 'record:detected', record };
  browser.runtime
    .sendMessage(message)
    .then((answer: unknown) => {
      const shortcut = (answer as Partial<RecordDetectedAnswer> | undefined)?.toggleShortcut;
      if (!ctx.isInvalid && (typeof shortcut === 'string' || shortcut === null)) onShortcut(shortcut);
    })
    .catch(() => {
      // The extension is reloading; its next content script reports the record again.
    });
}

/** The background asks to toggle the panel (the shortcut, the toolbar button) and says where its clocks stand. */
function listenToBackground(ctx: ContentScriptContext, panel: PanelHost): void {
  const onMessage = (message: unknown) => {
    const type = (message as Partial<PanelToggleMessage | RecordSlaMessage> | null)?.type;
    if (type === 'panel:toggle') panel.toggle();
    if (type === 'record:sla') panel.showSla(slaOf(message as RecordSlaMessage));
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
}

/** Checked by hand: the content script bundles no Zod. Anything unexpected shows no state. */
function slaOf({ sla }: RecordSlaMessage): SlaSummaryValues | null {
  const instant = (value: unknown) =>
    value === null || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
  if (typeof sla !== 'object' || sla === null) return null;
  const { slaState, dueSoonAt, nextDeadline } = sla;
  if (typeof slaState !== 'string' || !instant(dueSoonAt) || !instant(nextDeadline)) return null;
  return { slaState, dueSoonAt, nextDeadline };
}
