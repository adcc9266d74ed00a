import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { crmHostPatterns } from '@/lib/adapters/hosts';
import type { DetectedRecord, PanelToggleMessage, RecordDetectedMessage } from '@/lib/messages';
import { followRecord } from './content/follow-record';
import { createPanelHost, type PanelHost } from './content/panel-host';
import { loadPanelLayout } from './content/panel-layout-storage';

/**
 * Detects the record, tells the background, and hosts the panel. It stays tiny (no Zod, no Dexie, no
 * UI framework) and never sees a packet: the panel frame gets its record from the background.
 */
export default defineContentScript({
  matches: crmHostPatterns,
  runAt: 'document_idle',
  // The page has no business hearing from us, not even WXT's start-up announcement.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    // Lets support (and the oldest e2e tests) see at a glance that Baton runs on a page.
    document.documentElement.dataset.batonActive = 'true';
    const panel = createPanelHost(ctx, await loadPanelLayout());
    const follower = followRecord(ctx, (record) => {
      if (record) panel.show(record);
      else panel.hide();
      tellBackground(ctx, record);
    });
    // A page restored from the back-forward cache: the tab may have reported another record since.
    ctx.addEventListener(window, 'pageshow', (event: PageTransitionEvent) => {
      if (event.persisted) tellBackground(ctx, follower.current());
    });
    listenForToggle(ctx, panel);
  },
});

function tellBackground(ctx: ContentScriptContext, record: DetectedRecord | null): void {
  if (ctx.isInvalid) return;
  const message: RecordDetectedMessage = { type: 'record:detected', record };
  browser.runtime.sendMessage(message).catch(() => {
    // The extension is reloading; its next content script reports the record again.
  });
}

function listenForToggle(ctx: ContentScriptContext, panel: PanelHost): void {
  const onMessage = (message: unknown) => {
    if ((message as Partial<PanelToggleMessage> | null)?.type === 'panel:toggle') panel.toggle();
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
}
