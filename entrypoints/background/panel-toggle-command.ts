import { type PanelToggleMessage, togglePanelCommand } from '@/lib/messages';
import type { TabRecords } from './tab-records';

/** The keyboard shortcut (Alt+Shift+H unless the user changed it) shows or collapses the tab's panel. */
export function startPanelToggleCommand(tabRecords: TabRecords): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== togglePanelCommand || tab?.id === undefined) return;
    void togglePanelInTab(tabRecords, tab.id);
  });
}

export async function togglePanelInTab(tabRecords: TabRecords, tabId: number): Promise<void> {
  // A tab that shows no record has no panel, and maybe no content script to ask.
  if ((await tabRecords.get(tabId)) === null) return;
  const message: PanelToggleMessage = { type: 'panel:toggle' };
  try {
    await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
  } catch {
    // The tab left the CRM since it last reported a record: there is nothing to toggle.
  }
}
