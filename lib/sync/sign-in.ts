import type { Me } from '../api';
import type { BatonDatabase } from '../db/database';
import { readSetting, writeSetting } from '../db/settings';
import { createApiClient, type Transport } from './api-client';

/** A token for another person than the one whose changes this device holds. */
export class OtherPersonError extends Error {}

/**
 * Tests the token against the API (who am I, and the workspace's playbook) and keeps both on this device.
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
  const [me, playbook] = await Promise.all([client.me(), client.playbook()]);
  const current = await readSetting(db, 'session');
  if (current && current.me.user.id !== me.user.id)
    throw new OtherPersonError(`this token is ${me.user.name}'s; sign out first to switch people`);
  await db.transaction('rw', db.settings, async () => {
    await writeSetting(db, 'connection', connection);
    await writeSetting(db, 'session', { me, playbook, refreshedAt: now.toISOString() });
  });
  return me;
}

/** Forgets the token and everything this device holds, pending changes included: ask the person first. */
export async function signOutAndErase(db: BatonDatabase): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
  });
}

/**
 * Signs out as `signOutAndErase` does, unless more changes are pending than the person agreed to lose (a
 * panel saved one since they were asked): then it erases nothing and tells how many are pending. Counted
 * and erased in one transaction, so no change slips in between.
 */
export async function signOutDiscarding(
  db: BatonDatabase,
  discarding: number,
): Promise<{ ok: true } | { ok: false; pending: number }> {
  return db.transaction('rw', db.tables, async () => {
    const pending = await db.outbox.count();
    if (pending > discarding) return { ok: false, pending };
    await signOutAndErase(db);
    return { ok: true };
  });
}
