import { togglePanelInTab } from './panel-toggle-command';
import type { TabRecords } from './tab-records';

/**
 * The toolbar button: on a record's tab it shows or collapses the panel, as the keyboard shortcut does;
 * anywhere else it opens Baton's options (sign-in, account), where a first-time user starts.
 */
export function startToolbarAction(tabRecords: TabRecords): void {
  // Firefox's Manifest V2 build names the toolbar button browserAction.
  const action = browser.action ?? browser.browserAction;
  action.onClicked.addListener((tab) => {
    void (async () => {
      if (tab.id !== undefined && (await tabRecords.get(tab.id)) !== null)
        await togglePanelInTab(tabRecords, tab.id);
      else await browser.runtime.openOptionsPage();
    })();
  });
}
