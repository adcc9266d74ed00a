import type { RejectionRow } from '../db/rows';
import { lists, scalarFields } from '../handoff/fields';
import { humanise } from '../handoff/labels';
import type { Packet } from '../handoff/packet';
import { formatValue } from './format';

const scalarLabels: Record<string, { label: string }> = scalarFields;
const listLabels: Record<string, { label: string; fields: Record<string, { label: string }> }> = lists;

type Args = Record<string, unknown>;

function shown(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? `“${formatValue(value)}”`
    : formatValue(null);
}

/**
 * A refused change in words: what its author asked for, and what the packet keeps instead (the server's
 * value, now on this device), or null where a value does not apply. People are named by `nameOf`.
 */
export function describeRejection(
  rejection: RejectionRow,
  packet: Packet,
  nameOf: (userId: string | null) => string,
): { change: string; kept: string | null } {
  // Every mutation's arguments are an object; which keys it has depends on its name, checked below.
  const args = (typeof rejection.args === 'object' && rejection.args !== null ? rejection.args : {}) as Args;
  const { field, list, itemId, value, transition, side, userId } = args;
  if (rejection.name === 'setField' && typeof field === 'string')
    return {
      change: `${scalarLabels[field]?.label ?? field} → ${shown(value)}`,
      kept: shown(packet.fields[field]?.value ?? null),
    };
  if (rejection.name === 'updateItem' && typeof list === 'string' && typeof field === 'string') {
    const def = listLabels[list];
    const item = packet.lists[list]?.find((candidate) => candidate.id === itemId);
    return {
      change: `${def?.label ?? list}, ${def?.fields[field]?.label ?? field} → ${shown(value)}`,
      kept: item ? shown(item.fields[field]?.value ?? null) : 'nothing: the item is gone',
    };
  }
  if (rejection.name === 'reassign' && (side === 'giving' || side === 'receiving')) {
    const owner = side === 'giving' ? packet.owners.givingUserId : packet.owners.receivingUserId;
    return {
      change: `Give the ${side} side to ${nameOf(typeof userId === 'string' ? userId : null)}`,
      kept: `${nameOf(owner)} on that side`,
    };
  }
  if (rejection.name === 'transition' && typeof transition === 'string')
    return { change: humanise(transition), kept: `the packet stays ${humanise(packet.status)}` };
  if (typeof list === 'string')
    return { change: `${humanise(rejection.name)} in ${listLabels[list]?.label ?? list}`, kept: null };
  return { change: humanise(rejection.name), kept: null };
}
