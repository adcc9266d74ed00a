import type { Runtime, Tabs } from 'webextension-polyfill';
import type { PanelRecordMessage } from '@/lib/messages';
import { type PanelHome, panelHomeKey, parsePanelHome } from '@/lib/overlay/panel-home';
import { postToPanel } from './panel-connections';
import type { TabRecords } from './tab-records';

const evictedTitle = 'Baton: this page keeps removing the panel. Click to open it in the side panel.';

// Chrome's side panel and Firefox's sidebar, as far as we use them; absent where the browser has neither.
interface SidePanelApi {
  open(options: { windowId: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}
interface SidebarActionApi {
  open(): Promise<void>;
}

export interface SidePanels {
  /** A side panel page connected: it shows its window's active tab's record from now on. */
  connect(port: Runtime.Port, windowId: number): Promise<void>;
  /** A tab's record changed: the side panels of its window hear of it if it is the active tab. */
  recordChanged(tabId: number): Promise<void>;
  /** The page in this tab keeps removing the in-page panel: the toolbar button offers the side panel. */
  evicted(tabId: number): Promise<void>;
  /**
   * Whether the toolbar button opens the side panel for this tab rather than toggling the in-page panel.
   * Synchronous: a browser opens a side panel only within the click's own task.
   */
  preferredFor(tabId: number): boolean;
  /** Opens the side panel of the tab's window; call it within the click's task. */
  open(tab: Tabs.Tab): void;
  /** How many side panels are open. */
  count(): number;
}

/**
 * The browser's own side panel as a second home for the panel page: no page can remove it. It follows the
 * active tab of its window. A person may prefer it always (the options page), and a page that keeps
 * removing the in-page panel gets it offered on the toolbar button's badge.
 */
export function createSidePanels(tabRecords: TabRecords): SidePanels {
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: SidePanelApi } }).chrome?.sidePanel;
  const sidebarAction = (browser as unknown as { sidebarAction?: SidebarActionApi }).sidebarAction;
  const portsByWindow = new Map<number, Set<Runtime.Port>>();
  const activeTabByWindow = new Map<number, number>();
  const evictedTabs = new Set<number>();
  let home: PanelHome = 'page';

  const applyHome = (next: PanelHome) => {
    home = next;
    // Chrome opens its side panel from the toolbar button by itself: no worker has to be awake for it.
    chromeSidePanel?.setPanelBehavior({ openPanelOnActionClick: home === 'side' }).catch(() => {});
  };
  void browser.storage.local.get(panelHomeKey).then(
    (stored) => applyHome(parsePanelHome(stored[panelHomeKey])),
    () => {},
  );
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && panelHomeKey in changes)
      applyHome(parsePanelHome(changes[panelHomeKey]?.newValue));
  });

  const recordMessage = async (tabId: number | undefined): Promise<PanelRecordMessage> => ({
    type: 'panel:record',
    record: tabId === undefined ? null : await tabRecords.get(tabId),
  });
  const tellWindow = async (windowId: number) => {
    const ports = portsByWindow.get(windowId);
    if (!ports?.size) return;
    const message = await recordMessage(activeTabByWindow.get(windowId));
    for (const port of ports) postToPanel(port, message);
  };

  browser.tabs.onActivated.addListener(({ tabId, windowId }) => {
    activeTabByWindow.set(windowId, tabId);
    void tellWindow(windowId);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    evictedTabs.delete(tabId);
  });
  browser.windows?.onRemoved.addListener((windowId) => {
    activeTabByWindow.delete(windowId);
    portsByWindow.delete(windowId);
  });

  return {
    async connect(port, windowId) {
      const ports = portsByWindow.get(windowId) ?? new Set();
      ports.add(port);
      portsByWindow.set(windowId, ports);
      port.onDisconnect.addListener(() => ports.delete(port));
      const [active] = await browser.tabs.query({ active: true, windowId });
      if (active?.id !== undefined) activeTabByWindow.set(windowId, active.id);
      postToPanel(port, await recordMessage(activeTabByWindow.get(windowId)));
    },
    async recordChanged(tabId) {
      // A new page in the tab gets its own chance to keep the panel.
      if (evictedTabs.delete(tabId)) await showHint(tabId, false);
      for (const [windowId, activeTabId] of activeTabByWindow)
        if (activeTabId === tabId) await tellWindow(windowId);
    },
    async evicted(tabId) {
      evictedTabs.add(tabId);
      await showHint(tabId, true);
    },
    preferredFor: (tabId) => home === 'side' || evictedTabs.has(tabId),
    open(tab) {
      if (chromeSidePanel && tab.windowId !== undefined)
        chromeSidePanel.open({ windowId: tab.windowId }).catch((error: unknown) => {
          console.warn('Baton: could not open the side panel', error);
        });
      else
        sidebarAction
          ?.open()
          .catch((error: unknown) => console.warn('Baton: could not open the sidebar', error));
    },
    count() {
      let open = 0;
      for (const ports of portsByWindow.values()) open += ports.size;
      return open;
    },
  };
}

/** The hint on the toolbar button of one tab, in the place the in-page panel's collapsed tab would be. */
async function showHint(tabId: number, shown: boolean): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  // Null gives the tab the global badge and title back; the types do not know it.
  const reset = null as unknown as string;
  try {
    await action.setBadgeText({ tabId, text: shown ? '⇥' : reset });
    await action.setTitle({ tabId, title: shown ? evictedTitle : reset });
  } catch {
    // The tab closed meanwhile.
  }
}
