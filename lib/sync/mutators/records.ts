import { canEdit } from '../../handoff/lifecycle';
import { isOpen, type Packet } from '../../handoff/packet';
import { sameRecord } from '../../handoff/record';
import type { MutationArgs } from '../mutations';
import {
  commit,
  type Draft,
  type MutationResult,
  type MutatorContext,
  refuse,
  requireEditable,
} from './result';

/**
 * Links the actor's record to the packet. Someone who brings their record to a packet they had no part in
 * (a CSM linking their Gainsight account to the AE's Salesforce packet) joins it, as starting a packet on a
 * record that already has one does: they follow it from then on and may work on it.
 */
export function linkRecord(
  packet: Packet | null,
  args: MutationArgs<'linkRecord'>,
  ctx: MutatorContext,
): MutationResult {
  if (!packet) return refuse('not_found', 'no such packet');
  if (!isOpen(packet)) return refuse('invalid_status', 'a closed packet cannot change');
  if (packet.records.some((record) => sameRecord(record, args.record))) return commit(packet, [], ctx);
  const drafts: Draft[] = [];
  let linked: Packet = { ...packet, records: [...packet.records, args.record] };
  if (!canEdit(ctx.actor, packet)) {
    linked = { ...linked, contributors: [...(packet.contributors ?? []), ctx.actor.userId] };
    drafts.push({ type: 'joined', data: { userId: ctx.actor.userId } });
  }
  drafts.push({ type: 'linked', data: { record: args.record } });
  return commit(linked, drafts, ctx);
}

export function unlinkRecord(
  packet: Packet | null,
  args: MutationArgs<'unlinkRecord'>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  const records = editable.records.filter((record) => !sameRecord(record, args.record));
  if (records.length === editable.records.length) return commit(editable, [], ctx);
  if (records.length === 0)
    return refuse(
      'invalid_value',
      'a packet keeps at least one record; link another before unlinking this one',
    );
  return commit({ ...editable, records }, [{ type: 'unlinked', data: { record: args.record } }], ctx);
}
