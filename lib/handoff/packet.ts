import * as z from 'zod/mini';
import { Id } from './actor';
import { HandoffPoint } from './handoff-points';
import { RecordKey } from './record';

export const Status = z.enum([
  'draft',
  'submitted',
  'returned',
  'accepted',
  'kickoff_held',
  'first_value_reached',
  'closed',
]);
export type Status = z.infer<typeof Status>;

export const openStatuses: readonly Status[] = Status.options.filter((status) => status !== 'closed');

export const ValueSource = z.enum(['typed', 'crm', 'synced']);
export type ValueSource = z.infer<typeof ValueSource>;

export const Timestamp = z.iso.datetime({ offset: true });

export const ScalarValue = z.union([z.string(), z.number(), z.boolean()]);

/** The id of the write that produced a value: the client's id and its mutation id, unique everywhere. */
export const Revision = z.string().check(z.minLength(1), z.maxLength(200));

/**
 * A value and its provenance. `rev` names the write that produced it, so "the value I last saw" is
 * exact even when two people each made their second edit. A cleared value keeps its revision.
 */
export const FieldValue = z.object({
  value: z.nullable(ScalarValue),
  rev: Revision,
  setBy: Id,
  setAt: Timestamp,
  source: ValueSource,
});
export type FieldValue = z.infer<typeof FieldValue>;

export const ListItem = z.object({
  id: Id,
  addedBy: Id,
  addedAt: Timestamp,
  /** Removed items stay as tombstones so that a late edit to them is refused, not resurrected. */
  removedAt: z.optional(Timestamp),
  fields: z.record(z.string(), FieldValue),
});
export type ListItem = z.infer<typeof ListItem>;

/** Where a value lives: a scalar field of the packet, or one field of one list item. */
export const FieldTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scalar'), field: z.string() }),
  z.object({ kind: z.literal('item'), list: z.string(), itemId: Id, field: z.string() }),
]);
export type FieldTarget = z.infer<typeof FieldTarget>;

/** Two people changed the same value without seeing each other's change; the packet keeps both. */
export const Conflict = z.object({
  id: Id,
  target: FieldTarget,
  kept: FieldValue,
  proposed: FieldValue,
  openedAt: Timestamp,
});
export type Conflict = z.infer<typeof Conflict>;

export const Owners = z.object({
  givingUserId: z.nullable(Id),
  givingTeamId: z.nullable(Id),
  receivingUserId: z.nullable(Id),
  receivingTeamId: z.nullable(Id),
});
export type Owners = z.infer<typeof Owners>;

export const Packet = z.object({
  id: z.uuid(),
  handoffPoint: HandoffPoint,
  records: z.array(RecordKey).check(z.minLength(1)),
  owners: Owners,
  status: Status,
  returnReason: z.nullable(z.string()),
  fields: z.record(z.string(), FieldValue),
  lists: z.record(z.string(), z.array(ListItem)),
  conflicts: z.array(Conflict),
  createdBy: Id,
  /**
   * People who started this packet offline for the same record and were joined to it: they keep
   * editing what they began, whoever created it first (nobody's typing is refused for arriving second).
   */
  contributors: z.optional(z.array(Id)),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The sequence number of the packet's last history event. */
  seq: z.number().check(z.int(), z.nonnegative()),
});
export type Packet = z.infer<typeof Packet>;

export function isOpen(packet: Pick<Packet, 'status'>): boolean {
  return packet.status !== 'closed';
}

/** The items of a list that have not been removed. */
export function liveItems(packet: Packet, list: string): ListItem[] {
  return (packet.lists[list] ?? []).filter((item) => item.removedAt === undefined);
}

export function fieldValue(packet: Packet, field: string): FieldValue['value'] {
  return packet.fields[field]?.value ?? null;
}
