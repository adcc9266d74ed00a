import { checkFieldValue, type FieldDef, scalarFields } from '../../handoff/fields';
import type { Conflict, FieldTarget, FieldValue, ListItem, Packet, ValueSource } from '../../handoff/packet';
import { commit, type MutationResult, type MutatorContext } from './result';

export const scalarCatalogue: Record<string, FieldDef> = scalarFields;

export function sameValue(a: FieldValue['value'], b: FieldValue['value']): boolean {
  return a === b;
}

/** An empty text means "cleared": the packet never stores blank strings. */
export function normaliseValue(value: FieldValue['value']): FieldValue['value'] {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

export function checkValue(
  def: FieldDef | undefined,
  name: string,
  value: FieldValue['value'],
): string | null {
  if (!def) return `unknown field "${name}"`;
  if (value === null) return null;
  const check = checkFieldValue(def, value);
  return check.ok ? null : check.message;
}

/**
 * The heart of concurrent editing. A write that carries the revision it was based on replaces the
 * value; a write based on an older revision that disagrees with the current value becomes a conflict
 * that keeps both; a write that agrees with the current value changes nothing.
 */
export function writeValue(
  current: FieldValue | undefined,
  value: FieldValue['value'],
  baseRev: string | null,
  source: ValueSource,
  target: FieldTarget,
  ctx: MutatorContext,
): { kind: 'written'; value: FieldValue } | { kind: 'unchanged' } | { kind: 'conflict'; conflict: Conflict } {
  const proposed: FieldValue = { value, rev: ctx.writeId, setBy: ctx.actor.userId, setAt: ctx.now, source };
  if (current && sameValue(current.value, value)) return { kind: 'unchanged' };
  if (!current || current.rev === baseRev) return { kind: 'written', value: proposed };
  return {
    kind: 'conflict',
    conflict: {
      id: ctx.writeId,
      target,
      kept: current,
      proposed,
      openedAt: ctx.now,
    },
  };
}

export function openConflict(packet: Packet, conflict: Conflict, ctx: MutatorContext): MutationResult {
  if (packet.conflicts.some((open) => open.id === conflict.id)) return commit(packet, [], ctx);
  return commit(
    { ...packet, conflicts: [...packet.conflicts, conflict] },
    [{ type: 'conflict_opened', data: { conflictId: conflict.id, target: conflict.target } }],
    ctx,
  );
}

export function replaceItem(packet: Packet, list: string, item: ListItem): Packet {
  const items = (packet.lists[list] ?? []).map((candidate) => (candidate.id === item.id ? item : candidate));
  return { ...packet, lists: { ...packet.lists, [list]: items } };
}

export function readTarget(packet: Packet, target: FieldTarget): FieldValue | undefined {
  if (target.kind === 'scalar') return packet.fields[target.field];
  return (packet.lists[target.list] ?? []).find((item) => item.id === target.itemId)?.fields[target.field];
}

export function writeTarget(packet: Packet, target: FieldTarget, value: FieldValue): Packet {
  if (target.kind === 'scalar') return { ...packet, fields: { ...packet.fields, [target.field]: value } };
  const item = (packet.lists[target.list] ?? []).find((candidate) => candidate.id === target.itemId);
  if (!item) return packet;
  return replaceItem(packet, target.list, { ...item, fields: { ...item.fields, [target.field]: value } });
}
