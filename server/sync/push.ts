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
import { commitChanges } from './commit-changes';
import { findOpenPacket, scheduleEventTypes } from './packet-store';
import { newestPlaybookSeen, playbookVersion } from './playbook-store';
import { lockBatch, type PushTargets } from './push-targets';

export class PushError extends Error {
  constructor(
    readonly status: 403 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Applies a client's mutations exactly once and in order, in one transaction with their bookkeeping.
 * Mutations already processed are skipped (a replayed batch changes nothing); a refused one is recorded
 * with its reason and does not hold up the rest. `now` is the request's time; only the demo's seeder,
 * replaying months of handoffs, gives another.
 */
export async function push(
  db: Database,
  caller: Caller,
  request: PushRequest,
  now: Date = new Date(),
): Promise<PushResponse> {
  const { workspaceId } = caller;
  const parsed = request.mutations.map((mutation) => ({
    id: mutation.id,
    name: mutation.name,
    result: parse(mutation),
  }));
  const wanted = wantedTargets(parsed);
  const owner = { workspaceId, clientId: request.clientId, userId: caller.actor.userId };
  return inWorkspace(db, workspaceId, async (tx) => {
    // The events to read depend on the playbook, whose newest version comes back with the locks: read
    // by the newest this process has seen, and read again in the rare case that it changed since.
    const assumed = newestPlaybookSeen(workspaceId);
    const locked = await lockBatch(tx, owner, wanted, scheduleEventTypes(assumed));
    const { client } = locked;
    if (client.userId !== caller.actor.userId)
      throw new PushError(403, 'client_not_yours', 'this client id belongs to another user');
    const pending = parsed.filter((mutation) => mutation.id > client.lastMutationId);
    pending.forEach((mutation, index) => {
      const expected = client.lastMutationId + index + 1;
      if (mutation.id !== expected)
        throw new PushError(409, 'mutation_gap', `expected mutation ${expected} next, got ${mutation.id}`);
    });
    if (pending.length === 0) return { lastMutationId: client.lastMutationId, rejections: [] };

    const playbook = await playbookVersion(tx, workspaceId, client.playbookVersion);
    const eventTypes = scheduleEventTypes(playbook);
    const batch = new Batch(
      sameMembers(eventTypes, scheduleEventTypes(assumed))
        ? locked.targets
        : (await lockBatch(tx, owner, wanted, eventTypes)).targets,
    );
    const rejections: Rejection[] = [];
    for (const { id, name, result: parsedMutation } of pending) {
      const reject = ({ code, message }: { code: Rejection['code']; message: string }) =>
        rejections.push({ mutationId: id, name, code, message });
      if (!parsedMutation.ok) {
        reject(parsedMutation);
        continue;
      }
      const ctx: MutatorContext = {
        actor: caller.actor,
        now: now.toISOString(),
        playbook,
        writeId: `${request.clientId}/${id}`,
      };
      const result = await applyOne(tx, workspaceId, parsedMutation.mutation, ctx, batch);
      if (result.ok) batch.record(parsedMutation.mutation, result);
      else reject(result);
    }

    const lastMutationId = pending[pending.length - 1]?.id ?? client.lastMutationId;
    await commitChanges(tx, {
      workspaceId,
      client: { id: request.clientId, lastMutationId },
      changed: batch.changed(),
      aliases: batch.aliases,
      rejections,
      playbook,
      now,
    });
    return { lastMutationId, rejections };
  });
}

type Parsed = ReturnType<typeof parseMutation> | { ok: false; code: 'invalid_args'; message: string };

function parse({ name, args }: PushRequest['mutations'][number]): Parsed {
  const unstorable = unstorableText(args);
  if (unstorable)
    return { ok: false, code: 'invalid_args', message: `${unstorable.path || name}: ${unstorable.message}` };
  return parseMutation(name, args);
}

/** The packets and records the batch's valid mutations name, to lock and read in one go. */
function wantedTargets(parsed: ReadonlyArray<{ result: Parsed }>) {
  const mutations = parsed.flatMap(({ result }) => (result.ok ? [result.mutation] : []));
  return {
    packetIds: mutations.map((mutation) => mutation.args.packetId),
    creates: mutations.flatMap((mutation) =>
      mutation.name === 'createPacket'
        ? [{ record: mutation.args.record, handoffPoint: mutation.args.handoffPoint }]
        : [],
    ),
  };
}

/**
 * The batch's view of its packets: what the database held when the batch locked them, and what its
 * mutations made of them so far.
 */
class Batch {
  private readonly touched = new Map<string, { packet: Packet; events: HistoryEvent[] }>();
  readonly aliases = new Map<string, string>();

  constructor(private readonly stored: PushTargets) {}

  /**
   * The packet a mutation applies to. A create finds the open packet of its record and handoff point
   * (in this batch or in the database) to join; everything else follows aliases to the packet it joined.
   */
  target(mutation: ParsedMutation): Packet | null {
    if (mutation.name === 'createPacket') {
      const { record, handoffPoint, packetId } = mutation.args;
      const wanted = { record, handoffPoint };
      const inBatch = [...this.touched.values()].find(({ packet }) => openFor(packet, wanted));
      if (inBatch) return inBatch.packet;
      // A stored packet this batch changed was judged as it is now, just above.
      const existing = [...this.stored.packets.values()].find(
        ({ packet }) => !this.touched.has(packet.id) && openFor(packet, wanted),
      );
      if (existing) return existing.packet;
      return this.touched.get(packetId)?.packet ?? this.current(this.stored.resolve(packetId));
    }
    // A packet this batch already holds is a packet, not an alias: aliases are only written at the end.
    const requested = mutation.args.packetId;
    const id =
      this.aliases.get(requested) ??
      (this.touched.has(requested) ? requested : this.stored.resolve(requested));
    return this.current(id);
  }

  record(mutation: ParsedMutation, result: Extract<MutationResult, { ok: true }>): void {
    if (result.joined && mutation.args.packetId !== result.packet.id)
      this.aliases.set(mutation.args.packetId, result.packet.id);
    const previous = this.touched.get(result.packet.id);
    this.touched.set(result.packet.id, {
      packet: result.packet,
      events: [...(previous?.events ?? []), ...result.events],
    });
  }

  /** The packets this batch changed, each with the history packetSchedule needs. */
  changed() {
    return [...this.touched.values()]
      .filter(({ events }) => events.length > 0)
      .map(({ packet, events }) => ({
        packet,
        events,
        scheduleEvents: [...(this.stored.packets.get(packet.id)?.history ?? []), ...events],
      }));
  }

  private current(id: string): Packet | null {
    return this.touched.get(id)?.packet ?? this.stored.packets.get(id)?.packet ?? null;
  }
}

async function applyOne(
  tx: Tx,
  workspaceId: string,
  mutation: ParsedMutation,
  ctx: MutatorContext,
  batch: Batch,
): Promise<MutationResult> {
  const target = batch.target(mutation);
  // A create starts a packet or joins the open one of its record and handoff point. Reusing the id of
  // any other packet (a closed one, another record's) would let anybody write into it.
  if (mutation.name === 'createPacket' && target && !openFor(target, mutation.args))
    return {
      ok: false,
      code: target.status === 'closed' ? 'invalid_status' : 'invalid_args',
      message: `packet ${mutation.args.packetId} exists, and is not the open ${mutation.args.handoffPoint} packet of that record`,
    };
  if (mutation.name === 'reassign' && target) {
    const unknown = await unknownAssignee(tx, workspaceId, mutation.args);
    if (unknown) return { ok: false, code: 'invalid_args', message: unknown };
  }
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

/** Why a side cannot go to that person or team: one that is not in the workspace. Null when both are. */
async function unknownAssignee(
  tx: Tx,
  workspaceId: string,
  { userId, teamId }: { userId: string; teamId?: string | null | undefined },
): Promise<string | null> {
  const [found] = await tx.query<{ user: boolean; team: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM users WHERE workspace_id = $1 AND id = $2) AS "user",
            EXISTS (SELECT 1 FROM teams WHERE workspace_id = $1 AND id = $3) AS team`,
    [workspaceId, userId, teamId ?? null],
  );
  if (!found?.user) return `there is no user "${userId}" in this workspace`;
  if (teamId != null && !found.team) return `there is no team "${teamId}" in this workspace`;
  return null;
}

/** Whether `packet` is the open packet of that record and handoff point: the one a create joins. */
function openFor(packet: Packet, args: { handoffPoint: string; record: RecordKey }): boolean {
  return (
    packet.status !== 'closed' &&
    packet.handoffPoint === args.handoffPoint &&
    packet.records.some((linked) => sameRecord(linked, args.record))
  );
}

function sameMembers(one: readonly string[], other: readonly string[]): boolean {
  return one.length === other.length && new Set([...one, ...other]).size === one.length;
}
