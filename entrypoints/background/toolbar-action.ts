import { togglePanelInTab } from './panel-toggle-command';
import type { SidePanels } from './side-panel';
import type { TabRecords } from './tab-records';

/**
 * The toolbar button: on a record's tab it shows or collapses the panel, as the keyboard shortcut does, or
 * opens the browser's side panel where the person prefers it or the page will not keep the panel;
 * anywhere else it opens the team view (a person's own queue, a manager's teams) in a tab, which points
 * someone not signed in to the options.
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
      else await browser.tabs.create({ url: teamPageUrl() });
    })();
  });
}

/**
 * The team page at the extension's own address. Chrome's runtime.getURL gives a web-accessible page listed
 * with use_dynamic_url its per-session address, which a tab opened on it fails to load.
 */
function teamPageUrl(): string {
  return new URL('team.html', browser.runtime.getURL('/')).href;
}
