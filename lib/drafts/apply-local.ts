import type { PromiseExtended } from 'dexie';
import type { BatonDatabase } from '../db/database';
import { packetRow } from '../db/packet-rows';
import { openPacketFor } from '../db/queries';
import type { Actor } from '../handoff/actor';
import type { Packet } from '../handoff/packet';
import type { Playbook } from '../handoff/playbook';
import type { MutationArgs, MutationName } from '../sync/mutations';
import { type MutationErrorCode, type ParsedMutation, parseMutation, runMutation } from '../sync/mutators';
import { readClientMeta } from './client-meta';

export type LocalResult =
  | {
      ok: true;
      packet: Packet;
      /** Null when the change changed nothing, so nothing was written and nothing waits to be pushed. */
      writeId: string | null;
    }
  | { ok: false; code: MutationErrorCode; message: string };

/** The packet a mutation applies to: for createPacket, the open packet it would join. */
function packetBefore(db: BatonDatabase, mutation: ParsedMutation): PromiseExtended<Packet | null> {
  if (mutation.name === 'createPacket')
    return openPacketFor(db, mutation.args.record, mutation.args.handoffPoint);
  return db.packets.get(mutation.args.packetId, (row) => row?.packet ?? null);
}

/**
 * Applies a change to the local copy the way the API will: the same mutator, with this client's next
 * mutation id as its write id. The packet, its history events, the outbox row and the id counter are written
 * in one transaction, and the promise resolves only once it committed, so a resolved change is on disk.
 * A refused change writes nothing.
 */
export async function applyLocal<Name extends MutationName>(
  db: BatonDatabase,
  name: Name,
  args: MutationArgs<Name>,
  actor: Actor,
  playbook: Playbook,
  now: Date = new Date(),
): Promise<LocalResult> {
  const parsed = parseMutation(name, args);
  if (!parsed.ok) return parsed;
  const { mutation } = parsed;
  return db.transaction('rw', [db.packets, db.outbox, db.meta, db.history], async () => {
    const meta = await readClientMeta(db);
    const mutationId = meta.lastMutationId + 1;
    const writeId = `${meta.clientId}/${mutationId}`;
    const at = now.toISOString();
    const result = runMutation(mutation, await packetBefore(db, mutation), {
      actor,
      now: at,
      playbook,
      writeId,
    });
    if (!result.ok) return result;
    if (result.events.length === 0) return { ok: true, packet: result.packet, writeId: null };
    await db.packets.put(packetRow(result.packet));
    await db.history.bulkPut(result.events);
    await db.outbox.add({
      id: mutationId,
      name: mutation.name,
      args: mutation.args,
      createdAt: at,
      packetId: result.packet.id,
    });
    await db.meta.put({ ...meta, lastMutationId: mutationId });
    return { ok: true, packet: result.packet, writeId };
  });
}
