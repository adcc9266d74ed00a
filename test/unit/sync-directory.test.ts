import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { directoryKey } from '../../lib/device-sync/directory-cache';
import { createSyncEngine } from '../../lib/device-sync/engine';
import { signOutAndErase } from '../../lib/device-sync/sign-in';
import { directoryNames } from '../../lib/directory-names';
import { syncClient } from '../server/support/api';
import { type Change, create, setField } from '../server/support/handoffs';
import { type Device, opportunity, startPacket, useSyncWorld } from '../support/sync-devices';

const world = useSyncWorld();

const directoryRequests = (device: Device) =>
  device.network.requests.filter((request) => request === 'GET /v1/directory').length;

async function nameOn(device: Device, userId: string): Promise<string | undefined> {
  const row = await device.db.directory.get(directoryKey);
  return row ? directoryNames(row.directory).nameOf(userId) : undefined;
}

/** Someone who joins the workspace after the devices signed in, with their token. */
async function newColleague(name: string, teams: string[]): Promise<{ id: string; token: string }> {
  const email = `${name.split(' ')[0]?.toLowerCase()}-${crypto.randomUUID()}@acme.example`;
  const created = await world.service.call('POST', '/v1/users', world.workspace.tokens.admin, {
    email,
    name,
    role: 'rep',
    teams,
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function pushAs(token: string, changes: Change[]): Promise<void> {
  const response = await syncClient(world.service, token).push(changes);
  expect(response.body.rejections).toEqual([]);
}

describe('the directory on the device', () => {
  it('is kept at sign-in: the people, teams and event sources of the workspace, by name', async () => {
    const csm = await world.device('csm');

    expect(csm.network.requests).toContain('GET /v1/directory');
    expect(await nameOn(csm, world.workspace.userIds.rep)).toBe('Rae Rep');
    expect(await nameOn(csm, world.workspace.userIds.csManager)).toBe('Cleo CS-Manager');
    const row = await csm.db.directory.get(directoryKey);
    expect(row?.directory.teams.map((team) => team.name)).toContain('Customer Success');
    expect(row?.unknownIds).toEqual([]);
  });

  it('is not fetched again while the packets synced name only people it knows', async () => {
    const rep = await world.device('rep');
    const csm = await world.device('csm');
    await startPacket(rep);
    await rep.engine.syncOnce();

    await csm.engine.syncOnce();
    await csm.engine.syncOnce();

    expect(await csm.packets()).toHaveLength(1);
    expect(directoryRequests(csm)).toBe(1);
  });

  it('is fetched again, once, when a synced packet names someone who joined since', async () => {
    const csm = await world.device('csm');
    const nia = await newColleague('Nia Newcomer', ['sales']);
    const packetId = crypto.randomUUID();
    await pushAs(nia.token, [create(packetId, opportunity)]);

    await csm.engine.syncOnce();

    expect((await csm.packets()).map((packet) => packet.owners.givingUserId)).toEqual([nia.id]);
    expect(await nameOn(csm, nia.id)).toBe('Nia Newcomer');
    expect(directoryRequests(csm)).toBe(2);

    await pushAs(nia.token, [setField(packetId, 'decisionNotes', 'Chose us for the audit trail.')]);
    await csm.engine.syncOnce();
    expect(directoryRequests(csm)).toBe(2);
  });

  it('is fetched when a record the panel opens has a packet of someone it does not know', async () => {
    const support = await world.device('support');
    const nia = await newColleague('Nia Newcomer', ['sales']);
    await pushAs(nia.token, [create(crypto.randomUUID(), opportunity)]);

    await support.engine.openRecord(opportunity);

    expect(await nameOn(support, nia.id)).toBe('Nia Newcomer');
    expect(directoryRequests(support)).toBe(2);
  });

  it('asks once about an id the API does not know, not at every sync that brings it', async () => {
    const rep = await world.device('rep');
    const packetId = await startPacket(rep);
    await rep.engine.syncOnce();
    // A packet can name someone who has since been removed from the workspace.
    const leaver = await newColleague('Lee Leaver', ['cs']);
    await pushAs(world.workspace.tokens.admin, [
      { name: 'reassign', args: { packetId, side: 'receiving', userId: leaver.id } },
    ]);
    for (const table of ['tokens', 'team_members', 'clients', 'users'])
      await world.database.query(
        `DELETE FROM ${table} WHERE workspace_id = $1 AND ${table === 'users' ? 'id' : 'user_id'} = $2`,
        [world.workspace.id, leaver.id],
      );

    await rep.engine.syncOnce();
    expect(directoryRequests(rep)).toBe(2);
    expect((await rep.db.directory.get(directoryKey))?.unknownIds).toEqual([leaver.id]);

    await pushAs(world.workspace.tokens.admin, [setField(packetId, 'decisionNotes', 'Still to be staffed.')]);
    await rep.engine.syncOnce();
    expect(directoryRequests(rep)).toBe(2);
  });

  it('is refreshed with the session every 15 minutes, and erased at sign-out', async () => {
    const csm = await world.device('csm');
    await world.database.query('UPDATE users SET name = $1 WHERE workspace_id = $2 AND id = $3', [
      'Rae Rep-Lopez',
      world.workspace.id,
      world.workspace.userIds.rep,
    ]);

    await csm.engine.syncOnce();
    expect(await nameOn(csm, world.workspace.userIds.rep)).toBe('Rae Rep');

    const later = new Date(Date.now() + 16 * 60_000);
    const engine = createSyncEngine({ db: csm.db, transport: csm.network.transport, now: () => later });
    expect(await engine.syncOnce()).toEqual({ ok: true, changed: false });
    expect(await nameOn(csm, world.workspace.userIds.rep)).toBe('Rae Rep-Lopez');
    expect((await csm.db.directory.get(directoryKey))?.fetchedAt).toBe(later.toISOString());

    await signOutAndErase(csm.db);
    expect(await csm.db.directory.count()).toBe(0);
  });

  it('is fetched by a device signed in before it existed, at its next sync', async () => {
    const csm = await world.device('csm');
    await csm.db.directory.clear();

    await csm.engine.syncOnce();

    expect(await nameOn(csm, world.workspace.userIds.rep)).toBe('Rae Rep');
    expect(directoryRequests(csm)).toBe(2);
  });
});
