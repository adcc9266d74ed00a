import type { Packet } from '../../handoff/packet';
import { sameRecord } from '../../handoff/record';
import type { MutationArgs } from '../mutations';
import {
  commit,
  joinUnlessEditor,
  type MutationResult,
  type MutatorContext,
  refuse,
  requireEditable,
  requireOpen,
} from './result';

/**
 * Links the actor's record to the packet; someone who had no part in it joins it (a CSM linking their
 * Gainsight account to the AE's Salesforce packet), as starting a packet on one of its records does.
 */
export function linkRecord(
  packet: Packet | null,
  args: MutationArgs<'linkRecord'>,
  ctx: MutatorContext,
): MutationResult {
  const open = requireOpen(packet);
  if ('ok' in open) return open;
  if (open.records.some((record) => sameRecord(record, args.record))) return commit(open, [], ctx);
  const joined = joinUnlessEditor(open, ctx);
  return commit(
    { ...joined.packet, records: [...open.records, args.record] },
    [...joined.drafts, { type: 'linked', data: { record: args.record } }],
    ctx,
  );
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
