import { sharedDatabase } from '@/lib/db/database';
import { recordSlaSummary } from '@/lib/db/queries';
import { readSetting } from '@/lib/db/settings';
import { defaultPlaybook } from '@/lib/handoff/default-playbook';
import type { RecordSlaMessage } from '@/lib/messages';
import type { TabRecords } from './tab-records';

export interface RecordSla {
  /** Tells a tab's content script where its record's clocks stand. */
  tellTab(tabId: number): Promise<void>;
  /** Tells every tab that shows a record (after a sync brought news). */
  tellAllTabs(): Promise<void>;
}

/** Keeps each tab's collapsed panel tab showing its record's SLA state by colour and text. */
export function createRecordSla(tabRecords: TabRecords): RecordSla {
  const tellTab = async (tabId: number) => {
    const record = await tabRecords.get(tabId);
    if (!record) return;
    const db = sharedDatabase();
    const playbook = (await readSetting(db, 'session'))?.playbook ?? defaultPlaybook;
    const message: RecordSlaMessage = {
      type: 'record:sla',
      sla: await recordSlaSummary(db, record, playbook, new Date()),
    };
    try {
      await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
    } catch {
      // The tab left the CRM, or its content script is gone with an update; its next report asks again.
    }
  };
  return {
    tellTab,
    async tellAllTabs() {
      await Promise.all((await tabRecords.tabIds()).map(tellTab));
    },
  };
}
