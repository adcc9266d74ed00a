import type { Packet } from '../../handoff/packet';
import type { MutationArgs } from '../mutations';
import {
  commit,
  type Draft,
  joinUnlessEditor,
  type MutationResult,
  type MutatorContext,
  refuse,
} from './result';
import { checkValue, normaliseValue, scalarCatalogue } from './values';

/** Starts a packet, or joins `existing`, the open packet of the same record and handoff point. */
export function createPacket(
  existing: Packet | null,
  args: MutationArgs<'createPacket'>,
  ctx: MutatorContext,
): MutationResult {
  const prefill = Object.entries(args.prefill ?? {});
  for (const [field, value] of prefill) {
    const problem = checkValue(scalarCatalogue[field], field, value);
    if (problem) return refuse('invalid_value', problem);
  }
  const joined = existing !== null;
  let packet: Packet = existing ?? {
    id: args.packetId,
    handoffPoint: args.handoffPoint,
    records: [args.record],
    owners: {
      givingUserId: ctx.actor.userId,
      givingTeamId: args.givingTeamId ?? ctx.actor.teamIds[0] ?? null,
      receivingUserId: args.receivingUserId ?? null,
      receivingTeamId: args.receivingTeamId ?? null,
    },
    status: 'draft',
    returnReason: null,
    fields: {},
    lists: {},
    conflicts: [],
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    seq: 0,
  };
  const drafts: Draft[] = [];
  if (!joined)
    drafts.push({
      type: 'created',
      data: { handoffPoint: args.handoffPoint, record: args.record, owners: packet.owners },
    });
  else {
    const join = joinUnlessEditor(packet, ctx);
    packet = join.packet;
    drafts.push(...join.drafts);
  }
  const fields = { ...packet.fields };
  for (const [field, value] of prefill) {
    if (fields[field]?.value != null || normaliseValue(value) === null) continue;
    fields[field] = { value, rev: ctx.writeId, setBy: ctx.actor.userId, setAt: ctx.now, source: 'crm' };
    drafts.push({
      type: 'field_set',
      data: { field, value, previous: null, rev: ctx.writeId, source: 'crm' },
    });
  }
  packet = { ...packet, fields };
  const result = commit(packet, drafts, ctx);
  return result.ok && joined ? { ...result, joined } : result;
}
