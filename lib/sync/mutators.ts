import * as z from 'zod/mini';
import type { Actor } from '../handoff/actor';
import { completeness } from '../handoff/completeness';
import { checkFieldValue, type FieldDef, type ListDef, lists, scalarFields } from '../handoff/fields';
import type { EventType, HistoryEvent } from '../handoff/history';
import { canEdit, findTransition, partiesOf, reassignParties } from '../handoff/lifecycle';
import {
  type Conflict,
  type FieldTarget,
  type FieldValue,
  isOpen,
  type ListItem,
  type Packet,
  type ValueSource,
} from '../handoff/packet';
import { calendarForTeam, type Playbook } from '../handoff/playbook';
import { sameRecord } from '../handoff/record';
import { type MutationArgs, MutationName, mutationArgs } from './mutations';

export interface MutatorContext {
  actor: Actor;
  /** Server time on the API; the device's time for the optimistic copy, replaced on the next pull. */
  now: string;
  playbook: Playbook;
  /** Unique id of this mutation (`clientId/mutationId`): the revision of every value it writes. */
  writeId: string;
}

export type MutationErrorCode =
  | 'invalid_args'
  | 'not_found'
  | 'forbidden'
  | 'invalid_status'
  | 'invalid_value'
  | 'criteria_unmet'
  | 'reason_required'
  | 'already_linked';

export type MutationResult =
  | { ok: true; packet: Packet; events: HistoryEvent[]; joined?: boolean }
  | { ok: false; code: MutationErrorCode; message: string };

type Draft = { type: EventType; data: Record<string, unknown> };

const scalarCatalogue: Record<string, FieldDef> = scalarFields;
const listCatalogue: Record<string, ListDef> = lists;

function refuse(code: MutationErrorCode, message: string): MutationResult {
  return { ok: false, code, message };
}

function commit(packet: Packet, drafts: Draft[], ctx: MutatorContext): MutationResult {
  if (drafts.length === 0) return { ok: true, packet, events: [] };
  const events = drafts.map((draft, index) => ({
    packetId: packet.id,
    seq: packet.seq + index + 1,
    type: draft.type,
    at: ctx.now,
    actorId: ctx.actor.userId,
    data: draft.data,
  }));
  return { ok: true, packet: { ...packet, seq: packet.seq + events.length, updatedAt: ctx.now }, events };
}

function sameValue(a: FieldValue['value'], b: FieldValue['value']): boolean {
  return a === b;
}

/** An empty text means "cleared": the packet never stores blank strings. */
function normaliseValue(value: FieldValue['value']): FieldValue['value'] {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

function checkValue(def: FieldDef | undefined, name: string, value: FieldValue['value']): string | null {
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
function writeValue(
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

function requireEditable(packet: Packet | null, ctx: MutatorContext): MutationResult | Packet {
  if (!packet) return refuse('not_found', 'no such packet');
  if (!isOpen(packet)) return refuse('invalid_status', 'a closed packet cannot change');
  if (!canEdit(ctx.actor, packet))
    return refuse('forbidden', 'only its owners, their managers and admins may change this packet');
  return packet;
}

function createPacket(
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
  else if (!canEdit(ctx.actor, packet)) {
    packet = { ...packet, contributors: [...(packet.contributors ?? []), ctx.actor.userId] };
    drafts.push({ type: 'joined', data: { userId: ctx.actor.userId } });
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

function setField(
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

function openConflict(packet: Packet, conflict: Conflict, ctx: MutatorContext): MutationResult {
  if (packet.conflicts.some((open) => open.id === conflict.id)) return commit(packet, [], ctx);
  return commit(
    { ...packet, conflicts: [...packet.conflicts, conflict] },
    [{ type: 'conflict_opened', data: { conflictId: conflict.id, target: conflict.target } }],
    ctx,
  );
}

function findList(list: string): ListDef | undefined {
  return listCatalogue[list];
}

function replaceItem(packet: Packet, list: string, item: ListItem): Packet {
  const items = (packet.lists[list] ?? []).map((candidate) => (candidate.id === item.id ? item : candidate));
  return { ...packet, lists: { ...packet.lists, [list]: items } };
}

function addItem(packet: Packet | null, args: MutationArgs<'addItem'>, ctx: MutatorContext): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  const def = findList(args.list);
  if (!def) return refuse('invalid_value', `unknown list "${args.list}"`);
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

function updateItem(
  packet: Packet | null,
  args: MutationArgs<'updateItem'>,
  ctx: MutatorContext,
): MutationResult {
  const editable = requireEditable(packet, ctx);
  if ('ok' in editable) return editable;
  const def = findList(args.list);
  if (!def) return refuse('invalid_value', `unknown list "${args.list}"`);
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

function removeItem(
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

function linkRecord(
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

function unlinkRecord(
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

function writeTarget(packet: Packet, target: FieldTarget, value: FieldValue): Packet {
  if (target.kind === 'scalar') return { ...packet, fields: { ...packet.fields, [target.field]: value } };
  const item = (packet.lists[target.list] ?? []).find((candidate) => candidate.id === target.itemId);
  if (!item) return packet;
  return replaceItem(packet, target.list, { ...item, fields: { ...item.fields, [target.field]: value } });
}

function readTarget(packet: Packet, target: FieldTarget): FieldValue | undefined {
  if (target.kind === 'scalar') return packet.fields[target.field];
  return (packet.lists[target.list] ?? []).find((item) => item.id === target.itemId)?.fields[target.field];
}

function resolveConflict(
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

function transition(
  packet: Packet | null,
  args: MutationArgs<'transition'>,
  ctx: MutatorContext,
): MutationResult {
  if (!packet) return refuse('not_found', 'no such packet');
  const found = findTransition(args.transition, ctx.actor, packet);
  if (!found.ok) return refuse(found.code, found.message);
  const { rule } = found;
  if (rule.needsReason && !args.reason) return refuse('reason_required', `say why you ${args.transition} it`);
  let next: Packet = { ...packet, status: rule.to };
  if (args.transition === 'accept' && packet.owners.receivingUserId === null)
    next = { ...next, owners: { ...next.owners, receivingUserId: ctx.actor.userId } };
  const data: Record<string, unknown> = args.reason ? { reason: args.reason } : {};
  if (rule.requires) {
    const point = ctx.playbook.handoffPoints[packet.handoffPoint];
    const calendar = calendarForTeam(ctx.playbook, packet.owners.receivingTeamId);
    const result = completeness(next, point, calendar);
    const met = rule.requires === 'exit' ? result.exitMet : result.entryMet;
    if (!met) {
      const blocking = result.gaps.filter((gap) => gap.blocking && gap.stage === rule.requires);
      return refuse('criteria_unmet', blocking.map((gap) => gap.message).join('; '));
    }
    Object.assign(data, { completeness: result.score, playbookVersion: ctx.playbook.version });
  }
  if (args.transition === 'submit') next = { ...next, returnReason: null };
  if (args.transition === 'return') next = { ...next, returnReason: args.reason ?? null };
  if (args.transition === 'accept') data.receivingUserId = next.owners.receivingUserId;
  return commit(next, [{ type: rule.event, data }], ctx);
}

function reassign(
  packet: Packet | null,
  args: MutationArgs<'reassign'>,
  ctx: MutatorContext,
): MutationResult {
  if (!packet) return refuse('not_found', 'no such packet');
  if (!isOpen(packet)) return refuse('invalid_status', 'a closed packet cannot be reassigned');
  const parties = partiesOf(ctx.actor, packet);
  if (!reassignParties[args.side].some((party) => parties.has(party)))
    return refuse('forbidden', `only the ${args.side} owner, the managers and admins may reassign this side`);
  const userKey = args.side === 'giving' ? 'givingUserId' : 'receivingUserId';
  const teamKey = args.side === 'giving' ? 'givingTeamId' : 'receivingTeamId';
  const teamId = args.teamId === undefined ? packet.owners[teamKey] : args.teamId;
  if (packet.owners[userKey] === args.userId && packet.owners[teamKey] === teamId)
    return commit(packet, [], ctx);
  return commit(
    { ...packet, owners: { ...packet.owners, [userKey]: args.userId, [teamKey]: teamId } },
    [
      {
        type: 'reassigned',
        data: {
          side: args.side,
          from: packet.owners[userKey],
          to: args.userId,
          teamId,
          reason: args.reason ?? null,
        },
      },
    ],
    ctx,
  );
}

type Mutator<Name extends MutationName> = (
  packet: Packet | null,
  args: MutationArgs<Name>,
  ctx: MutatorContext,
) => MutationResult;

export const mutators: { [Name in MutationName]: Mutator<Name> } = {
  createPacket,
  setField,
  addItem,
  updateItem,
  removeItem,
  linkRecord,
  unlinkRecord,
  resolveConflict,
  transition,
  reassign,
};

export type ParsedMutation = {
  [Name in MutationName]: { name: Name; args: MutationArgs<Name> };
}[MutationName];

/** Checks a mutation's name and arguments as they arrive from outside. */
export function parseMutation(
  name: string,
  rawArgs: unknown,
): { ok: true; mutation: ParsedMutation } | { ok: false; code: 'invalid_args'; message: string } {
  const known = z.safeParse(MutationName, name);
  if (!known.success) return { ok: false, code: 'invalid_args', message: `unknown mutation "${name}"` };
  const parsed = z.safeParse(mutationArgs[known.data], rawArgs);
  if (!parsed.success)
    return {
      ok: false,
      code: 'invalid_args',
      message: parsed.error.issues
        .map((issue) => `${issue.path.join('.') || name}: ${issue.message}`)
        .join('; '),
    };
  return { ok: true, mutation: { name: known.data, args: parsed.data } as ParsedMutation };
}

/** Applies a validated mutation. For `createPacket`, `packet` is the open packet of the same record and
 * handoff point if there is one, which the new packet then joins. */
export function runMutation(
  mutation: ParsedMutation,
  packet: Packet | null,
  ctx: MutatorContext,
): MutationResult {
  return (mutators[mutation.name] as Mutator<MutationName>)(packet, mutation.args as never, ctx);
}

/** Validates a mutation's arguments and applies it. */
export function applyMutation(
  name: MutationName,
  rawArgs: unknown,
  packet: Packet | null,
  ctx: MutatorContext,
): MutationResult {
  const parsed = parseMutation(name, rawArgs);
  return parsed.ok ? runMutation(parsed.mutation, packet, ctx) : parsed;
}
