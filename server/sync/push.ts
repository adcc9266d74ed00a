import type { HistoryEvent } from '../../lib/handoff/history';
import type { Packet } from '../../lib/handoff/packet';
import { type RecordKey, sameRecord } from '../../lib/handoff/record';
import {
  type MutationResult,
  type MutatorContext,
  type ParsedMutation,
  parseMutation,
  runMutation,
} from '../../lib/sync/mutators';
import type { PushRequest, PushResponse, Rejection } from '../../lib/sync/protocol';
import type { Caller } from '../auth-context';
import type { Database } from '../db/connection';
import { inWorkspace, type Tx } from '../db/workspace-transaction';
import { unstorableText } from '../http/errors';
import {
  findOpenPacket,
  insertEvents,
  insertSnapshot,
  loadHistories,
  loadPacket,
  resolveAlias,
  savePacket,
  scheduleEventTypes,
} from './packet-store';
import { currentPlaybook } from './playbook-store';

export class PushError extends Error {
  constructor(
    readonly status: 403 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Touched {
  packet: Packet;
  events: HistoryEvent[];
  isNew: boolean;
}

/**
 * Applies a client's mutations exactly once and in order, in one transaction with their bookkeeping.
 * Mutations already processed are skipped (a replayed batch changes nothing); a refused one is recorded
 * with its reason and does not hold up the rest.
 */
export async function push(db: Database, caller: Caller, request: PushRequest): Promise<PushResponse> {
  return inWorkspace(db, caller.workspaceId, async (tx) => {
    const lastProcessed = await lockClient(tx, caller, request.clientId);
    const pending = request.mutations.filter((mutation) => mutation.id > lastProcessed);
    pending.forEach((mutation, index) => {
      const expected = lastProcessed + index + 1;
      if (mutation.id !== expected)
        throw new PushError(409, 'mutation_gap', `expected mutation ${expected} next, got ${mutation.id}`);
    });
    if (pending.length === 0) return { lastMutationId: lastProcessed, rejections: [] };

    const playbook = await currentPlaybook(tx, caller.workspaceId);
    const now = new Date();
    const touched = new Map<string, Touched>();
    const aliases = new Map<string, string>();
    const rejections: Rejection[] = [];

    for (const mutation of pending) {
      const ctx: MutatorContext = {
        actor: caller.actor,
        now: now.toISOString(),
        playbook,
        writeId: `${request.clientId}/${mutation.id}`,
      };
      const result = await applyOne(
        tx,
        caller.workspaceId,
        mutation.name,
        mutation.args,
        ctx,
        touched,
        aliases,
      );
      if (!result.ok) {
        rejections.push({
          mutationId: mutation.id,
          name: mutation.name,
          code: result.code,
          message: result.message,
        });
        continue;
      }
      if (result.joined) {
        const alias = (mutation.args as { packetId: string }).packetId;
        if (alias !== result.packet.id) aliases.set(alias, result.packet.id);
      }
      const previous = touched.get(result.packet.id);
      touched.set(result.packet.id, {
        packet: result.packet,
        events: [...(previous?.events ?? []), ...result.events],
        isNew: previous?.isNew ?? (mutation.name === 'createPacket' && !result.joined),
      });
    }

    const lastMutationId = pending[pending.length - 1]?.id ?? lastProcessed;
    await persist(tx, caller, request.clientId, playbook, now, touched, aliases, rejections, lastMutationId);
    return { lastMutationId, rejections };
  });
}

async function lockClient(tx: Tx, caller: Caller, clientId: string): Promise<number> {
  // Creates the client or locks the one there (DO UPDATE locks like FOR UPDATE) and reads it, in one go.
  const rows = await tx.query<{ user_id: string; last_mutation_id: string | number }>(
    `INSERT INTO clients (workspace_id, id, user_id) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, id) DO UPDATE SET user_id = clients.user_id
     RETURNING user_id, last_mutation_id`,
    [caller.workspaceId, clientId, caller.actor.userId],
  );
  const client = rows[0];
  if (!client || client.user_id !== caller.actor.userId)
    throw new PushError(403, 'client_not_yours', 'this client id belongs to another user');
  return Number(client.last_mutation_id);
}

async function applyOne(
  tx: Tx,
  workspaceId: string,
  name: string,
  args: unknown,
  ctx: MutatorContext,
  touched: Map<string, Touched>,
  aliases: ReadonlyMap<string, string>,
): Promise<MutationResult> {
  const unstorable = unstorableText(args);
  if (unstorable)
    return { ok: false, code: 'invalid_args', message: `${unstorable.path || name}: ${unstorable.message}` };
  const parsed = parseMutation(name, args);
  if (!parsed.ok) return parsed;
  const { mutation } = parsed;
  const target = await targetPacket(tx, workspaceId, mutation, touched, aliases);
  // A create starts a packet or joins the open one of its record and handoff point. Reusing the id of
  // any other packet (a closed one, another record's) would let anybody write into it.
  if (mutation.name === 'createPacket' && target && !joinable(target, mutation.args))
    return {
      ok: false,
      code: target.status === 'closed' ? 'invalid_status' : 'invalid_args',
      message: `packet ${mutation.args.packetId} exists, and is not the open ${mutation.args.handoffPoint} packet of that record`,
    };
  const result = runMutation(mutation, target, ctx);
  if (result.ok && mutation.name === 'linkRecord') {
    const other = await findOpenPacket(tx, workspaceId, mutation.args.record, result.packet.handoffPoint);
    if (other && other.id !== result.packet.id)
      return {
        ok: false,
        code: 'already_linked',
        message: `that record already has an open ${result.packet.handoffPoint} packet (${other.id})`,
      };
  }
  return result;
}

function joinable(packet: Packet, args: { handoffPoint: string; record: RecordKey }): boolean {
  return (
    packet.status !== 'closed' &&
    packet.handoffPoint === args.handoffPoint &&
    packet.records.some((linked) => sameRecord(linked, args.record))
  );
}

/**
 * The packet a mutation applies to. A create finds the open packet of its record and handoff point
 * (in this batch or in the database) to join; everything else follows aliases to the packet it joined.
 */
async function targetPacket(
  tx: Tx,
  workspaceId: string,
  mutation: ParsedMutation,
  touched: Map<string, Touched>,
  aliases: ReadonlyMap<string, string>,
): Promise<Packet | null> {
  if (mutation.name === 'createPacket') {
    const { record, handoffPoint, packetId } = mutation.args;
    const inBatch = [...touched.values()].find(
      ({ packet }) =>
        packet.status !== 'closed' &&
        packet.handoffPoint === handoffPoint &&
        packet.records.some((linked) => sameRecord(linked, record)),
    );
    if (inBatch) return inBatch.packet;
    const existing = await findOpenPacket(tx, workspaceId, record, handoffPoint);
    if (existing) return touched.get(existing.id)?.packet ?? existing;
    return touched.get(packetId)?.packet ?? (await loadPacket(tx, workspaceId, packetId, true));
  }
  // A packet this batch already holds is a packet, not an alias: aliases are only written at the end.
  const requested = mutation.args.packetId;
  const id =
    aliases.get(requested) ??
    (touched.has(requested) ? requested : await resolveAlias(tx, workspaceId, requested));
  return touched.get(id)?.packet ?? (await loadPacket(tx, workspaceId, id, true));
}

async function persist(
  tx: Tx,
  caller: Caller,
  clientId: string,
  playbook: Awaited<ReturnType<typeof currentPlaybook>>,
  now: Date,
  touched: Map<string, Touched>,
  aliases: ReadonlyMap<string, string>,
  rejections: Rejection[],
  lastMutationId: number,
): Promise<void> {
  const { workspaceId } = caller;
  const changed = [...touched.values()].filter(({ events }) => events.length > 0);
  // One query for what savePacket needs of the stored histories; a packet this batch created has none.
  const histories = await loadHistories(
    tx,
    workspaceId,
    changed.filter(({ isNew }) => !isNew).map(({ packet }) => packet.id),
    scheduleEventTypes(playbook),
  );
  for (const { packet, events } of changed) {
    const stored = histories.get(packet.id) ?? [];
    await savePacket(tx, workspaceId, packet, [...stored, ...events], playbook, now);
    for (const event of events) {
      if (event.type !== 'submitted' && event.type !== 'accepted') continue;
      await insertSnapshot(tx, workspaceId, packet, event, playbook.version);
    }
  }
  // Every packet's new events in one statement, once all the packets they belong to are saved.
  await insertEvents(
    tx,
    workspaceId,
    changed.flatMap(({ events }) => events),
  );
  for (const [alias, packetId] of aliases)
    await tx.query(
      `INSERT INTO packet_aliases (workspace_id, alias_id, packet_id) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, alias_id) DO NOTHING`,
      [workspaceId, alias, packetId],
    );
  for (const rejection of rejections)
    await tx.query(
      `INSERT INTO rejections (workspace_id, client_id, mutation_id, name, code, message, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [workspaceId, clientId, rejection.mutationId, rejection.name, rejection.code, rejection.message, now],
    );
  const changedIds = changed.map(({ packet }) => packet.id);
  if (changedIds.length === 0 && aliases.size === 0 && rejections.length === 0) {
    await tx.query('UPDATE clients SET last_mutation_id = $3 WHERE workspace_id = $1 AND id = $2', [
      workspaceId,
      clientId,
      lastMutationId,
    ]);
    return;
  }
  // Last, so the workspace's counter row is locked only for the moment before commit: writers then
  // commit in version order, and a pull cursor never passes a change that is still to commit. One
  // statement takes the next version, stamps the changed packets with it and moves the client on.
  const [counter] = await tx.query<{ version: string | number }>(
    `WITH counter AS (UPDATE workspaces SET version = version + 1 WHERE id = $1 RETURNING version),
          client AS (UPDATE clients SET last_mutation_id = $3 WHERE workspace_id = $1 AND id = $2),
          stamped AS (UPDATE packets SET version = (SELECT version FROM counter)
                       WHERE workspace_id = $1 AND id = ANY($4::uuid[]))
     SELECT version FROM counter`,
    [workspaceId, clientId, lastMutationId, changedIds],
  );
  const version = Number(counter?.version);
  if (aliases.size > 0)
    await tx.query(
      'UPDATE packet_aliases SET version = $2 WHERE workspace_id = $1 AND alias_id = ANY($3::uuid[])',
      [workspaceId, version, [...aliases.keys()]],
    );
  if (rejections.length > 0)
    await tx.query(
      'UPDATE rejections SET version = $2 WHERE workspace_id = $1 AND client_id = $3 AND version = 0',
      [workspaceId, version, clientId],
    );
}
