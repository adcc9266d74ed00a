/**
 * The sync round trip: an edit committed on one device until it is on another device that has a panel
 * open, through the real engine and scheduler on both sides and the API over HTTP on loopback. The clock
 * starts when the edit is on disk (after the panel's typing pause, which is the person's, not sync's) and
 * stops when the other device's database holds it, which is when its open panel re-renders.
 */
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { BatonDatabase } from '../lib/db/database';
import { actorOf, readSetting } from '../lib/db/settings';
import { createSyncEngine } from '../lib/device-sync/engine';
import { createSyncScheduler, type SyncScheduler } from '../lib/device-sync/scheduler';
import { signIn } from '../lib/device-sync/sign-in';
import { applyLocal, type LocalResult } from '../lib/drafts/apply-local';
import { createApp } from '../server/app';
import { openBenchPglite } from './support/databases';
import { type Figure, figure, maximum, percentile } from './support/figure';
import { startServer } from './support/server';
import { seedWorkspace } from './support/workspace';

const edits = 40;
/** Between edits, as a person pausing between fields: the receiver stays in its fast-polling window. */
const pauseMs = { min: 300, max: 1_200 };
const giveUpMs = 10_000;

interface Device {
  db: BatonDatabase;
  scheduler: SyncScheduler;
  stop(): void;
}

async function device(url: string, token: string, name: string): Promise<Device> {
  const db = new BatonDatabase(`bench-${name}-${crypto.randomUUID()}`);
  await signIn(db, { url, token }, (input, init) => fetch(input, init));
  const engine = createSyncEngine({ db, transport: (input, init) => fetch(input, init) });
  let panelsOpen = true;
  const scheduler = createSyncScheduler({ sync: () => engine.syncOnce(), panelsOpen: () => panelsOpen });
  return {
    db,
    scheduler,
    stop() {
      panelsOpen = false;
    },
  };
}

/** Resolves when the device's copy of the packet shows `value` in decision notes. */
function whenShown(on: Device, packetId: string, value: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`"${value}" never arrived`)), giveUpMs);
    const subscription = liveQuery(() => on.db.packets.get(packetId)).subscribe({
      next(row) {
        if (row?.packet.fields.decisionNotes?.value !== value) return;
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve(performance.now());
      },
      error: reject,
    });
  });
}

export async function run(): Promise<Figure[]> {
  const database = await openBenchPglite('tempdir');
  const workspace = await seedWorkspace(database.db, 1);
  const server = await startServer(
    createApp({ db: database.db, settings: { rateLimit: { burst: 10_000, perSecond: 10_000 } } }),
  );
  const devices: Device[] = [];
  try {
    const [rep] = workspace.reps;
    if (!rep) throw new Error('the workspace has no rep');
    const writer = await device(server.origin, rep.token, 'rep');
    const reader = await device(server.origin, workspace.salesManager.token, 'manager');
    devices.push(writer, reader);
    const session = await readSetting(writer.db, 'session');
    if (!session) throw new Error('the rep is not signed in');
    const actor = actorOf(session.me);
    const record = {
      system: 'salesforce',
      instance: 'bench',
      objectKind: 'opportunity',
      id: 'round-trip',
    } as const;
    const created = await applyLocal(
      writer.db,
      'createPacket',
      { packetId: crypto.randomUUID(), handoffPoint: 'sales_to_cs', record, receivingTeamId: 'cs' },
      actor,
      session.playbook,
    );
    if (!created.ok) throw new Error(created.message);
    const packetId = created.packet.id;
    writer.scheduler.request('edit');
    reader.scheduler.request('panel-open');
    // The manager follows the rep's packets: the first pull after the rep's push brings it.
    while (!(await reader.db.packets.get(packetId))) await new Promise((resolve) => setTimeout(resolve, 50));

    const samples: number[] = [];
    let baseRev: string | null = null;
    for (let round = 0; round < edits; round++) {
      const value = `Round ${round}: the CFO signs above 50k (${crypto.randomUUID()})`;
      const shown = whenShown(reader, packetId, value);
      const edit: LocalResult = await applyLocal(
        writer.db,
        'setField',
        { packetId, field: 'decisionNotes', value, baseRev },
        actor,
        session.playbook,
      );
      const committed = performance.now();
      if (!edit.ok) throw new Error(edit.message);
      baseRev = edit.writeId;
      writer.scheduler.request('edit');
      samples.push((await shown) - committed);
      await new Promise((resolve) =>
        setTimeout(resolve, pauseMs.min + Math.random() * (pauseMs.max - pauseMs.min)),
      );
    }
    samples.sort((a, b) => a - b);
    return [
      figure('sync round trip, edit → other device, p50', percentile(samples, 0.5), 'ms', maximum(300, 'ms')),
      figure(
        'sync round trip, edit → other device, p95',
        percentile(samples, 0.95),
        'ms',
        maximum(1_000, 'ms'),
      ),
    ];
  } finally {
    for (const open of devices) open.stop();
    // The last poll under way finishes before its database closes.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const open of devices) open.db.close();
    await server.close();
    await database.dispose();
  }
}
