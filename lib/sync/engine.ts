import type { BatonDatabase } from '../db/database';
import { type ApiConnection, actorOf, readSetting, type Session, writeSetting } from '../db/settings';
import { readClientMeta } from '../drafts/client-meta';
import type { RecordKey } from '../handoff/record';
import {
  type ApiClient,
  ApiRequestError,
  createApiClient,
  type FailureKind,
  type Transport,
} from './api-client';
import {
  awaitingPacket,
  forgetMissingPacket,
  type ReplayContext,
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

  async function pull({ client, replay }: Connected): Promise<boolean> {
    let changed = false;
    // What happened before this device first pulled is not news, over all the pages of that first pull.
    const firstPull = (await readClientMeta(db)).pullCursor === null;
    for (let page = 0; page < pullPagesPerSync; page++) {
      const { clientId, pullCursor } = await readClientMeta(db);
      const pulled = await client.pull(clientId, pullCursor ?? 0);
      const { packets, tombstones, lastMutationId, rejections, cursor } = pulled;
      await storeServerState(
        db,
        replay,
        {
          packets,
          tombstones,
          acknowledged: { lastMutationId, rejections },
          cursor,
          schedules: pulled.schedules ?? [],
          notices: { events: pulled.notices ?? [], quiet: firstPull },
        },
        now(),
      );
      changed ||= packets.length > 0 || tombstones.length > 0;
      if (!pulled.more) break;
    }
    return changed;
  }

  async function refreshPackets({ client, replay }: Connected): Promise<void> {
    const { packetsToRefresh } = await readClientMeta(db);
    for (const id of packetsToRefresh.slice(0, refreshesPerSync)) {
      const packet = await client.packet(id);
      if (packet === null) await forgetMissingPacket(db, id);
      else {
        const tombstones = packet.id === id ? [] : [{ id, adoptedBy: packet.id }];
        await storeServerState(db, replay, { packets: [packet], tombstones }, now());
      }
    }
  }

  async function refreshHistories({ client }: Connected): Promise<void> {
    const { historiesToRefresh } = await readClientMeta(db);
    const due = Object.entries(historiesToRefresh).filter(([, seq]) => seq !== awaitingPacket);
    for (const [id] of due.slice(0, refreshesPerSync)) await storeHistory(db, id, await client.history(id));
  }

  async function refreshSession({ client, session }: Connected): Promise<void> {
    if (now().getTime() - Date.parse(session.refreshedAt) < sessionMaxAgeMs) return;
    const [me, playbook] = await Promise.all([client.me(), client.playbook()]);
    await writeSetting(db, 'session', { me, playbook, refreshedAt: now().toISOString() });
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
      await storeServerState(db, connected.replay, { packets, wantHistory: true }, now());
      await refreshHistories(connected);
    },

    async search(query) {
      const connected = await connect();
      if (!connected) return;
      const packets = await connected.client.packets({ q: query });
      await storeServerState(db, connected.replay, { packets }, now());
    },
  };
}
