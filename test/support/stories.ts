import type { Actor } from '../../lib/handoff/actor';
import type { HistoryEvent } from '../../lib/handoff/history';
import type { Packet } from '../../lib/handoff/packet';
import type { MutationName } from '../../lib/sync/mutations';
import type { MutationResult } from '../../lib/sync/mutators';
import type { SlaStepArgs } from '../../lib/sync/mutators/sla';
import { apply, context } from './domain';
import { newPacket, packetId } from './packets';

/** A packet's history as it grows: each change applied by the same mutators the panel and the API run. */
export function story(start: Packet = newPacket('sales_to_cs')) {
  let packet = start;
  const events: HistoryEvent[] = [];
  const record = (result: MutationResult) => {
    if (!result.ok) throw new Error(`refused: ${result.message}`);
    events.push(...result.events);
    packet = result.packet;
  };
  return {
    /** The events since the story began. */
    events,
    get packet() {
      return packet;
    },
    act(actor: Actor, name: MutationName, args: Record<string, unknown>, now?: string) {
      record(apply(packet, name, { packetId, ...args }, context(actor, now)));
    },
    /** Adds what a mutator outside `act` did (an SLA step, a CRM event). */
    record,
  };
}

export const kickoffDeadline = '2026-12-08T16:00:00.000Z';

/** One step of the kickoff clock's ladder, as the sweeper takes it; `escalation` for an `escalated` step. */
export function slaStep(
  kind: 'sla_threshold' | 'sla_breached' | 'escalated',
  escalation: 'remind_owner' | 'notify_manager' | 'reassign' = 'notify_manager',
): SlaStepArgs['step'] {
  const key = `kickoff:${kind}:${escalation}`;
  const at = kickoffDeadline;
  const action: SlaStepArgs['step']['action'] =
    kind === 'sla_threshold'
      ? { key, kind, fraction: 0.6, at }
      : kind === 'sla_breached'
        ? { key, kind, at }
        : { key, kind, action: escalation, at };
  return {
    policyId: 'kickoff',
    cycleStart: '2026-12-01T09:00:00.000Z',
    deadline: kickoffDeadline,
    action,
    side: 'receiving',
    skipped: [],
  };
}
