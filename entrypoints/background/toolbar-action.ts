import { togglePanelInTab } from './panel-toggle-command';
import type { SidePanels } from './side-panel';
import type { TabRecords } from './tab-records';

/**
 * The toolbar button: on a record's tab it shows or collapses the panel, as the keyboard shortcut does, or
 * opens the browser's side panel where the person prefers it or the page will not keep the panel;
 * anywhere else it opens Baton's options (sign-in, account), where a first-time user starts.
 */
export function startToolbarAction(tabRecords: TabRecords, sidePanels: SidePanels): void {
  // Firefox's Manifest V2 build names the toolbar button browserAction.
  const action = browser.action ?? browser.browserAction;
  action.onClicked.addListener((tab) => {
    // Decided at once: the browser opens a side panel only within the click's own task.
    if (tab.id !== undefined && sidePanels.preferredFor(tab.id)) {
      sidePanels.open(tab);
      return;
    }
    void (async () => {
      if (tab.id !== undefined && (await tabRecords.get(tab.id)) !== null)
        await togglePanelInTab(tabRecords, tab.id);
      else await browser.runtime.openOptionsPage();
    })();
  });
}
