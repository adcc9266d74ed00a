import type { Actor } from '../../handoff/actor';
import type { EventType, HistoryEvent } from '../../handoff/history';
import { canEdit } from '../../handoff/lifecycle';
import { isOpen, type Packet } from '../../handoff/packet';
import type { Playbook } from '../../handoff/playbook';

export interface MutatorContext {
  actor: Actor;
  /** Server time on the API; the device's time for the optimistic copy, replaced on the next pull. */
  now: string;
  playbook: Playbook;
  /** Unique id of this mutation (`clientId/mutationId`): the revision of every value it writes. */
  writeId: string;
}

export type MutationErrorCode =
  | 'invalid_args'
  | 'not_found'
  | 'forbidden'
  | 'invalid_status'
  | 'invalid_value'
  | 'criteria_unmet'
  | 'reason_required'
  | 'already_linked';

export type MutationResult =
  | { ok: true; packet: Packet; events: HistoryEvent[]; joined?: boolean }
  | { ok: false; code: MutationErrorCode; message: string };

/** An event of the mutation, before it has its place in the history. */
export type Draft = { type: EventType; data: Record<string, unknown> };

export function refuse(code: MutationErrorCode, message: string): MutationResult {
  return { ok: false, code, message };
}

/** The mutated packet with its drafts numbered as history events; no drafts means nothing changed. */
export function commit(packet: Packet, drafts: Draft[], ctx: MutatorContext): MutationResult {
  if (drafts.length === 0) return { ok: true, packet, events: [] };
  const events = drafts.map((draft, index) => ({
    packetId: packet.id,
    seq: packet.seq + index + 1,
    type: draft.type,
    at: ctx.now,
    actorId: ctx.actor.userId,
    data: draft.data,
  }));
  return { ok: true, packet: { ...packet, seq: packet.seq + events.length, updatedAt: ctx.now }, events };
}

/** Runs `next` on the packet `first` left, the events of both in order; the first refusal stops it. */
export function andThen(first: MutationResult, next: (packet: Packet) => MutationResult): MutationResult {
  if (!first.ok) return first;
  const second = next(first.packet);
  return second.ok ? { ...second, events: [...first.events, ...second.events] } : second;
}

/** The packet, if it is there and not closed; otherwise the refusal. */
export function requireOpen(packet: Packet | null): MutationResult | Packet {
  if (!packet) return refuse('not_found', 'no such packet');
  if (!isOpen(packet)) return refuse('invalid_status', 'a closed packet cannot change');
  return packet;
}

/** The packet, if the actor may still change it; otherwise the refusal. */
export function requireEditable(packet: Packet | null, ctx: MutatorContext): MutationResult | Packet {
  const open = requireOpen(packet);
  if ('ok' in open) return open;
  if (!canEdit(ctx.actor, open))
    return refuse('forbidden', 'only its owners, their managers and admins may change this packet');
  return open;
}

/**
 * Someone who brings their record to a packet they had no part in joins it as a contributor: they follow it
 * from then on and may work on it. The packet as it stands after, and the event, if any.
 */
export function joinUnlessEditor(packet: Packet, ctx: MutatorContext): { packet: Packet; drafts: Draft[] } {
  if (canEdit(ctx.actor, packet)) return { packet, drafts: [] };
  return {
    packet: { ...packet, contributors: [...(packet.contributors ?? []), ctx.actor.userId] },
    drafts: [{ type: 'joined', data: { userId: ctx.actor.userId } }],
  };
}
