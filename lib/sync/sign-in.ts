import type { Me } from '../api';
import type { BatonDatabase } from '../db/database';
import { writeSetting } from '../db/settings';
import { createApiClient, type Transport } from './api-client';

/**
 * Tests the token against the API (who am I, and the workspace's playbook) and keeps both on this device.
 * Changes made before, in local-only mode, stay in the outbox and are pushed as this person's.
 */
export async function signIn(
  db: BatonDatabase,
  connection: { url: string; token: string },
  transport: Transport,
  now: Date = new Date(),
): Promise<Me> {
  const client = createApiClient({ ...connection, transport });
  const [me, playbook] = await Promise.all([client.me(), client.playbook()]);
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
