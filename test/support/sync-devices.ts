import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { BatonDatabase } from '../../lib/db/database';
import { actorOf, readSetting, type Session } from '../../lib/db/settings';
import type { Transport } from '../../lib/device-sync/api-client';
import { createSyncEngine, type SyncEngine } from '../../lib/device-sync/engine';
import { signIn } from '../../lib/device-sync/sign-in';
import { applyLocal, type LocalResult } from '../../lib/drafts/apply-local';
import type { HistoryEvent } from '../../lib/handoff/history';
import { Packet } from '../../lib/handoff/packet';
import type { RecordKey } from '../../lib/handoff/record';
import type { MutationArgs, MutationName } from '../../lib/sync/mutations';
import { type Database, openPglite } from '../../server/db/connection';
import { migrate } from '../../server/db/migrate';
import { type Api, api, type SeededWorkspace, seedWorkspace } from '../server/support/api';

export const apiUrl = 'https://baton.test';

/** The real API in this process, on an in-memory PGlite that the cases of a file share. */
export async function inProcessApi(): Promise<{ database: Database; service: Api }> {
  const database = await openPglite('memory://');
  await migrate(database);
  return { database, service: api(database) };
}

/**
 * What can happen to one request on its way: `fail-*` is a network error before the request left or after
 * the server answered (a timeout); `duplicate` delivers it twice; `stop-*` is the service worker stopped
 * there: the promise never settles and the engine that sent it never runs again.
 */
export type Fault = 'fail-before' | 'fail-after' | 'duplicate' | 'stop-before' | 'stop-after';

export interface Network {
  transport: Transport;
  /** Faults for the next requests, in order; a request with none goes through. */
  faults: Array<Fault | null>;
  /** Requests sent so far (reaching the server or not). */
  requests: string[];
  /** Runs as each request leaves, before the server sees it: what a person does meanwhile. */
  meanwhile: ((request: string) => Promise<void>) | null;
  /** Resolves when the next `stop-*` fault stops a request (after the server answered, for `stop-after`). */
  nextStop(): Promise<void>;
}

const never = new Promise<never>(() => {});

export function faultyNetwork(service: Api): Network {
  const waiting: Array<() => void> = [];
  const announceStop = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  const network: Network = {
    faults: [],
    requests: [],
    meanwhile: null,
    nextStop: () => new Promise((resolve) => waiting.push(resolve)),
    async transport(url, init) {
      const fault = network.faults.shift() ?? null;
      const request = `${init.method ?? 'GET'} ${new URL(url).pathname}`;
      network.requests.push(request);
      await network.meanwhile?.(request);
      const deliver = () => service.app.request(url, init);
      switch (fault) {
        case 'fail-before':
          throw new TypeError('Failed to fetch');
        case 'stop-before':
          announceStop();
          return never;
        case 'fail-after':
          await (await deliver()).text();
          throw new DOMException('The operation timed out.', 'TimeoutError');
        case 'stop-after':
          await (await deliver()).text();
          announceStop();
          return never;
        case 'duplicate':
          await (await deliver()).text();
          return deliver();
        default:
          return deliver();
      }
    },
  };
  return network;
}

/** One browser profile with the extension: its own database and network, signed in as one person. */
export interface Device {
  name: string;
  db: BatonDatabase;
  /** Who signed in on it, as the API said. */
  session: Session;
  network: Network;
  engine: SyncEngine;
  /** A new engine on the same database, as after the service worker was stopped and started again. */
  restart(): void;
  /** A change made in the panel: the same call the panel's editor makes. */
  edit<Name extends MutationName>(name: Name, args: MutationArgs<Name>): Promise<LocalResult>;
  packets(): Promise<Packet[]>;
  history(packetId: string): Promise<HistoryEvent[]>;
  close(): Promise<void>;
}

let devices = 0;

export async function signedInDevice(service: Api, token: string, name = 'device'): Promise<Device> {
  devices += 1;
  const db = new BatonDatabase(`sync-${name}-${devices}-${crypto.randomUUID()}`);
  const network = faultyNetwork(service);
  await signIn(db, { url: apiUrl, token }, network.transport);
  const session = await readSetting(db, 'session');
  if (!session) throw new Error('sign-in kept no session');
  const actor = actorOf(session.me);
  const newEngine = () => createSyncEngine({ db, transport: network.transport });
  const device: Device = {
    name,
    db,
    session,
    network,
    engine: newEngine(),
    restart() {
      device.engine = newEngine();
    },
    edit: (mutation, args) => applyLocal(db, mutation, args, actor, session.playbook),
    packets: async () => (await db.packets.toArray()).map((row) => row.packet),
    history: (packetId) => db.history.where('packetId').equals(packetId).sortBy('seq'),
    close: () => db.delete(),
  };
  return device;
}

/** The API's copy of a packet, as anyone in the workspace reads it. */
export async function serverPacket(service: Api, token: string, id: string): Promise<Packet> {
  const response = await service.call('GET', `/v1/packets/${id}`, token);
  if (response.status !== 200) throw new Error(`GET packet ${id}: ${response.status}`);
  return Packet.parse(response.body);
}

export async function serverHistory(service: Api, token: string, id: string): Promise<HistoryEvent[]> {
  const response = await service.call('GET', `/v1/packets/${id}/history`, token);
  if (response.status !== 200) throw new Error(`GET history ${id}: ${response.status}`);
  return response.body.events;
}

export type Person = keyof SeededWorkspace['tokens'];

export interface SyncWorld {
  service: Api;
  /** The API's database, for what the API does on its own clock (the SLA sweeper). */
  database: Database;
  workspace: SeededWorkspace;
  /** A signed-in device of `person`, closed after the case. */
  device(person: Person, name?: string): Promise<Device>;
  /** The device holds exactly the server's copy of every packet it holds, histories too, and nothing waits. */
  expectEqualToServer(device: Device): Promise<void>;
}

/** One in-memory API for the file, and a fresh workspace for each case. */
export function useSyncWorld(): SyncWorld {
  let database: Database | undefined;
  let service: Api | undefined;
  let workspace: SeededWorkspace | undefined;
  const opened: Device[] = [];
  beforeAll(async () => {
    ({ database, service } = await inProcessApi());
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    if (database) workspace = await seedWorkspace(database, `Acme ${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((device) => device.close()));
  });
  const world: SyncWorld = {
    get database() {
      if (!database) throw new Error('the API did not start; see beforeAll');
      return database;
    },
    get service() {
      if (!service) throw new Error('the API did not start; see beforeAll');
      return service;
    },
    get workspace() {
      if (!workspace) throw new Error('no workspace; see beforeEach');
      return workspace;
    },
    async device(person, name = person) {
      const created = await signedInDevice(world.service, world.workspace.tokens[person], name);
      opened.push(created);
      return created;
    },
    async expectEqualToServer(device) {
      const admin = world.workspace.tokens.admin;
      expect(await device.db.outbox.count(), `${device.name}'s outbox`).toBe(0);
      for (const packet of await device.packets()) {
        expect(packet, `${device.name}'s packet`).toEqual(
          await serverPacket(world.service, admin, packet.id),
        );
        const history = await device.history(packet.id);
        if (history.length > 0)
          expect(history, `${device.name}'s history`).toEqual(
            await serverHistory(world.service, admin, packet.id),
          );
      }
    },
  };
  return world;
}

export const opportunity: RecordKey = {
  system: 'salesforce',
  instance: 'acme',
  objectKind: 'opportunity',
  id: '006xx000001AbCdAAK',
};

/** Starts a Sales → CS packet on the opportunity, as the panel's "Start" does; returns the packet's id. */
export async function startPacket(on: Device, packetId: string = crypto.randomUUID()): Promise<string> {
  const result = await on.edit('createPacket', {
    packetId,
    handoffPoint: 'sales_to_cs',
    record: opportunity,
    receivingTeamId: 'cs',
  });
  if (!result.ok) throw new Error(result.message);
  return result.packet.id;
}

/** Types a value over what the device shows, as the panel does (based on the revision on screen). */
export async function typeField(on: Device, packetId: string, field: string, value: string): Promise<void> {
  const seen = (await on.db.packets.get(packetId))?.packet.fields[field]?.rev ?? null;
  const result = await on.edit('setField', { packetId, field, value, baseRev: seen });
  if (!result.ok) throw new Error(result.message);
}

export async function fieldOn(on: Device, packetId: string, field: string) {
  return (await on.db.packets.get(packetId))?.packet.fields[field]?.value;
}
