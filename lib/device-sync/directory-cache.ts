import type { BatonDatabase } from '../db/database';
import type { DirectoryRow } from '../db/rows';
import type { Directory } from '../directory';
import { directoryNames } from '../directory-names';
import type { HistoryEvent } from '../handoff/history';
import type { Packet } from '../handoff/packet';

export const directoryKey = 'workspace';

/** Every user id a packet names: its owners, author and contributors, who added each item and set each value. */
export function idsNamedByPacket(packet: Packet): string[] {
  const { owners } = packet;
  const items = Object.values(packet.lists).flat();
  const values = [
    ...Object.values(packet.fields),
    ...items.flatMap((item) => Object.values(item.fields)),
    ...packet.conflicts.flatMap((conflict) => [conflict.kept, conflict.proposed]),
  ];
  return [
    packet.createdBy,
    ...(packet.contributors ?? []),
    ...[owners.givingUserId, owners.receivingUserId].flatMap((id) => id ?? []),
    ...items.map((item) => item.addedBy),
    ...values.map((value) => value.setBy),
  ];
}

/** The history's data keys that hold a user id (reassigned, accepted, escalated). */
const personKeys = ['from', 'to', 'receivingUserId', 'ownerId', 'reassignedTo'];

/** Every user id a history names: who did each thing, and whom it concerned. */
export function idsNamedByHistory(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((event) => [
    event.actorId,
    ...personKeys.flatMap((key) => {
      const id = event.data[key];
      return typeof id === 'string' ? [id] : [];
    }),
  ]);
}

/** The ids among `named` that the cached directory lacks and did not already lack when it was fetched. */
export function idsToLookUp(row: DirectoryRow, named: Iterable<string>): string[] {
  const { nameOf } = directoryNames(row.directory);
  const missing = new Set(row.unknownIds);
  return [...new Set(named)].filter((id) => nameOf(id) === undefined && !missing.has(id));
}

/** Keeps the directory the API gave, with the ids named so far that it still lacks. */
export async function storeDirectory(
  db: BatonDatabase,
  directory: Directory,
  now: Date,
  named: Iterable<string> = [],
): Promise<void> {
  const { nameOf } = directoryNames(directory);
  const unknownIds = [...new Set(named)].filter((id) => nameOf(id) === undefined);
  await db.directory.put({ key: directoryKey, directory, fetchedAt: now.toISOString(), unknownIds });
}
