import type { PromiseExtended } from 'dexie';
import type { HandoffPoint } from '../handoff/handoff-points';
import type { HistoryEvent } from '../handoff/history';
import { mergeSlaSummaries, type SlaSummaryValues } from '../handoff/live-sla-state';
import { isOpen, type Packet } from '../handoff/packet';
import { calendarForPolicy, type Playbook } from '../handoff/playbook';
import { type RecordKey, recordKeyString } from '../handoff/record';
import { packetSchedule, slaSummaryOf } from '../handoff/sla-clock';
import type { BatonDatabase } from './database';
import { searchTermsOf } from './packet-rows';

/** Every packet linked to the record, open ones first, then the most recently changed. */
export async function packetsForRecord(db: BatonDatabase, record: RecordKey): Promise<Packet[]> {
  const rows = await db.packets.where('recordKeys').equals(recordKeyString(record)).toArray();
  return rows
    .map((row) => row.packet)
    .sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || b.updatedAt.localeCompare(a.updatedAt));
}

/**
 * The open packet of this record at this handoff point, which a new packet for them joins. A Dexie promise,
 * so it can be awaited inside a transaction.
 */
export function openPacketFor(
  db: BatonDatabase,
  record: RecordKey,
  handoffPoint: HandoffPoint,
): PromiseExtended<Packet | null> {
  return db.packets
    .where('recordKeys')
    .equals(recordKeyString(record))
    .filter((candidate) => candidate.packet.handoffPoint === handoffPoint && isOpen(candidate.packet))
    .first((row) => row?.packet ?? null);
}

/** Packets whose customer name or domain has a word starting with each term of the query. */
export async function searchPackets(db: BatonDatabase, query: string, limit = 10): Promise<Packet[]> {
  const [first, ...rest] = searchTermsOf(query);
  if (first === undefined) return [];
  const rows = await db.packets
    .where('searchWords')
    .startsWith(first)
    .distinct()
    .filter((row) => rest.every((term) => row.searchWords.some((word) => word.startsWith(term))))
    .limit(limit)
    .toArray();
  return rows.map((row) => row.packet);
}

export async function historyOf(db: BatonDatabase, packetId: string): Promise<HistoryEvent[]> {
  return db.history.where('packetId').equals(packetId).sortBy('seq');
}

/**
 * Where the SLA clocks of a record's open packets stand, merged (the earliest instants, the worst stored
 * state): as the API last summed each packet up, else, for a packet the API has not summed up for this
 * device (one not followed, or not synced yet), from its history here as the panel counts it. Null when
 * no open packet has either.
 */
export async function recordSlaSummary(
  db: BatonDatabase,
  record: RecordKey,
  playbook: Playbook,
  now: Date,
): Promise<SlaSummaryValues | null> {
  const summaries: SlaSummaryValues[] = [];
  for (const packet of (await packetsForRecord(db, record)).filter(isOpen)) {
    const stored = await db.slaSummaries.get(packet.id);
    if (stored) {
      summaries.push(stored);
      continue;
    }
    const history = await historyOf(db, packet.id);
    if (history.length === 0) continue;
    const schedule = packetSchedule({
      handoffPointPolicies: playbook.handoffPoints[packet.handoffPoint].slas,
      events: history,
      owners: packet.owners,
      calendarFor: (policy, owners) => calendarForPolicy(playbook, policy, owners),
      now,
    });
    summaries.push(slaSummaryOf(schedule));
  }
  return mergeSlaSummaries(summaries);
}
