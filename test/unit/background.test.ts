import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime, Tabs } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { createPanelConnections } from '../../entrypoints/background/panel-connections';
import { startPanelToggleCommand } from '../../entrypoints/background/panel-toggle-command';
import { startRecordRouter } from '../../entrypoints/background/record-router';
import { createRecordSla } from '../../entrypoints/background/record-sla';
import { createSidePanels } from '../../entrypoints/background/side-panel';
import { createTabRecords, type TabRecords } from '../../entrypoints/background/tab-records';
import type { DetectedRecord, PanelRecordMessage } from '../../lib/messages';

const acme: DetectedRecord = {
  system: 'salesforce',
  instance: 'acme',
  objectKind: 'account',
  nativeType: 'Account',
  id: '001xx000003DGb2AAG',
  url: 'https://acme.lightning.force.com/lightning/r/Account/001xx000003DGb2AAG/view',
  name: 'Acme Corp',
  context: { owner: 'Dana Whitfield' },
};
const globex: DetectedRecord = {
  ...acme,
  id: '001xx000003DGb3AAG',
  name: 'Globex',
  url: 'https://acme.lightning.force.com/lightning/r/Account/001xx000003DGb3AAG/view',
};
const acmeListUrl = 'https://acme.lightning.force.com/lightning/o/Account/list';

const panelUrl = 'chrome-extension://dynamic-id/panel.html';

/**
 * What a content script in the top frame of `tabId` looks like to the background; `url` is the one its
 * page loaded with, which the browser keeps giving after in-app navigation.
 */
function contentScript(tabId: number, frameId = 0, url = acme.url): Runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, tab: { id: tabId } as Tabs.Tab, frameId, url };
}

type Listener<Args extends unknown[]> = (...args: Args) => void;

/** The parts of a runtime event the code under test uses, with a way to fire it. */
function fakeEvent<Args extends unknown[]>() {
  const listeners = new Set<Listener<Args>>();
  return {
    addListener: (listener: Listener<Args>) => void listeners.add(listener),
    removeListener: (listener: Listener<Args>) => void listeners.delete(listener),
    fire: (...args: Args) => {
      for (const listener of listeners) listener(...args);
    },
  };
}

function fakePanelPort(tabId: number | undefined, url = panelUrl) {
  const onMessage = fakeEvent<[unknown]>();
  const onDisconnect = fakeEvent<[]>();
  const port = {
    // A side panel is in no tab.
    name: tabId === undefined ? 'baton-side-panel' : 'baton-panel',
    sender: {
      id: fakeBrowser.runtime.id,
      ...(tabId === undefined ? {} : { tab: { id: tabId } }),
      frameId: 7,
      url,
    },
    postMessage: vi.fn<(message: PanelRecordMessage) => void>(),
    disconnect: vi.fn(),
    onMessage,
    onDisconnect,
  };
  return port;
}

/** Lets the router's promise chains run to their end. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the background', () => {
  let tabRecords: TabRecords;
  let connectPanel: (port: unknown) => void;
  let runCommand: (command: string, tab?: Tabs.Tab) => void;
  let warn: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    fakeBrowser.reset();
    // The fake browser leaves ports and commands to the test.
    vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation((listener) => {
      connectPanel = listener as (port: unknown) => void;
    });
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation((listener) => {
      runCommand = listener;
    });
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    tabRecords = createTabRecords();
    startRecordRouter(
      tabRecords,
      createPanelConnections(),
      createRecordSla(tabRecords),
      createSidePanels(tabRecords),
    );
    startPanelToggleCommand(tabRecords);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function report(record: DetectedRecord | null, sender = contentScript(1)) {
    await fakeBrowser.runtime.onMessage.trigger({ type: 'record:detected', record }, sender);
  }

  function openPanel(tabId: number, url = panelUrl) {
    const port = fakePanelPort(tabId, url);
    connectPanel(port);
    return port;
  }

  async function askForRecord(port: ReturnType<typeof openPanel>) {
    port.onMessage.fire({ type: 'panel:get-record' });
    await settle();
    return port.postMessage.mock.lastCall?.[0];
  }

  describe('the side panel', () => {
    /** The browser's side panel of window 9, whose active tab is `activeTabId`. */
    async function openSidePanel(activeTabId: number) {
      vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: activeTabId } as Tabs.Tab]);
      const port = fakePanelPort(undefined, 'chrome-extension://dynamic-id/sidepanel.html');
      connectPanel(port);
      port.onMessage.fire({ type: 'panel:get-record', windowId: 9 });
      await settle();
      return port;
    }
    const shownRecords = (port: ReturnType<typeof fakePanelPort>) =>
      port.postMessage.mock.calls.map(([message]) => message.record?.name ?? null);

    it("shows the window's active tab's record, and follows the person to another tab and record", async () => {
      await report(acme, contentScript(1));
      await report(globex, contentScript(2, 0, globex.url));
      const side = await openSidePanel(1);

      await fakeBrowser.tabs.onActivated.trigger({ tabId: 2, windowId: 9 });
      await settle();
      await fakeBrowser.tabs.onActivated.trigger({ tabId: 3, windowId: 9 });
      await settle();
      // A record that changes in a tab in the background is not shown; in the active tab, it is.
      await report(acme, contentScript(2, 0, globex.url));
      await report(globex, contentScript(3, 0, globex.url));

      expect(shownRecords(side)).toEqual(['Acme Corp', 'Globex', null, 'Globex']);
    });

    it('ignores a side panel that names no window, and a port from outside the extension', async () => {
      const nameless = fakePanelPort(undefined, 'chrome-extension://dynamic-id/sidepanel.html');
      connectPanel(nameless);
      nameless.onMessage.fire({ type: 'panel:get-record' });
      await settle();
      const outsider = fakePanelPort(undefined, 'https://evil.example/');
      connectPanel(outsider);

      expect(nameless.postMessage).not.toHaveBeenCalled();
      expect(outsider.disconnect).toHaveBeenCalled();
    });

    it('puts a hint on the toolbar button of a tab whose page keeps removing the panel, until it shows another page', async () => {
      const badge = vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue();
      vi.spyOn(fakeBrowser.action, 'setTitle').mockResolvedValue();
      await report(acme, contentScript(1));

      await fakeBrowser.runtime.onMessage.trigger({ type: 'panel:evicted' }, contentScript(1));
      expect(badge).toHaveBeenLastCalledWith({ tabId: 1, text: '⇥' });

      await report(globex, contentScript(1, 0, globex.url));
      expect(badge).toHaveBeenLastCalledWith({ tabId: 1, text: null });
    });
  });

  describe('routing records', () => {
    it("answers a panel with the record its tab's content script reported", async () => {
      await report(acme, contentScript(1));

      expect(await askForRecord(openPanel(1))).toEqual({ type: 'panel:record', record: acme });
    });

    it('answers a content script with the key the browser assigned to the panel toggle, or none', async () => {
      const assigned = vi.spyOn(fakeBrowser.commands, 'getAll');
      const answer = async () =>
        (
          await fakeBrowser.runtime.onMessage.trigger(
            { type: 'record:detected', record: acme },
            contentScript(1),
          )
        ).find((reply) => reply !== undefined);

      assigned.mockResolvedValue([{ name: 'toggle-panel', shortcut: 'Ctrl+Shift+Y' }]);
      expect(await answer()).toEqual({ toggleShortcut: 'Ctrl+Shift+Y' });
      // Chrome leaves a suggested key that clashes with one of its own unassigned: an empty shortcut.
      assigned.mockResolvedValue([{ name: 'toggle-panel', shortcut: '' }]);
      expect(await answer()).toEqual({ toggleShortcut: null });
    });

    it('keeps one record per tab', async () => {
      await report(acme, contentScript(1));
      await report(globex, contentScript(2, 0, globex.url));

      expect(await askForRecord(openPanel(1))).toEqual({ type: 'panel:record', record: acme });
      expect(await askForRecord(openPanel(2))).toEqual({ type: 'panel:record', record: globex });
      expect(await askForRecord(openPanel(3))).toEqual({ type: 'panel:record', record: null });
    });

    it("pushes a change to the tab's open panels only, and only when the record changed", async () => {
      const first = openPanel(1);
      const second = openPanel(1);
      const otherTab = openPanel(2);

      await report(acme, contentScript(1));
      await report(acme, contentScript(1));
      await report(globex, contentScript(1));

      for (const port of [first, second]) {
        expect(port.postMessage.mock.calls.map(([message]) => message.record?.name)).toEqual([
          'Acme Corp',
          'Globex',
        ]);
      }
      expect(otherTab.postMessage).not.toHaveBeenCalled();
    });

    it('forgets the record when the tab leaves it', async () => {
      const panel = openPanel(1);
      await report(acme);
      await report(null);

      expect(panel.postMessage.mock.lastCall?.[0]).toEqual({ type: 'panel:record', record: null });
      expect(await tabRecords.get(1)).toBeNull();
    });

    it('stops pushing to a panel that went away', async () => {
      const panel = openPanel(1);
      panel.onDisconnect.fire();
      await report(acme);

      expect(panel.postMessage).not.toHaveBeenCalled();
    });

    it('forgets a closed tab, in memory and in session storage', async () => {
      await report(acme, contentScript(1));
      await report(globex, contentScript(2, 0, globex.url));
      await fakeBrowser.tabs.onRemoved.trigger(1, { windowId: 1, isWindowClosing: false });
      await settle();

      expect(await tabRecords.get(1)).toBeNull();
      expect(await createTabRecords().get(1)).toBeNull();
      expect(await tabRecords.get(2)).toEqual(globex);
    });

    it('still knows every tab’s record after the service worker restarts', async () => {
      await report(acme, contentScript(1));
      await report(globex, contentScript(2, 0, globex.url));

      const restarted = createTabRecords();
      expect(await restarted.get(1)).toEqual(acme);
      expect(await restarted.get(2)).toEqual(globex);
    });

    it('drops anything in session storage that is not a valid record', async () => {
      await fakeBrowser.storage.session.set({ 'tabRecord:4': { ...acme, objectKind: 'planet' }, other: 1 });

      expect(await createTabRecords().get(4)).toBeNull();
    });
  });

  describe('validating what content scripts send', () => {
    const invalidMessages: [string, unknown][] = [
      ['a string', 'record:detected'],
      ['null', null],
      ['an unknown type', { type: 'panel:record', record: acme }],
      ['no record at all', { type: 'record:detected' }],
      ['an unknown system', { type: 'record:detected', record: { ...acme, system: 'dynamics' } }],
      ['an unknown object kind', { type: 'record:detected', record: { ...acme, objectKind: 'planet' } }],
      ['an empty id', { type: 'record:detected', record: { ...acme, id: '' } }],
      ['an oversized name', { type: 'record:detected', record: { ...acme, name: 'x'.repeat(501) } }],
      ['a script URL', { type: 'record:detected', record: { ...acme, url: 'javascript:alert(1)' } }],
      [
        'an amount that is not a number',
        { type: 'record:detected', record: { ...acme, context: { amount: '9' } } },
      ],
      [
        'a close date that is not a date',
        { type: 'record:detected', record: { ...acme, context: { closeDate: 'soon' } } },
      ],
    ];

    it.each(invalidMessages)('ignores and logs a message with %s', async (_, message) => {
      await report(acme);
      const panel = openPanel(1);

      await fakeBrowser.runtime.onMessage.trigger(message, contentScript(1));

      expect(await tabRecords.get(1)).toEqual(acme);
      expect(panel.postMessage).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledWith(
        'Baton: ignored an invalid message from a content script',
        expect.any(String),
      );
    });

    describe('checking the record against the page that reports it', () => {
      const ignoredAsInvalid = [
        'Baton: ignored an invalid message from a content script',
        expect.stringContaining('not one its link names'),
      ];

      /** Reports `record` from `sender`, with an open panel on tab 1 that already shows acme. */
      async function reportOverAcme(record: DetectedRecord | null, sender: Runtime.MessageSender) {
        await report(acme);
        const panel = openPanel(1);
        const replies = await fakeBrowser.runtime.onMessage.trigger(
          { type: 'record:detected', record },
          sender,
        );
        return { panel, answer: replies.find((reply) => reply !== undefined) };
      }

      it('accepts a record its page names, keeping the name and context read from the page', async () => {
        const { panel, answer } = await reportOverAcme(globex, contentScript(1, 0, globex.url));

        expect(await tabRecords.get(1)).toEqual(globex);
        expect(panel.postMessage).toHaveBeenCalledWith({ type: 'panel:record', record: globex });
        expect(answer).toEqual({ toggleShortcut: null });
      });

      it('accepts the record a page shows after in-app navigation, though its sender URL is the old one', async () => {
        await reportOverAcme(globex, contentScript(1, 0, acme.url));
        expect(await tabRecords.get(1)).toEqual(globex);

        // From a list view the CRM loaded first: that URL names no record.
        await report(acme, contentScript(1, 0, acmeListUrl));
        expect(await tabRecords.get(1)).toEqual(acme);
      });

      it("accepts the demo CRM's records from the demo CRM, as development builds show them", async () => {
        const demoUrl = 'http://localhost:5173/demo/opportunities/opp-42';
        const demoRecord: DetectedRecord = {
          system: 'demo',
          instance: 'localhost',
          objectKind: 'opportunity',
          nativeType: 'opportunity',
          id: 'opp-42',
          url: demoUrl,
          name: 'Expansion',
        };
        await reportOverAcme(demoRecord, contentScript(1, 0, demoUrl));

        expect(await tabRecords.get(1)).toEqual(demoRecord);
      });

      it.each<[string, DetectedRecord]>([
        ['an id other than its link names', { ...acme, id: globex.id }],
        ['an instance other than its link names', { ...acme, instance: 'globex' }],
        ['an object kind other than its link names', { ...acme, objectKind: 'opportunity' }],
        ['a system other than its link names', { ...acme, system: 'hubspot' }],
        ['a link that names no record', { ...acme, url: acmeListUrl }],
        [
          'a link on another site',
          {
            ...acme,
            instance: 'initech',
            url: 'https://initech.lightning.force.com/lightning/r/Account/001xx000003DGb2AAG/view',
          },
        ],
      ])('ignores a record with %s, as it ignores an invalid message', async (_, record) => {
        const { panel, answer } = await reportOverAcme(record, contentScript(1));

        expect(await tabRecords.get(1)).toEqual(acme);
        expect(await createTabRecords().get(1)).toEqual(acme);
        expect(panel.postMessage).not.toHaveBeenCalled();
        expect(answer).toBeUndefined();
        expect(warn).toHaveBeenCalledWith(...ignoredAsInvalid);
      });

      it.each([
        ['a page no adapter knows', 'https://example.com/lightning/r/Account/001xx000003DGb2AAG/view'],
        ['a page of another tool', 'https://app.hubspot.com/contacts/123/record/0-2/456'],
        ['a sender without a URL', undefined],
      ])('ignores a record reported from %s', async (_, url) => {
        const { panel, answer } = await reportOverAcme(globex, { ...contentScript(1), url });

        expect(await tabRecords.get(1)).toEqual(acme);
        expect(panel.postMessage).not.toHaveBeenCalled();
        expect(answer).toBeUndefined();
        expect(warn).toHaveBeenCalledWith(...ignoredAsInvalid);
      });

      it.each([
        ['its record page', acme.url],
        ['a list view', acmeListUrl],
        ['a page no adapter knows', 'https://example.com/'],
      ])('accepts null, the tab leaving its record, from %s', async (_, url) => {
        const { panel } = await reportOverAcme(null, contentScript(1, 0, url));

        expect(await tabRecords.get(1)).toBeNull();
        expect(panel.postMessage).toHaveBeenCalledWith({ type: 'panel:record', record: null });
        expect(warn).not.toHaveBeenCalled();
      });
    });

    it('listens to top frames only', async () => {
      await report(acme, contentScript(1, 3));

      expect(await tabRecords.get(1)).toBeNull();
      expect(warn).toHaveBeenCalledWith(
        'Baton: ignored a message from outside a top frame',
        'record:detected',
      );
    });

    it("leaves the extension's own pages to the features that listen to them", async () => {
      const fromPanel = { ...contentScript(1, 7), url: panelUrl };
      await report(acme, fromPanel);

      expect(await tabRecords.get(1)).toBeNull();
      expect(warn).not.toHaveBeenCalled();
    });
  });

  describe('panel connections', () => {
    it('refuses a port opened from the page rather than from the panel page', () => {
      const port = openPanel(1, acme.url);

      expect(port.disconnect).toHaveBeenCalled();
    });

    it('ignores and logs an invalid message from a panel', async () => {
      await report(acme);
      const panel = openPanel(1);

      panel.onMessage.fire({ type: 'record:detected', record: globex });
      await settle();

      expect(panel.postMessage).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledWith('Baton: ignored an invalid message from a panel', expect.any(String));
      expect(await tabRecords.get(1)).toEqual(acme);
    });
  });

  describe('the keyboard command', () => {
    it('asks the content script of a tab that shows a record to toggle its panel', async () => {
      const sendMessage = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
      await report(acme, contentScript(5));

      runCommand('toggle-panel', { id: 5 } as Tabs.Tab);
      await settle();

      expect(sendMessage).toHaveBeenCalledWith(5, { type: 'panel:toggle' }, { frameId: 0 });
    });

    it('leaves tabs without a record, and other commands, alone', async () => {
      const sendMessage = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
      await report(acme, contentScript(5));

      runCommand('toggle-panel', { id: 6 } as Tabs.Tab);
      runCommand('another-command', { id: 5 } as Tabs.Tab);
      await settle();

      // The report itself tells tab 5 its record's SLA state; nothing toggles.
      expect(sendMessage).not.toHaveBeenCalledWith(
        expect.anything(),
        { type: 'panel:toggle' },
        expect.anything(),
      );
    });

    it('shrugs off a tab whose content script is gone', async () => {
      vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
      await report(acme, contentScript(5));

      runCommand('toggle-panel', { id: 5 } as Tabs.Tab);
      await settle();

      expect(warn).not.toHaveBeenCalled();
    });
  });
});
