import type { Runtime } from 'webextension-polyfill';
import * as z from 'zod/mini';
import {
  PanelGetRecordMessage,
  type PanelRecordMessage,
  panelPortName,
  type RecordDetectedAnswer,
  RecordDetectedMessage,
  togglePanelCommand,
} from '@/lib/messages';
import { isExtensionPage } from './extension-pages';
import { type PanelConnections, postToPanel } from './panel-connections';
import type { TabRecords } from './tab-records';

/**
 * Content scripts report the record their tab shows; panels ask for their tab's record and are told
 * when it changes. Everything received is parsed first: a content script runs in the CRM's renderer.
 */
export function startRecordRouter(tabRecords: TabRecords, panels: PanelConnections): void {
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
    const parsed = z.safeParse(RecordDetectedMessage, message);
    if (!parsed.success) {
      console.warn('Baton: ignored an invalid message from a content script', z.prettifyError(parsed.error));
      return;
    }
    if (await tabRecords.set(tabId, parsed.data.record)) {
      panels.post(tabId, await panelRecordMessage(tabRecords, tabId));
    }
    const answer: RecordDetectedAnswer = { toggleShortcut: await assignedToggleShortcut() };
    return answer;
  }

  browser.runtime.onConnect.addListener((port) => {
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

  browser.tabs.onRemoved.addListener((tabId) => {
    void tabRecords.forget(tabId);
  });
}

async function panelRecordMessage(tabRecords: TabRecords, tabId: number): Promise<PanelRecordMessage> {
  return { type: 'panel:record', record: await tabRecords.get(tabId) };
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
