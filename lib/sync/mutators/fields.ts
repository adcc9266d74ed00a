import type { FieldTarget, Packet } from '../../handoff/packet';
import type { MutationArgs } from '../mutations';
import { commit, type MutationResult, type MutatorContext, refuse, requireEditable } from './result';
import {
  checkValue,
  normaliseValue,
  openConflict,
  readTarget,
  sameValue,
  scalarCatalogue,
  writeTarget,
  writeValue,
} from './values';

export function setField(
  packet: Packet | null,
  args: MutationArgs<'setField'>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  const value = normaliseValue(args.value);
  const problem = checkValue(scalarCatalogue[args.field], args.field, value);
  if (problem) return refuse('invalid_value', problem);
  const current = editable.fields[args.field];
  const target: FieldTarget = { kind: 'scalar', field: args.field };
  const outcome = writeValue(current, value, args.baseRev, args.source ?? 'typed', target, ctx);
  if (outcome.kind === 'unchanged') return commit(editable, [], ctx);
  if (outcome.kind === 'conflict') return openConflict(editable, outcome.conflict, ctx);
  return commit(
    { ...editable, fields: { ...editable.fields, [args.field]: outcome.value } },
    [
      {
        type: 'field_set',
        data: {
          field: args.field,
          value,
          previous: current?.value ?? null,
          rev: outcome.value.rev,
          source: outcome.value.source,
        },
      },
    ],
    ctx,
  );
}

export function resolveConflict(
  packet: Packet | null,
  args: MutationArgs<'resolveConflict'>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  const conflict = editable.conflicts.find((open) => open.id === args.conflictId);
  if (!conflict) return commit(editable, [], ctx);
  let resolved: Packet = {
    ...editable,
    conflicts: editable.conflicts.filter((open) => open.id !== conflict.id),
  };
  const chosen = args.keep === 'kept' ? conflict.kept : conflict.proposed;
  const current = readTarget(editable, conflict.target);
  if (!current || !sameValue(current.value, chosen.value)) {
    // The words stay attributed to whoever wrote them; the event records who chose.
    resolved = writeTarget(resolved, conflict.target, { ...chosen, rev: ctx.writeId, setAt: ctx.now });
  }
  return commit(
    resolved,
    [
      {
        type: 'conflict_resolved',
        data: { conflictId: conflict.id, target: conflict.target, value: chosen.value },
      },
    ],
    ctx,
  );
}
