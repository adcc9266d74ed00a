import { sharedDatabase } from '@/lib/db/database';
import type { NoticeRow } from '@/lib/db/rows';
import { directoryKey } from '@/lib/device-sync/directory-cache';
import { directoryNames, emptyDirectory } from '@/lib/directory-names';
import { noticeWords } from '@/lib/handoff/notices';
import { openPacketRecord } from './open-record';

const notificationPrefix = 'baton:';

/**
 * Browser notifications for what pull says concerns this person: a clock due soon or breached, an
 * escalation, a handoff submitted to them or their team, theirs returned or accepted. Each at most once,
 * across restarts: a notice is marked shown before it is shown. A click opens the packet's record.
 */
export function startNotifications(): { showPending(): Promise<void> } {
  // The API exists only once the person allowed notifications: maybe now, maybe later in this worker's life.
  let listening = false;
  const listenForClicks = () => {
    if (listening || !browser.notifications) return;
    listening = true;
    browser.notifications.onClicked.addListener((notificationId) => {
      if (!notificationId.startsWith(notificationPrefix)) return;
      const packetId = notificationId.slice(notificationPrefix.length).split(':')[0] ?? '';
      void openPacketRecord(packetId)
        .catch((error: unknown) => console.warn('Baton: could not open the record', error))
        .finally(() => browser.notifications.clear(notificationId));
    });
  };
  listenForClicks();
  browser.permissions.onAdded.addListener(listenForClicks);

  async function showPending(): Promise<void> {
    const permitted =
      Boolean(browser.notifications) &&
      (await browser.permissions.contains({ permissions: ['notifications'] }));
    const claimed = await claimNew(permitted);
    if (claimed.length === 0) return;
    // People by name ("from Rae Rep"), as the workspace directory on this device has them.
    const { nameOf } = directoryNames(
      (await sharedDatabase().directory.get(directoryKey))?.directory ?? emptyDirectory,
    );
    for (const notice of claimed) {
      const row = await sharedDatabase().packets.get(notice.event.packetId);
      if (!row) continue;
      const { title, message } = noticeWords(notice.event, row.packet, { formatInstant, nameOf });
      await browser.notifications.create(`${notificationPrefix}${notice.key}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
      });
    }
  }

  return { showPending };
}

/** The notices not shown yet, marked shown in the same transaction (or quiet, with no permission to show). */
async function claimNew(permitted: boolean): Promise<NoticeRow[]> {
  const db = sharedDatabase();
  return db.transaction('rw', db.notices, async () => {
    const fresh = await db.notices.where('status').equals('new').toArray();
    await db.notices.bulkPut(fresh.map((notice) => ({ ...notice, status: permitted ? 'shown' : 'quiet' })));
    return permitted ? fresh : [];
  });
}

function formatInstant(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}
