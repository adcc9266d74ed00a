import type { Packet } from '../../handoff/packet';
import { sameRecord } from '../../handoff/record';
import type { MutationArgs } from '../mutations';
import { commit, type MutationResult, type MutatorContext, refuse, requireEditable } from './result';

export function linkRecord(
  packet: Packet | null,
  args: MutationArgs<'linkRecord'>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  if (editable.records.some((record) => sameRecord(record, args.record))) return commit(editable, [], ctx);
  return commit(
    { ...editable, records: [...editable.records, args.record] },
    [{ type: 'linked', data: { record: args.record } }],
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
