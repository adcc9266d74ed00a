import type { PromiseExtended } from 'dexie';
import type { BatonDatabase } from '../db/database';
import type { ClientMeta } from '../db/rows';

/**
 * This installation's sync identity; created with the first local change, inside that change's transaction.
 * Returns Dexie's own promise: awaiting a native promise inside a transaction can let IndexedDB commit early.
 */
export function readClientMeta(db: BatonDatabase): PromiseExtended<ClientMeta> {
  return db.meta.get('client').then((existing) =>
    existing
      ? {
          ...existing,
          // Rows written before sync kept this bookkeeping lack it.
          packetsToRefresh: existing.packetsToRefresh ?? [],
          historiesToRefresh: existing.historiesToRefresh ?? {},
        }
      : {
          key: 'client',
          // A UUID fits the protocol's client id: 36 characters of letters, digits and dashes.
          clientId: crypto.randomUUID(),
          lastMutationId: 0,
          lastAckedMutationId: 0,
          pullCursor: null,
          packetsToRefresh: [],
          historiesToRefresh: {},
        },
  );
}
