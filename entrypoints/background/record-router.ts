import type { Runtime } from 'webextension-polyfill';
import * as z from 'zod/mini';
import { detectRecord } from '@/lib/adapters';
import { sharedDatabase } from '@/lib/db/database';
import { recordKeyString } from '@/lib/handoff/record';
import {
  ContentScriptMessage,
  type DetectedRecord,
  PanelGetRecordMessage,
  type PanelRecordMessage,
  panelPortName,
  type RecordDetectedAnswer,
  sidePanelPortName,
  togglePanelCommand,
} from '@/lib/messages';
import { isExtensionPage } from './extension-pages';
import { type PanelConnections, postToPanel } from './panel-connections';
import type { RecordSla } from './record-sla';
import type { SidePanels } from './side-panel';
import type { TabRecords } from './tab-records';

/**
 * Content scripts report the record their tab shows; panels ask for their tab's record and are told
 * when it changes. Everything received is parsed first: a content script runs in the CRM's renderer.
 */
export function startRecordRouter(
  tabRecords: TabRecords,
  panels: PanelConnections,
  recordSla: RecordSla,
  sidePanels: SidePanels,
): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // The extension's own pages talk to the features that listen for them, not to this router.
    if (isExtensionPage(sender.url)) return;
    // Answering once the record is kept lets a sender wait for it; the answer names the toggle's key.
    return receiveFromContentScript(message, sender).catch((error: unknown) =>
      console.warn('Baton: could not keep the record of a tab', error),
    );
  });

  async function receiveFromContentScript(message: unknown, sender: Runtime.MessageSender) {
    const tabId = sender.tab?.id;
    // Our content script runs in top frames only, so only a top frame speaks for its tab.
    if (tabId === undefined || sender.frameId !== 0) {
      console.warn('Baton: ignored a message from outside a top frame', messageKind(message));
      return;
    }
    const parsed = z.safeParse(ContentScriptMessage, message);
    if (!parsed.success) {
      console.warn('Baton: ignored an invalid message from a content script', z.prettifyError(parsed.error));
      return;
    }
    if (parsed.data.type === 'panel:evicted') {
      await sidePanels.evicted(tabId);
      return;
    }
    if (!isOnSendersSite(parsed.data.record, sender.url)) {
      console.warn(
        'Baton: ignored an invalid message from a content script',
        'its record is not one its link names, or not on the sending page’s site',
      );
      return;
    }
    const { record } = parsed.data;
    if (await tabRecords.set(tabId, record)) {
      panels.post(tabId, await panelRecordMessage(tabRecords, tabId));
      await sidePanels.recordChanged(tabId);
    }
    if (record) {
      // Where the record was seen is where a notification about its packet opens it again.
      await sharedDatabase().recordUrls.put({
        key: recordKeyString(record),
        url: record.url,
        seenAt: new Date().toISOString(),
      });
      void recordSla.tellTab(tabId);
    }
    const answer: RecordDetectedAnswer = { toggleShortcut: await assignedToggleShortcut() };
    return answer;
  }

  browser.runtime.onConnect.addListener((port) => {
    if (port.name === sidePanelPortName) return connectSidePanel(port);
    const tabId = port.sender?.tab?.id;
    if (port.name !== panelPortName || tabId === undefined || !isExtensionPage(port.sender?.url)) {
      port.disconnect();
      return;
    }
    panels.add(tabId, port);
    port.onMessage.addListener((message: unknown) => {
      const parsed = z.safeParse(PanelGetRecordMessage, message);
      if (!parsed.success) {
        console.warn('Baton: ignored an invalid message from a panel', z.prettifyError(parsed.error));
        return;
      }
      void panelRecordMessage(tabRecords, tabId).then((answer) => postToPanel(port, answer));
    });
  });

  /** A side panel is in no tab: it names its window, and shows that window's active tab's record. */
  function connectSidePanel(port: Runtime.Port) {
    if (!isExtensionPage(port.sender?.url)) {
      port.disconnect();
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      const parsed = z.safeParse(PanelGetRecordMessage, message);
      if (!parsed.success || parsed.data.windowId === undefined) {
        console.warn('Baton: ignored an invalid message from a side panel');
        return;
      }
      void sidePanels.connect(port, parsed.data.windowId);
    });
  }

  browser.tabs.onRemoved.addListener((tabId) => {
    void tabRecords.forget(tabId);
  });
}

async function panelRecordMessage(tabRecords: TabRecords, tabId: number): Promise<PanelRecordMessage> {
  return { type: 'panel:record', record: await tabRecords.get(tabId) };
}

/**
 * Defence in depth against a compromised or confused sender: the record must be what the content script's
 * own adapters (the demo CRM's included) derive from its link alone, and that link must be on the sending
 * page's origin. Not the record the sender's URL names: Chromium fixes a content script's sender.url when
 * the script starts, and the report of an in-app navigation is sent before even the tab's URL changes, so
 * both name the previous record or none. An origin is all a URL can hold a renderer to anyway: it may
 * pushState to any URL of its origin. Name and context come from the page; null (no record) is always fine.
 */
function isOnSendersSite(record: DetectedRecord | null, senderUrl: string | undefined): boolean {
  if (record === null) return true;
  const derived = detectRecord(record.url);
  const location = ['system', 'instance', 'objectKind', 'nativeType', 'id', 'url'] as const;
  return (
    derived !== null &&
    location.every((field) => derived[field] === record[field]) &&
    senderUrl !== undefined &&
    URL.canParse(senderUrl) &&
    new URL(record.url).origin === new URL(senderUrl).origin
  );
}

// A log line names the kind of message, never what it carried.
function messageKind(message: unknown): string {
  return typeof message === 'object' && message !== null && 'type' in message
    ? String(message.type)
    : typeof message;
}

/** The key the browser assigned to the panel toggle: the suggested one, one the person chose, or none. */
async function assignedToggleShortcut(): Promise<string | null> {
  try {
    const commands = await browser.commands.getAll();
    return commands.find((command) => command.name === togglePanelCommand)?.shortcut || null;
  } catch {
    // A browser without keyboard commands (Firefox for Android): no key to announce.
    return null;
  }
}
