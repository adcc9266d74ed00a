import * as z from 'zod/mini';
import { Id } from '../handoff/actor';
import { HandoffPoint } from '../handoff/handoff-points';
import { Revision, ScalarValue } from '../handoff/packet';
import { RecordKey } from '../handoff/record';

const packetId = z.uuid();
const fieldName = z.string().check(z.minLength(1), z.maxLength(100));
const reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(2000));

/** The arguments of every change a client can make; the same schemas guard the extension and the API. */
export const mutationArgs = {
  createPacket: z.object({
    packetId,
    handoffPoint: HandoffPoint,
    record: RecordKey,
    givingTeamId: z.optional(z.nullable(Id)),
    receivingTeamId: z.optional(z.nullable(Id)),
    receivingUserId: z.optional(z.nullable(Id)),
    /** Values read from the CRM page; they fill only what is still empty. */
    prefill: z.optional(z.record(fieldName, ScalarValue)),
  }),
  setField: z.object({
    packetId,
    field: fieldName,
    value: z.nullable(ScalarValue),
    /** The field's revision the client last saw (null: it saw no value); another one means a concurrent edit. */
    baseRev: z.nullable(Revision),
    source: z.optional(z.enum(['typed', 'crm'])),
  }),
  addItem: z.object({ packetId, list: fieldName, itemId: Id, values: z.record(fieldName, ScalarValue) }),
  updateItem: z.object({
    packetId,
    list: fieldName,
    itemId: Id,
    field: fieldName,
    value: z.nullable(ScalarValue),
    baseRev: z.nullable(Revision),
  }),
  removeItem: z.object({ packetId, list: fieldName, itemId: Id }),
  linkRecord: z.object({ packetId, record: RecordKey }),
  unlinkRecord: z.object({ packetId, record: RecordKey }),
  resolveConflict: z.object({ packetId, conflictId: Id, keep: z.enum(['kept', 'proposed']) }),
  transition: z.object({
    packetId,
    transition: z.enum([
      'submit',
      'accept',
      'return',
      'reopen',
      'hold_kickoff',
      'reach_first_value',
      'close',
    ]),
    reason: z.optional(reason),
  }),
  reassign: z.object({
    packetId,
    side: z.enum(['giving', 'receiving']),
    userId: Id,
    teamId: z.optional(z.nullable(Id)),
    reason: z.optional(reason),
  }),
};

export type MutationName = keyof typeof mutationArgs;
export type MutationArgs<Name extends MutationName> = z.infer<(typeof mutationArgs)[Name]>;

export const MutationName = z.enum(Object.keys(mutationArgs) as [MutationName, ...MutationName[]]);

/** One named change with unvalidated arguments, as it crosses a trust boundary. */
export const MutationEnvelope = z.object({ name: MutationName, args: z.unknown() });
