import type { Me } from '../api';
import type { BatonDatabase } from '../db/database';
import { readSetting, writeSetting } from '../db/settings';
import { createApiClient, type Transport } from './api-client';
import { storeDirectory } from './directory-cache';

/** A token for another person than the one whose changes this device holds. */
export class OtherPersonError extends Error {}

/**
 * Tests the token against the API (who am I, the workspace's playbook and who is who in it) and keeps them
 * on this device.
 * Changes made before, in local-only mode, stay in the outbox and are pushed as this person's. Signing in
 * again (a rotated token) keeps everything, but only for the same person: the API binds this device's
 * client id, and so its pending changes, to whoever pushed first.
 */
export async function signIn(
  db: BatonDatabase,
  connection: { url: string; token: string },
  transport: Transport,
  now: Date = new Date(),
): Promise<Me> {
  const client = createApiClient({ ...connection, transport });
  const [me, playbook, directory] = await Promise.all([client.me(), client.playbook(), client.directory()]);
  const current = await readSetting(db, 'session');
  if (current && current.me.user.id !== me.user.id)
    throw new OtherPersonError(`this token is ${me.user.name}'s; sign out first to switch people`);
  await db.transaction('rw', db.settings, db.directory, async () => {
    await writeSetting(db, 'connection', connection);
    await writeSetting(db, 'session', { me, playbook, refreshedAt: now.toISOString() });
    await storeDirectory(db, directory, now);
  });
  return me;
}

/** Forgets the token and everything this device holds, pending changes included: ask the person first. */
export async function signOutAndErase(db: BatonDatabase): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
  });
}

/** How many changes wait for the API, and the id of the newest (0: none). */
export async function pendingChanges(db: BatonDatabase): Promise<{ pending: number; newestPending: number }> {
  const [pending, newest] = await Promise.all([db.outbox.count(), db.outbox.orderBy('id').last()]);
  return { pending, newestPending: newest?.id ?? 0 };
}

/**
 * Signs out as `signOutAndErase` does, unless a change newer than `discardingUpTo`, the newest the person
 * agreed to lose, is pending (a panel saved it since they were asked): then it erases nothing and tells
 * what is pending now. Checked and erased in one transaction, so no change slips in between.
 */
export async function signOutDiscarding(
  db: BatonDatabase,
  discardingUpTo: number,
): Promise<{ ok: true } | { ok: false; pending: number; newestPending: number }> {
  return db.transaction('rw', db.tables, async () => {
    if ((await db.outbox.where('id').above(discardingUpTo).count()) > 0)
      return { ok: false, ...(await pendingChanges(db)) };
    await signOutAndErase(db);
    return { ok: true };
  });
}
