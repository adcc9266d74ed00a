import type { Actor } from '../../lib/handoff/actor';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { Packet } from '../../lib/handoff/packet';
import type { RecordKey } from '../../lib/handoff/record';
import type { MutationName } from '../../lib/sync/mutations';
import { applyMutation, type MutationResult, type MutatorContext } from '../../lib/sync/mutators';

/** The function of each team in these tests, as the API tells the extension and the server's actor. */
const teamFunctions = {
  't-marketing': 'marketing',
  't-sales': 'sales',
  't-cs': 'customer_success',
  't-support': 'support',
} as const;

function actor(
  userId: string,
  role: Actor['role'],
  teamIds: Array<keyof typeof teamFunctions>,
  manages = false,
): Actor {
  return {
    userId,
    role,
    teamIds,
    managedTeamIds: manages ? teamIds : [],
    teamFunctions: Object.fromEntries(teamIds.map((teamId) => [teamId, teamFunctions[teamId]])),
  };
}

export const actors = {
  marketer: actor('u-marketer', 'marketer', ['t-marketing']),
  rep: actor('u-rep', 'rep', ['t-sales']),
  otherRep: actor('u-rep-2', 'rep', ['t-sales']),
  csm: actor('u-csm', 'csm', ['t-cs']),
  otherCsm: actor('u-csm-2', 'csm', ['t-cs']),
  support: actor('u-support', 'support', ['t-support']),
  salesManager: actor('u-sales-manager', 'manager', ['t-sales'], true),
  csManager: actor('u-cs-manager', 'manager', ['t-cs'], true),
  admin: actor('u-admin', 'admin', []),
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
