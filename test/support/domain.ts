import type { Actor } from '../../lib/handoff/actor';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { Packet } from '../../lib/handoff/packet';
import type { RecordKey } from '../../lib/handoff/record';
import type { MutationName } from '../../lib/sync/mutations';
import { applyMutation, type MutationResult, type MutatorContext } from '../../lib/sync/mutators';

export const actors = {
  marketer: { userId: 'u-marketer', role: 'marketer', teamIds: ['t-marketing'], managedTeamIds: [] },
  rep: { userId: 'u-rep', role: 'rep', teamIds: ['t-sales'], managedTeamIds: [] },
  otherRep: { userId: 'u-rep-2', role: 'rep', teamIds: ['t-sales'], managedTeamIds: [] },
  csm: { userId: 'u-csm', role: 'csm', teamIds: ['t-cs'], managedTeamIds: [] },
  otherCsm: { userId: 'u-csm-2', role: 'csm', teamIds: ['t-cs'], managedTeamIds: [] },
  support: { userId: 'u-support', role: 'support', teamIds: ['t-support'], managedTeamIds: [] },
  salesManager: {
    userId: 'u-sales-manager',
    role: 'manager',
    teamIds: ['t-sales'],
    managedTeamIds: ['t-sales'],
  },
  csManager: { userId: 'u-cs-manager', role: 'manager', teamIds: ['t-cs'], managedTeamIds: ['t-cs'] },
  admin: { userId: 'u-admin', role: 'admin', teamIds: [], managedTeamIds: [] },
} satisfies Record<string, Actor>;

export const salesforceOpportunity: RecordKey = {
  system: 'salesforce',
  instance: 'acme',
  objectKind: 'opportunity',
  id: '006xx000001AbCdAAK',
};

let writes = 0;

/** A mutator context with a fresh write id, as a client's `clientId/mutationId` would be. */
export function context(
  actor: Actor,
  now = '2026-11-02T10:00:00.000Z',
  clientId = 'client-test',
): MutatorContext {
  writes += 1;
  return { actor, now, playbook: defaultPlaybook, writeId: `${clientId}/${writes}` };
}

export function apply(
  packet: Packet | null,
  name: MutationName,
  args: Record<string, unknown>,
  ctx: MutatorContext,
): MutationResult {
  return applyMutation(name, args, packet, ctx);
}

/** Applies a mutation that the test expects to succeed, and returns the packet after it. */
export function must(
  packet: Packet | null,
  name: MutationName,
  args: Record<string, unknown>,
  ctx: MutatorContext,
) {
  const result = apply(packet, name, args, ctx);
  if (!result.ok) throw new Error(`${name} refused: ${result.code}: ${result.message}`);
  return result.packet;
}
