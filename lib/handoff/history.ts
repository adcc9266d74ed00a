import * as z from 'zod/mini';
import { Id } from './actor';
import { type Status, Timestamp } from './packet';

export const EventType = z.enum([
  'created',
  'joined',
  'field_set',
  'item_added',
  'item_updated',
  'item_removed',
  'linked',
  'unlinked',
  'conflict_opened',
  'conflict_resolved',
  'submitted',
  'accepted',
  'returned',
  'reopened',
  'kickoff_held',
  'first_value_reached',
  'reassigned',
  'closed',
  'sla_threshold',
  'sla_breached',
  'escalated',
  /** The CRM reported the deal won (POST /v1/events): what a kickoff clock can start from. */
  'closed_won',
]);
export type EventType = z.infer<typeof EventType>;

/**
 * One entry of a packet's append-only history: the audit trail, and the source that status, SLA
 * clocks and metrics derive from. `data` holds what the event needs to be read on its own.
 */
export const HistoryEvent = z.object({
  packetId: z.uuid(),
  seq: z.number().check(z.int(), z.positive()),
  type: EventType,
  at: Timestamp,
  actorId: Id,
  data: z.record(z.string(), z.unknown()),
});
export type HistoryEvent = z.infer<typeof HistoryEvent>;

/** The status each lifecycle event leads to; other events leave the status as it was. */
export const statusAfter: Partial<Record<EventType, Status>> = {
  created: 'draft',
  submitted: 'submitted',
  accepted: 'accepted',
  returned: 'returned',
  reopened: 'draft',
  kickoff_held: 'kickoff_held',
  first_value_reached: 'first_value_reached',
  closed: 'closed',
};

/** Replays a history to the packet's status. */
export function deriveStatus(events: readonly Pick<HistoryEvent, 'type'>[]): Status | null {
  let status: Status | null = null;
  for (const event of events) status = statusAfter[event.type] ?? status;
  return status;
}
