import type { BatonDatabase } from '../db/database';
import { type ApiConnection, actorOf, readSetting, type Session, writeSetting } from '../db/settings';
import { readClientMeta } from '../drafts/client-meta';
import type { HistoryEvent } from '../handoff/history';
import type { Packet } from '../handoff/packet';
import type { RecordKey } from '../handoff/record';
import {
  type ApiClient,
  ApiRequestError,
  createApiClient,
  type FailureKind,
  type Transport,
} from './api-client';
import {
  directoryKey,
  idsNamedByHistory,
  idsNamedByPacket,
  idsToLookUp,
  storeDirectory,
} from './directory-cache';
import {
  awaitingPacket,
  forgetMissingPacket,
  type ReplayContext,
  resetPullCursor,
  storeHistory,
  storeServerState,
} from './server-state';
import { markFailed, markSynced, markSyncing } from './sync-status';

export interface SyncEngineDeps {
  db: BatonDatabase;
  transport: Transport;
  now?: () => Date;
  random?: () => number;
  timeoutMs?: number;
}

export type SyncOutcome =
  | { ok: true; changed: boolean }
  | { ok: false; kind: FailureKind | 'local'; retryAt: Date };

export interface SyncEngine {
  /** Pushes the outbox, pulls what changed, and brings stale packets and histories up to date. */
  syncOnce(): Promise<SyncOutcome>;
  /** Fetches the packets of a record a panel opened (so a CSM sees the AE's packet), with their histories. */
  openRecord(record: RecordKey): Promise<void>;
  /** Stores the API's packets matching a search, so the panel's local search finds them. */
  search(query: string): Promise<void>;
}

/** The protocol allows 500 mutations a push; smaller batches keep each request short on a slow link. */
const pushBatchSize = 100;
const pullPagesPerSync = 50;
/** One sync refetches at most this many packets or histories; the rest wait for the next. */
const refreshesPerSync = 25;
const sessionMaxAgeMs = 15 * 60_000;

interface Connected {
  client: ApiClient;
  connection: ApiConnection;
  session: Session;
  replay: ReplayContext;
  /** The user ids that the packets and histories this sync brought name: the directory should know them. */
  named: Set<string>;
}

function notePackets(connected: Connected, packets: readonly Packet[]): void {
  for (const packet of packets) for (const id of idsNamedByPacket(packet)) connected.named.add(id);
}

function noteHistory(connected: Connected, events: readonly HistoryEvent[] | null): void {
  for (const id of idsNamedByHistory(events ?? [])) connected.named.add(id);
}

/**
 * The sync engine, as Replicache's push/pull and Dexie Cloud's outbox habits: everything it knows lives
 * in the database, so a service worker stopped at any moment loses nothing, and the next engine on the
 * same database carries on where the last one stopped. Callers run one at a time (Web Locks in the
 * background).
 */
export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db, transport } = deps;
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;

  async function connect(): Promise<Connected | null> {
    const [connection, session] = await Promise.all([
      readSetting(db, 'connection'),
      readSetting(db, 'session'),
    ]);
    if (!connection || !session) return null;
    const client = createApiClient({ ...connection, transport, timeoutMs: deps.timeoutMs });
    return {
      client,
      connection,
      session,
      replay: { actor: actorOf(session.me), playbook: session.playbook },
      named: new Set(),
    };
  }

  async function push({ client, replay }: Connected): Promise<boolean> {
    const { clientId, lastMutationId: newest } = await readClientMeta(db);
    let batchSize = pushBatchSize;
    let pushed = false;
    for (;;) {
      // Changes made while this push runs wait for the next sync, so steady typing cannot keep it going.
      const rows = await db.outbox.where('id').belowOrEqual(newest).limit(batchSize).toArray();
      const last = rows[rows.length - 1];
      if (!last) return pushed;
      let acknowledged: Awaited<ReturnType<ApiClient['push']>>;
      try {
        acknowledged = await client.push({
          clientId,
          mutations: rows.map(({ id, name, args, createdAt }) => ({ id, name, args, createdAt })),
        });
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 413 && batchSize > 1) {
          batchSize = Math.ceil(batchSize / 2);
          continue;
        }
        throw error;
      }
      if (acknowledged.lastMutationId < last.id)
        throw new ApiRequestError('refused', `the API stopped at change ${acknowledged.lastMutationId}`);
      await storeServerState(db, replay, { packets: [], acknowledged }, now());
      pushed = true;
    }
  }

  async function pull(connected: Connected): Promise<boolean> {
    const { client, replay } = connected;
    let changed = false;
    // What happened before this device first pulled is not news, over all the pages of that first pull.
    let firstPull = (await readClientMeta(db)).pullCursor === null;
    for (let page = 0; page < pullPagesPerSync; page++) {
      const { clientId, pullCursor } = await readClientMeta(db);
      const pulled = await client.pull(clientId, pullCursor ?? 0).catch(async (error: unknown) => {
        // The API has fewer changes than this device saw (restored from a backup): pull all again, quietly.
        if (!(error instanceof ApiRequestError && error.code === 'cursor_ahead') || !pullCursor) throw error;
        await resetPullCursor(db);
        firstPull = true;
        return client.pull(clientId, 0);
      });
      const { packets, tombstones, removed, lastMutationId, rejections, cursor } = pulled;
      notePackets(connected, packets);
      await storeServerState(
        db,
        replay,
        {
          packets,
          tombstones,
          removed: removed ?? [],
          acknowledged: { lastMutationId, rejections },
          cursor,
          schedules: pulled.schedules ?? [],
          notices: { events: pulled.notices ?? [], quiet: firstPull },
        },
        now(),
      );
      changed ||= packets.length > 0 || tombstones.length > 0 || (removed ?? []).length > 0;
      if (!pulled.more) break;
    }
    return changed;
  }

  async function refreshPackets(connected: Connected): Promise<void> {
    const { client, replay } = connected;
    const { packetsToRefresh } = await readClientMeta(db);
    for (const id of packetsToRefresh.slice(0, refreshesPerSync)) {
      const packet = await client.packet(id);
      if (packet === null) await forgetMissingPacket(db, id);
      else {
        notePackets(connected, [packet]);
        const tombstones = packet.id === id ? [] : [{ id, adoptedBy: packet.id }];
        await storeServerState(db, replay, { packets: [packet], tombstones }, now());
      }
    }
  }

  async function refreshHistories(connected: Connected): Promise<void> {
    const { historiesToRefresh } = await readClientMeta(db);
    const due = Object.entries(historiesToRefresh).filter(([, seq]) => seq !== awaitingPacket);
    for (const [id] of due.slice(0, refreshesPerSync)) {
      const events = await connected.client.history(id);
      noteHistory(connected, events);
      await storeHistory(db, id, events);
    }
  }

  /** Who the person is, the playbook and the directory, as the API says now: every 15 minutes. */
  async function refreshSession({ client, session, named }: Connected): Promise<void> {
    if (now().getTime() - Date.parse(session.refreshedAt) < sessionMaxAgeMs) return;
    const [me, playbook, directory] = await Promise.all([client.me(), client.playbook(), client.directory()]);
    await writeSetting(db, 'session', { me, playbook, refreshedAt: now().toISOString() });
    await storeDirectory(db, directory, now(), named);
  }

  /**
   * Fetches the directory again when this sync brought someone it does not name yet (a colleague added
   * since), or when this device has none; at most once per sync, and never twice for the same stranger.
   */
  async function lookUpNames({ client, named }: Connected): Promise<void> {
    const row = await db.directory.get(directoryKey);
    if (row && idsToLookUp(row, named).length === 0) return;
    await storeDirectory(db, await client.directory(), now(), [...(row?.unknownIds ?? []), ...named]);
  }

  return {
    async syncOnce() {
      const connected = await connect();
      if (!connected) return { ok: true, changed: false };
      try {
        if ((await db.outbox.count()) > 0) await markSyncing(db);
        const pushed = await push(connected);
        const pulled = await pull(connected);
        await refreshPackets(connected);
        await refreshHistories(connected);
        await refreshSession(connected);
        await lookUpNames(connected);
        await markSynced(db, now(), pushed || pulled);
        return { ok: true, changed: pushed || pulled };
      } catch (error) {
        const retryAt = await markFailed(db, error, connected.connection.url, now(), random);
        return { ok: false, kind: error instanceof ApiRequestError ? error.kind : 'local', retryAt };
      }
    },

    async openRecord(record) {
      const connected = await connect();
      if (!connected) return;
      const { system, instance, objectKind, id: recordId } = record;
      const packets = await connected.client.packets({ system, instance, objectKind, recordId });
      notePackets(connected, packets);
      await storeServerState(db, connected.replay, { packets, wantHistory: true }, now());
      await refreshHistories(connected);
      await lookUpNames(connected);
    },

    async search(query) {
      const connected = await connect();
      if (!connected) return;
      const packets = await connected.client.packets({ q: query });
      notePackets(connected, packets);
      await storeServerState(db, connected.replay, { packets }, now());
      await lookUpNames(connected);
    },
  };
}
