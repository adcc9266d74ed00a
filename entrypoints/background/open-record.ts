import { sharedDatabase } from '@/lib/db/database';
import { recordKeyString } from '@/lib/handoff/record';

/**
 * Opens a packet's record in its tool, at the address its tab last showed it (record router). The most
 * recently seen of its linked records wins; false when none was ever open in this browser.
 */
export async function openPacketRecord(packetId: string): Promise<boolean> {
  const db = sharedDatabase();
  const row = await db.packets.get(packetId);
  if (!row) return false;
  const seen = await db.recordUrls.bulkGet(row.packet.records.map(recordKeyString));
  const latest = seen
    .filter((candidate) => candidate !== undefined)
    .sort((a, b) => b.seenAt.localeCompare(a.seenAt))[0];
  if (!latest) return false;
  await browser.tabs.create({ url: latest.url });
  return true;
}
