import * as z from 'zod/mini';
import { DetectedRecord } from '@/lib/messages';

const storageKeyPrefix = 'tabRecord:';

/** Which record each tab shows, as its content script last reported. */
export interface TabRecords {
  get(tabId: number): Promise<DetectedRecord | null>;
  /** Resolves to whether the tab's record changed, so panels are told only about real changes. */
  set(tabId: number, record: DetectedRecord | null): Promise<boolean>;
  forget(tabId: number): Promise<void>;
  /** The tabs that show a record. */
  tabIds(): Promise<number[]>;
}

/**
 * Kept in memory and mirrored to storage.session: Chrome stops an idle service worker, and the next
 * one must still know which record a tab shows without waiting for the page to navigate again.
 * storage.session is out of content scripts' reach by default and empties when the browser closes.
 */
export function createTabRecords(): TabRecords {
  let loaded: Promise<Map<number, DetectedRecord>> | undefined;
  const records = () => {
    loaded ??= loadFromSessionStorage();
    return loaded;
  };

  return {
    async get(tabId) {
      return (await records()).get(tabId) ?? null;
    },
    async set(tabId, record) {
      const byTab = await records();
      const previous = byTab.get(tabId) ?? null;
      if (JSON.stringify(previous) === JSON.stringify(record)) return false;
      if (record === null) {
        byTab.delete(tabId);
        await browser.storage.session.remove(storageKey(tabId));
      } else {
        byTab.set(tabId, record);
        await browser.storage.session.set({ [storageKey(tabId)]: record });
      }
      return true;
    },
    async forget(tabId) {
      (await records()).delete(tabId);
      await browser.storage.session.remove(storageKey(tabId));
    },
    async tabIds() {
      return [...(await records()).keys()];
    },
  };
}

async function loadFromSessionStorage(): Promise<Map<number, DetectedRecord>> {
  const stored = await browser.storage.session.get(null);
  const byTab = new Map<number, DetectedRecord>();
  for (const [key, value] of Object.entries(stored)) {
    if (!key.startsWith(storageKeyPrefix)) continue;
    const tabId = Number(key.slice(storageKeyPrefix.length));
    const record = z.safeParse(DetectedRecord, value);
    if (Number.isInteger(tabId) && record.success) byTab.set(tabId, record.data);
  }
  return byTab;
}

function storageKey(tabId: number): string {
  return `${storageKeyPrefix}${tabId}`;
}
