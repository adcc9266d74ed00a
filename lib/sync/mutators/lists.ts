import { type ListDef, lists } from '../../handoff/fields';
import type { FieldTarget, FieldValue, ListItem, Packet } from '../../handoff/packet';
import type { MutationArgs } from '../mutations';
import { commit, type MutationResult, type MutatorContext, refuse, requireEditable } from './result';
import { checkValue, normaliseValue, openConflict, replaceItem, writeValue } from './values';

const listCatalogue: Record<string, ListDef> = lists;

function findList(list: string): ListDef | MutationResult {
  return listCatalogue[list] ?? refuse('invalid_value', `unknown list "${list}"`);
}

export function addItem(
  packet: Packet | null,
  args: MutationArgs<'addItem'>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  const def = findList(args.list);
  if ('ok' in def) return def;
  if ((editable.lists[args.list] ?? []).some((item) => item.id === args.itemId))
    return commit(editable, [], ctx);
  const fields: Record<string, FieldValue> = {};
  for (const [name, raw] of Object.entries(args.values)) {
    const value = normaliseValue(raw);
    const problem = checkValue(def.fields[name], `${args.list}.${name}`, value);
    if (problem) return refuse('invalid_value', problem);
    if (value !== null)
      fields[name] = { value, rev: ctx.writeId, setBy: ctx.actor.userId, setAt: ctx.now, source: 'typed' };
  }
  const item: ListItem = { id: args.itemId, addedBy: ctx.actor.userId, addedAt: ctx.now, fields };
  return commit(
    { ...editable, lists: { ...editable.lists, [args.list]: [...(editable.lists[args.list] ?? []), item] } },
    [{ type: 'item_added', data: { list: args.list, itemId: args.itemId, values: args.values } }],
    ctx,
  );
}

function findItem(packet: Packet, list: string, itemId: string): ListItem | MutationResult {
  const item = (packet.lists[list] ?? []).find((candidate) => candidate.id === itemId);
  if (!item) return refuse('not_found', `no item ${itemId} in ${list}`);
  return item;
}

export function updateItem(
  packet: Packet | null,
  args: MutationArgs<'updateItem'>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  const def = findList(args.list);
  if ('ok' in def) return def;
  const value = normaliseValue(args.value);
  const problem = checkValue(def.fields[args.field], `${args.list}.${args.field}`, value);
  if (problem) return refuse('invalid_value', problem);
  const item = findItem(editable, args.list, args.itemId);
  if ('ok' in item) return item;
  if (item.removedAt) return refuse('not_found', `${def.label}: that item was removed`);
  const current = item.fields[args.field];
  const target: FieldTarget = { kind: 'item', list: args.list, itemId: args.itemId, field: args.field };
  const outcome = writeValue(current, value, args.baseRev, 'typed', target, ctx);
  if (outcome.kind === 'unchanged') return commit(editable, [], ctx);
  if (outcome.kind === 'conflict') return openConflict(editable, outcome.conflict, ctx);
  return commit(
    replaceItem(editable, args.list, { ...item, fields: { ...item.fields, [args.field]: outcome.value } }),
    [
      {
        type: 'item_updated',
        data: {
          list: args.list,
          itemId: args.itemId,
          field: args.field,
          value,
          previous: current?.value ?? null,
          rev: outcome.value.rev,
        },
      },
    ],
    ctx,
  );
}

export function removeItem(
  packet: Packet | null,
  args: MutationArgs<'removeItem'>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  const item = findItem(editable, args.list, args.itemId);
  if ('ok' in item) return item;
  if (item.removedAt) return commit(editable, [], ctx);
  const conflicts = editable.conflicts.filter(
    (conflict) => !(conflict.target.kind === 'item' && conflict.target.itemId === args.itemId),
  );
  return commit(
    { ...replaceItem(editable, args.list, { ...item, removedAt: ctx.now }), conflicts },
    [{ type: 'item_removed', data: { list: args.list, itemId: args.itemId } }],
    ctx,
  );
}
