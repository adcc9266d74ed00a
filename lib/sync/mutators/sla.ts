import type { Actor } from '../../handoff/actor';
import type { Packet } from '../../handoff/packet';
import type { SlaStep } from '../../handoff/sla-steps';
import { reassignSide } from './lifecycle';
import { commit, type Draft, type MutationResult, type MutatorContext, requireOpen } from './result';

/** Who takes SLA steps: the API's sweeper, acting with an admin's reach on the packet. */
export const slaActorId = 'baton-sla';
export const slaActor: Actor = {
  userId: slaActorId,
  role: 'admin',
  teamIds: [],
  managedTeamIds: [],
  teamFunctions: {},
};

export interface SlaStepArgs {
  step: SlaStep;
  /** The policy's label, so the history reads on its own after the playbook changes. */
  label: string;
  /** For a `reassign` step: who takes the side (null: its team), and their team; absent: nobody can. */
  reassignTo?: { userId: string | null; teamId: string | null };
}

/**
 * Records one step of an SLA ladder in the packet's history: a reminder (`sla_threshold`), the breach
 * (`sla_breached`) or an escalation (`escalated`), with whom it concerns. A `reassign` escalation also hands
 * the late side to its fallback. Only the API's sweeper runs it: no client can push an SLA step.
 */
export function takeSlaStep(packet: Packet | null, args: SlaStepArgs, ctx: MutatorContext): MutationResult {
  const open = requireOpen(packet);
  if ('ok' in open) return open;
  const { step, label } = args;
  const { action, side } = step;
  const owners = open.owners;
  const data: Record<string, unknown> = {
    key: action.key,
    policyId: step.policyId,
    label,
    dueAt: action.at,
    deadline: step.deadline,
    breached: action.kind !== 'sla_threshold',
    side,
    ownerId: side === 'giving' ? owners.givingUserId : owners.receivingUserId,
    teamId: side === 'giving' ? owners.givingTeamId : owners.receivingTeamId,
    skipped: step.skipped,
  };
  if (action.kind === 'sla_threshold') data.fraction = action.fraction;
  if (action.kind === 'escalated') data.action = action.action;
  const drafts: Draft[] = [{ type: action.kind, data }];
  let next = open;
  if (action.kind === 'escalated' && action.action === 'reassign' && args.reassignTo) {
    const moved = reassignSide(
      open,
      side,
      args.reassignTo.userId,
      args.reassignTo.teamId,
      `${label}: deadline passed`,
    );
    if (moved) {
      next = moved.packet;
      drafts.push(moved.draft);
      data.reassignedTo = args.reassignTo.userId;
    }
  }
  return commit(next, drafts, ctx);
}
