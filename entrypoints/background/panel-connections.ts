import type { Runtime } from 'webextension-polyfill';
import type { PanelRecordMessage } from '@/lib/messages';

/** The open panel frames of each tab, to push them their tab's record when it changes. */
export interface PanelConnections {
  add(tabId: number, port: Runtime.Port): void;
  post(tabId: number, message: PanelRecordMessage): void;
  /** How many panel frames are open, in all tabs. */
  count(): number;
}

export function createPanelConnections(): PanelConnections {
  const portsByTab = new Map<number, Set<Runtime.Port>>();
  const remove = (tabId: number, port: Runtime.Port) => {
    const ports = portsByTab.get(tabId);
    ports?.delete(port);
    if (ports?.size === 0) portsByTab.delete(tabId);
  };
  return {
    add(tabId, port) {
      const ports = portsByTab.get(tabId) ?? new Set();
      ports.add(port);
      portsByTab.set(tabId, ports);
      port.onDisconnect.addListener(() => remove(tabId, port));
    },
    post(tabId, message) {
      for (const port of portsByTab.get(tabId) ?? []) postToPanel(port, message);
    },
    count() {
      let open = 0;
      for (const ports of portsByTab.values()) open += ports.size;
      return open;
    },
  };
}

export function postToPanel(port: Runtime.Port, message: PanelRecordMessage): void {
  try {
    port.postMessage(message);
  } catch {
    // The frame went away (its page navigated or closed) between our lookup and this post.
  }
}
