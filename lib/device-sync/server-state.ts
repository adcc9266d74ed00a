import Dexie from 'dexie';
import type { BatonDatabase } from '../db/database';
import { packetRow } from '../db/packet-rows';
import type { ClientMeta, NoticeRow, OutboxRow } from '../db/rows';
import { readClientMeta } from '../drafts/client-meta';
import type { Actor } from '../handoff/actor';
import type { HistoryEvent } from '../handoff/history';
import type { Packet } from '../handoff/packet';
import type { Playbook } from '../handoff/playbook';
import { parseMutation, runMutation } from '../sync/mutators';
import type { Rejection, SlaSummary } from '../sync/protocol';

/** In `historiesToRefresh`: the history is wanted, but the packet (and so its seq) has not arrived yet. */
export const awaitingPacket = 0;

/** Who the pending mutations are replayed as, under which playbook: the signed-in person's. */
export interface ReplayContext {
  actor: Actor;
  playbook: Playbook;
}

/** What the API said, as of one moment. */
export interface ServerState {
  packets: Packet[];
  /** Packet ids this client may hold that now name another packet. */
  tombstones?: Array<{ id: string; adoptedBy: string }>;
  /** Packets this person no longer follows: their copies go, unless changes to them wait to be pushed. */
  removed?: string[];
  /** This client's last mutation the API processed when it read the packets, and its refusals. */
  acknowledged?: { lastMutationId: number; rejections: Rejection[] };
  cursor?: number;
  /** Fetch these packets' histories even if this device holds none: a panel shows them. */
  wantHistory?: boolean;
  /** The SLA summaries of packets (pull sends one per packet). */
  schedules?: SlaSummary[];
  /**
   * Events to tell this person of; `quiet` keeps them from being shown (the first pull after signing in
   * brings the past, which is not news).
   */
  notices?: { events: HistoryEvent[]; quiet: boolean };
}

/** A notice older than this when it arrives is not shown: it is history, not news. */
const noticeFreshMs = 24 * 60 * 60_000;

/**
 * Writes what the API said in one transaction, as Replicache rebases: each packet becomes the server's copy
 * with this client's still-pending mutations replayed on top (the same mutators, the same write ids), so
 * the panel keeps showing what was typed and nothing typed is lost. Acknowledged mutations leave the
 * outbox only here, in the same transaction that records their refusals.
 */
export async function storeServerState(
  db: BatonDatabase,
  replay: ReplayContext,
  state: ServerState,
  now: Date,
): Promise<void> {
  const tables = [db.packets, db.outbox, db.meta, db.history, db.rejections, db.slaSummaries, db.notices];
  await db.transaction('rw', tables, async () => {
    const meta = await readClientMeta(db);
    if (state.acknowledged) await acknowledge(db, meta, state.acknowledged, now);
    for (const tombstone of state.tombstones ?? []) await adopt(db, meta, tombstone.id, tombstone.adoptedBy);
    for (const packet of state.packets) await rebase(db, meta, replay, packet, state.wantHistory ?? false);
    for (const id of state.removed ?? []) await dropUnlessPending(db, id);
    if (state.schedules) await db.slaSummaries.bulkPut(state.schedules);
    if (state.notices) await keepNotices(db, state.notices, now);
    if (state.cursor !== undefined) meta.pullCursor = state.cursor;
    await db.meta.put(meta);
  });
}

/** Each notice once by its key: one pulled again (a page seen twice) keeps the status it has. */
async function keepNotices(db: BatonDatabase, notices: NonNullable<ServerState['notices']>, now: Date) {
  const rows = notices.events.map((event): NoticeRow => {
    const stale = now.getTime() - Date.parse(event.at) > noticeFreshMs;
    return {
      key: noticeKey(event),
      event,
      status: notices.quiet || stale ? 'quiet' : 'new',
      receivedAt: now.toISOString(),
    };
  });
  const known = new Set(
    await db.notices
      .where('key')
      .anyOf(rows.map((row) => row.key))
      .primaryKeys(),
  );
  await db.notices.bulkAdd(rows.filter((row) => !known.has(row.key)));
}

export function noticeKey(event: Pick<HistoryEvent, 'packetId' | 'seq'>): string {
  return `${event.packetId}:${event.seq}`;
}

async function acknowledge(
  db: BatonDatabase,
  meta: ClientMeta,
  { lastMutationId, rejections }: NonNullable<ServerState['acknowledged']>,
  now: Date,
): Promise<void> {
  const done = await db.outbox.where('id').belowOrEqual(lastMutationId).toArray();
  const byId = new Map(done.map((row) => [row.id, row]));
  for (const rejection of rejections) {
    const row = byId.get(rejection.mutationId);
    // Without its row, the refusal was stored when the mutation first left the outbox.
    if (!row) continue;
    await db.rejections.add({
      mutationId: rejection.mutationId,
      packetId: row.packetId,
      name: rejection.name,
      code: rejection.code,
      message: rejection.message,
      args: row.args,
      at: now.toISOString(),
      seen: false,
    });
  }
  // A refused change left the server's copy as it was, so no pull will bring it: fetch it to undo ours.
  meta.packetsToRefresh = union(
    meta.packetsToRefresh,
    done.map((row) => row.packetId),
  );
  await db.outbox.bulkDelete(done.map((row) => row.id));
  meta.lastAckedMutationId = Math.max(meta.lastAckedMutationId, lastMutationId);
}

/** Another client's packet for the same record and handoff point won: ours becomes that one. */
async function adopt(db: BatonDatabase, meta: ClientMeta, id: string, adoptedBy: string): Promise<void> {
  const moved = await db.outbox.where('packetId').equals(id).modify({ packetId: adoptedBy });
  await db.rejections.where('packetId').equals(id).modify({ packetId: adoptedBy });
  const held = (await db.packets.where('id').equals(id).delete()) + moved > 0;
  await db.slaSummaries.delete(id);
  const hadHistory = (await db.history.where('packetId').equals(id).delete()) > 0;
  delete meta.historiesToRefresh[id];
  meta.packetsToRefresh = meta.packetsToRefresh.filter((candidate) => candidate !== id);
  if (held) meta.packetsToRefresh = union(meta.packetsToRefresh, [adoptedBy]);
  // The history shown for our packet is now the adopted one's, whose seq the packet will bring.
  if (hadHistory) meta.historiesToRefresh[adoptedBy] ??= awaitingPacket;
}

async function rebase(
  db: BatonDatabase,
  meta: ClientMeta,
  context: ReplayContext,
  server: Packet,
  wantHistory: boolean,
): Promise<void> {
  const pending = await db.outbox.where('packetId').equals(server.id).sortBy('id');
  const { packet, events } = replay(server, pending, context, meta.clientId);
  await db.packets.put(packetRow(packet));
  // Local events past the server's belong to pending mutations: replace them with the replay's.
  await db.history
    .where('[packetId+seq]')
    .between([server.id, server.seq + 1], [server.id, Dexie.maxKey], true, true)
    .delete();
  await db.history.bulkPut(events);
  meta.packetsToRefresh = meta.packetsToRefresh.filter((candidate) => candidate !== server.id);
  const wanted =
    wantHistory ||
    server.id in meta.historiesToRefresh ||
    (await db.history.where('packetId').equals(server.id).count()) > 0;
  if (wanted) meta.historiesToRefresh[server.id] = server.seq;
}

/** The server's copy with the pending mutations applied in order; one the server would refuse is skipped. */
export function replay(
  server: Packet,
  pending: OutboxRow[],
  context: ReplayContext,
  clientId: string,
): { packet: Packet; events: HistoryEvent[] } {
  let packet = server;
  const events: HistoryEvent[] = [];
  for (const row of pending) {
    const parsed = parseMutation(row.name, row.args);
    if (!parsed.ok) continue;
    const result = runMutation(parsed.mutation, packet, {
      ...context,
      now: row.createdAt,
      writeId: `${clientId}/${row.id}`,
    });
    if (!result.ok) continue;
    packet = result.packet;
    events.push(...result.events);
  }
  return { packet, events };
}

/**
 * Replaces the history this device holds for a packet with the server's, up to the server seq its local
 * copy is based on; later local events belong to pending mutations and stay.
 */
export async function storeHistory(db: BatonDatabase, packetId: string, events: HistoryEvent[] | null) {
  await db.transaction('rw', [db.meta, db.history], async () => {
    const meta = await readClientMeta(db);
    const upTo = meta.historiesToRefresh[packetId];
    if (upTo === undefined || upTo === awaitingPacket) return;
    delete meta.historiesToRefresh[packetId];
    await db.meta.put(meta);
    if (events === null) return;
    await db.history
      .where('[packetId+seq]')
      .between([packetId, Dexie.minKey], [packetId, upTo], true, true)
      .delete();
    await db.history.bulkPut(events.filter((event) => event.seq <= upTo));
  });
}

/** The API has no such packet: forget ours unless changes to it still wait to be pushed. */
export async function forgetMissingPacket(db: BatonDatabase, packetId: string): Promise<void> {
  await db.transaction('rw', [db.packets, db.outbox, db.meta, db.history, db.slaSummaries], async () => {
    const meta = await readClientMeta(db);
    meta.packetsToRefresh = meta.packetsToRefresh.filter((candidate) => candidate !== packetId);
    delete meta.historiesToRefresh[packetId];
    await db.meta.put(meta);
    await dropUnlessPending(db, packetId);
  });
}

/** Drops this device's copy of a packet and what hangs off it, unless changes to it wait to be pushed. */
async function dropUnlessPending(db: BatonDatabase, packetId: string): Promise<void> {
  if ((await db.outbox.where('packetId').equals(packetId).count()) > 0) return;
  await db.packets.delete(packetId);
  await db.slaSummaries.delete(packetId);
  await db.history.where('packetId').equals(packetId).delete();
}

function union(list: string[], more: string[]): string[] {
  return [...new Set([...list, ...more])];
}

/** Forgets how far this device pulled: the next pull starts from the API's first change. */
export async function resetPullCursor(db: BatonDatabase): Promise<void> {
  await db.transaction('rw', [db.meta], async () => {
    const meta = await readClientMeta(db);
    await db.meta.put({ ...meta, pullCursor: null });
  });
}
