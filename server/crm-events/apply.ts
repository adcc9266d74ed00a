import { randomUUID } from 'node:crypto';
import { type CrmEvent, type CrmEventOutcome, dealFacts, packetPrefill } from '../../lib/crm-events';
import type { Actor } from '../../lib/handoff/actor';
import { type FunctionName, HandoffPoint, handoffPoints } from '../../lib/handoff/handoff-points';
import type { Packet } from '../../lib/handoff/packet';
import { calendarForPolicy, type Playbook } from '../../lib/handoff/playbook';
import { currentClock } from '../../lib/handoff/sla-clock';
import type { MutationResult, MutatorContext } from '../../lib/sync/mutators';
import { createPacket } from '../../lib/sync/mutators/create';
import { integrationActor, recordClosedWon, writeCrmFacts } from '../../lib/sync/mutators/crm';
import { reassign } from '../../lib/sync/mutators/lifecycle';
import { andThen } from '../../lib/sync/mutators/result';
import type { ChangedPacket } from '../sync/commit-changes';
import type { StoredPacket } from '../sync/push-targets';

export interface EventContext {
  sourceId: string;
  /** The record's open packets, with their schedule history. */
  packets: readonly StoredPacket[];
  /** The Baton user the event's owner email names. */
  owner: Actor | null;
  playbook: Playbook;
  now: Date;
}

/** What an event does: its outcome, and the packets it changed, ready for commitChanges. */
export interface AppliedEvent {
  outcome: CrmEventOutcome;
  packetId: string | null;
  detail: string | null;
  changed: ChangedPacket[];
}

/** The handoff point a won deal hands over at. */
const wonDealPoint: HandoffPoint = 'sales_to_cs';

const noOpenPacket: AppliedEvent = {
  outcome: 'ignored',
  packetId: null,
  detail: 'the record has no open packet',
  changed: [],
};

/**
 * Applies one CRM event to the record's packets through the same mutators the extension runs, as the
 * source's integration actor. It decides and computes only: the caller commits what it returns.
 */
export function applyCrmEvent(event: CrmEvent, context: EventContext): AppliedEvent {
  const ctx: MutatorContext = {
    actor: integrationActor(context.sourceId),
    now: context.now.toISOString(),
    playbook: context.playbook,
    writeId: `crm/${event.id}`,
  };
  switch (event.type) {
    case 'closed_won':
      return closedWon(event, context, ctx);
    case 'stage_changed':
      return onEachPacket(context, 'stage_updated', `deal.stage is now "${event.stage}"`, (packet) =>
        writeCrmFacts(packet, dealFacts(event), ctx),
      );
    case 'owner_changed':
      return ownerChanged(event, context, ctx);
  }
}

/**
 * Closed-won on a record with an open packet (its sales_to_cs one first) is recorded there, which starts
 * the clocks that run from closed-won. Without one, it starts a draft owned by the record's owner when
 * Baton knows them, and is otherwise left for an admin.
 */
function closedWon(event: CrmEvent, context: EventContext, ctx: MutatorContext): AppliedEvent {
  const closedWonArgs = {
    crmEventId: event.id,
    sourceId: context.sourceId,
    occurredAt: event.occurredAt,
    facts: dealFacts(event),
    ...(event.recordUrl === undefined ? {} : { recordUrl: event.recordUrl }),
  };
  const target = preferred(context.packets);
  if (target) {
    const changed = changedPacket(target, recordClosedWon(target.packet, closedWonArgs, ctx));
    const started = clockStartedByClosedWon(changed, context.playbook, context.now);
    return {
      outcome: started ? 'clock_started' : 'closed_won_recorded',
      packetId: target.packet.id,
      detail: started ? null : `no clock of ${target.packet.handoffPoint} starts from closed-won now`,
      changed: [changed],
    };
  }
  const { owner } = context;
  if (!owner)
    return {
      outcome: 'unclaimed',
      packetId: null,
      detail: event.owner
        ? `no Baton user has the email ${event.owner.email}`
        : 'the event names no owner to start a packet for',
      changed: [],
    };
  const givingTeamId = teamOfFunction(owner, handoffPoints[wonDealPoint].giving);
  const started = createPacket(
    null,
    {
      packetId: randomUUID(),
      handoffPoint: wonDealPoint,
      record: event.record,
      ...(givingTeamId === null ? {} : { givingTeamId }),
      prefill: packetPrefill(event),
    },
    { ...ctx, actor: owner },
  );
  const result = andThen(started, (packet) => recordClosedWon(packet, closedWonArgs, ctx));
  const changed = changedPacket(null, result);
  return { outcome: 'packet_started', packetId: changed.packet.id, detail: null, changed: [changed] };
}

/** Whether a clock of the packet's handoff point started a cycle at this closed-won (not one already running). */
function clockStartedByClosedWon(
  { packet, events, scheduleEvents }: ChangedPacket,
  playbook: Playbook,
  now: Date,
) {
  const won = events.find((event) => event.type === 'closed_won');
  return playbook.handoffPoints[packet.handoffPoint].slas.some(
    (policy) =>
      policy.start === 'closed_won' &&
      won !== undefined &&
      currentClock(policy, scheduleEvents, calendarForPolicy(playbook, policy, packet.owners), now)
        .startedAt === new Date(won.at).toISOString(),
  );
}

/** The giving side of each open packet goes to the record's new owner, when Baton knows them. */
function ownerChanged(
  event: Extract<CrmEvent, { type: 'owner_changed' }>,
  context: EventContext,
  ctx: MutatorContext,
): AppliedEvent {
  const { owner } = context;
  if (context.packets.length === 0) return noOpenPacket;
  if (!owner)
    return {
      outcome: 'unclaimed',
      packetId: null,
      detail: `no Baton user has the email ${event.owner.email}; the packets keep their owner`,
      changed: [],
    };
  return onEachPacket(context, 'reassigned', `given to ${event.owner.email}`, (packet) => {
    const teamId = teamOfFunction(owner, handoffPoints[packet.handoffPoint].giving);
    return reassign(
      packet,
      {
        packetId: packet.id,
        side: 'giving',
        userId: owner.userId,
        ...(teamId === null ? {} : { teamId }),
        reason: `the record's owner changed in ${event.record.system}`,
      },
      ctx,
    );
  });
}

/** Runs a change on each of the record's open packets: `outcome` if any changed, else `ignored`. */
function onEachPacket(
  context: EventContext,
  outcome: CrmEventOutcome,
  detail: string,
  change: (packet: Packet) => MutationResult,
): AppliedEvent {
  if (context.packets.length === 0) return noOpenPacket;
  const changed = context.packets
    .map((stored) => changedPacket(stored, change(stored.packet)))
    .filter((packet) => packet.events.length > 0);
  const first = preferred(changed);
  if (!first) return { outcome: 'ignored', packetId: null, detail: 'nothing to change', changed: [] };
  const count = changed.length === 1 ? '' : ` (${changed.length} packets)`;
  return { outcome, packetId: first.packet.id, detail: `${detail}${count}`, changed };
}

/** The packet of the handoff point a won deal belongs to, else the first by handoff point order. */
function preferred<T extends { packet: Packet }>(packets: readonly T[]): T | undefined {
  const order = (packet: Packet) =>
    packet.handoffPoint === wonDealPoint ? -1 : HandoffPoint.options.indexOf(packet.handoffPoint);
  return [...packets].sort((a, b) => order(a.packet) - order(b.packet))[0];
}

function teamOfFunction(actor: Actor, name: FunctionName): string | null {
  return actor.teamIds.find((teamId) => actor.teamFunctions[teamId] === name) ?? null;
}

/**
 * A mutation's result as a change to commit, with the history its SLA columns are computed from. A
 * refusal cannot come from a valid event (the integration actor has an admin's reach, and the event's
 * schema admits only values the field catalogue does), so it is a fault, not an answer.
 */
function changedPacket(stored: StoredPacket | null, result: MutationResult): ChangedPacket {
  if (!result.ok) throw new Error(`a CRM event was refused by a mutator: ${result.code}: ${result.message}`);
  const history = stored?.history ?? [];
  return { packet: result.packet, events: result.events, scheduleEvents: [...history, ...result.events] };
}
