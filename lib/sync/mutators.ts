import * as z from 'zod/mini';
import type { Packet } from '../handoff/packet';
import { type MutationArgs, MutationName, mutationArgs } from './mutations';
import { createPacket } from './mutators/create';
import { resolveConflict, setField } from './mutators/fields';
import { reassign, transition } from './mutators/lifecycle';
import { addItem, removeItem, updateItem } from './mutators/lists';
import { linkRecord, unlinkRecord } from './mutators/records';
import type { MutationResult, MutatorContext } from './mutators/result';

export type { MutationErrorCode, MutationResult, MutatorContext } from './mutators/result';

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
