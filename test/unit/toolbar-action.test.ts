import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tabs } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import type { SidePanels } from '../../entrypoints/background/side-panel';
import type { TabRecords } from '../../entrypoints/background/tab-records';
import { startToolbarAction } from '../../entrypoints/background/toolbar-action';
import type { DetectedRecord } from '../../lib/messages';

const acme: DetectedRecord = {
  system: 'salesforce',
  instance: 'acme',
  objectKind: 'account',
  nativeType: 'Account',
  id: '001xx000003DGb2AAG',
  url: 'https://acme.lightning.force.com/lightning/r/Account/001xx000003DGb2AAG/view',
};

/** Tab 1 shows Acme's account; every other tab shows no record. */
const tabRecords: TabRecords = {
  get: async (tabId) => (tabId === 1 ? acme : null),
  set: async () => false,
  forget: async () => {},
  tabIds: async () => [1],
};

/** The side panel is preferred on tab 2 only (its page removes the in-page panel). */
const sidePanels: SidePanels = {
  connect: async () => {},
  recordChanged: async () => {},
  evicted: async () => {},
  preferredFor: (tabId) => tabId === 2,
  open: vi.fn(),
  count: () => 0,
};

describe('the toolbar button', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    vi.mocked(sidePanels.open).mockClear();
    fakeBrowser.reset();
    startToolbarAction(tabRecords, sidePanels);
  });

  it('opens the side panel, at once, on a tab where it is preferred', async () => {
    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    const tab = { id: 2, windowId: 5 } as Tabs.Tab;
    await fakeBrowser.action.onClicked.trigger(tab, { modifiers: [] });
    expect(sidePanels.open).toHaveBeenCalledWith(tab);
    expect(sent).not.toHaveBeenCalled();
  });

  it('opens the team view in a tab where no record is open', async () => {
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    const options = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage');
    await fakeBrowser.action.onClicked.trigger({ id: 7 } as Tabs.Tab, { modifiers: [] });
    await vi.waitFor(() => expect(created).toHaveBeenCalledOnce());
    expect(created).toHaveBeenCalledWith({ url: `${fakeBrowser.runtime.getURL('/')}team.html` });
    expect(options).not.toHaveBeenCalled();
  });

  it("shows or collapses the panel on a record's tab, and opens nothing", async () => {
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    await fakeBrowser.action.onClicked.trigger({ id: 1 } as Tabs.Tab, { modifiers: [] });
    await vi.waitFor(() => expect(sent).toHaveBeenCalledWith(1, { type: 'panel:toggle' }, { frameId: 0 }));
    expect(created).not.toHaveBeenCalled();
  });
});
