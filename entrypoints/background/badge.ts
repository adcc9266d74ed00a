import { sharedDatabase } from '@/lib/db/database';
import { readSetting } from '@/lib/db/settings';
import { type Attention, attentionOf } from '@/lib/handoff/attention';

export const badgeAlarmName = 'baton-badge';

const breachedColour = '#c62828';
const dueSoonColour = '#b26a00';

/**
 * The toolbar action's badge: how many of the person's handoffs are due soon or breached, red when any is
 * breached. Refreshed after every sync and when a clock next turns by itself (an alarm at that instant).
 */
export function startBadge(): { refresh(): Promise<void> } {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === badgeAlarmName) void refresh();
  });

  async function refresh(): Promise<void> {
    const db = sharedDatabase();
    const session = await readSetting(db, 'session');
    const [packets, summaries] = await Promise.all([
      session ? db.packets.toArray() : [],
      session ? db.slaSummaries.toArray() : [],
    ]);
    const attention = attentionOf(
      packets.map((row) => row.packet),
      new Map(summaries.map((summary) => [summary.packetId, summary])),
      session?.me.user.id ?? '',
      Date.now(),
    );
    await show(attention, session !== undefined);
    if (attention.changesAt === null) await browser.alarms.clear(badgeAlarmName);
    else await browser.alarms.create(badgeAlarmName, { when: attention.changesAt });
  }

  return { refresh };
}

async function show({ breached, dueSoon }: Attention, signedIn: boolean): Promise<void> {
  // Firefox's Manifest V2 build names the toolbar button browserAction.
  const action = browser.action ?? browser.browserAction;
  const count = breached + dueSoon;
  await action.setBadgeText({ text: count > 0 ? String(count) : '' });
  if (count > 0)
    await action.setBadgeBackgroundColor({ color: breached > 0 ? breachedColour : dueSoonColour });
  const parts = [breached > 0 && `${breached} breached`, dueSoon > 0 && `${dueSoon} due soon`].filter(
    Boolean,
  );
  let title =
    parts.length > 0 ? `Baton: your handoffs, ${parts.join(', ')}` : 'Baton: no handoff of yours is late';
  if (!signedIn) title = 'Baton: sign in to see your handoffs here';
  await action.setTitle({ title });
}
