import { completeness, criteriaMet } from '../../handoff/completeness';
import { findTransition, partiesOf, reassignParties, receivingTeamOf } from '../../handoff/lifecycle';
import { isOpen, type Packet } from '../../handoff/packet';
import { calendarForTeam } from '../../handoff/playbook';
import type { MutationArgs } from '../mutations';
import { commit, type Draft, type MutationResult, type MutatorContext, refuse } from './result';

export function transition(
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
  // Whoever accepts an unowned packet owns its receiving side; one that named no team now has theirs.
  if (args.transition === 'accept' && packet.owners.receivingUserId === null)
    next = {
      ...next,
      owners: {
        ...next.owners,
        receivingUserId: ctx.actor.userId,
        receivingTeamId: packet.owners.receivingTeamId ?? receivingTeamOf(ctx.actor, packet),
      },
    };
  const data: Record<string, unknown> = args.reason ? { reason: args.reason } : {};
  if (rule.requires) {
    const point = ctx.playbook.handoffPoints[packet.handoffPoint];
    const calendar = calendarForTeam(ctx.playbook, next.owners.receivingTeamId);
    const result = completeness(next, point, calendar);
    const met = rule.requires === 'exit' ? result.exitMet : result.entryMet;
    if (!met) {
      const blocking = result.gaps.filter((gap) => gap.blocking && gap.stage === rule.requires);
      return refuse('criteria_unmet', blocking.map((gap) => gap.message).join('; '));
    }
    // Which criteria were met, not only the score: the Improve loop compares outcomes criterion by
    // criterion. Events written before this was recorded lack it, and count as unknown there.
    Object.assign(data, {
      completeness: result.score,
      criteriaMet: criteriaMet(point, result),
      playbookVersion: ctx.playbook.version,
    });
  }
  if (args.transition === 'submit') next = { ...next, returnReason: null };
  if (args.transition === 'return') next = { ...next, returnReason: args.reason ?? null };
  if (args.transition === 'accept')
    Object.assign(data, {
      receivingUserId: next.owners.receivingUserId,
      receivingTeamId: next.owners.receivingTeamId,
    });
  return commit(next, [{ type: rule.event, data }], ctx);
}

export function reassign(
  packet: Packet | null,
  args: MutationArgs<'reassign'>,
  ctx: MutatorContext,
): MutationResult {
  if (!packet) return refuse('not_found', 'no such packet');
  if (!isOpen(packet)) return refuse('invalid_status', 'a closed packet cannot be reassigned');
  const parties = partiesOf(ctx.actor, packet);
  // A side left to its team (an SLA fallback) is taken by whoever of the team claims it for themselves.
  const claiming =
    args.side === 'receiving' && args.userId === ctx.actor.userId && parties.has('receiving_team');
  if (!claiming && !reassignParties[args.side].some((party) => parties.has(party)))
    return refuse('forbidden', `only the ${args.side} owner, the managers and admins may reassign this side`);
  const moved = reassignSide(packet, args.side, args.userId, args.teamId, args.reason ?? null);
  return moved ? commit(moved.packet, [moved.draft], ctx) : commit(packet, [], ctx);
}

/**
 * A side handed to another person (null: to its team, for whoever takes it), and the `reassigned` event;
 * null when it already is theirs. `teamId` undefined keeps the side's team.
 */
export function reassignSide(
  packet: Packet,
  side: 'giving' | 'receiving',
  userId: string | null,
  teamId: string | null | undefined,
  reason: string | null,
): { packet: Packet; draft: Draft } | null {
  const userKey = side === 'giving' ? 'givingUserId' : 'receivingUserId';
  const teamKey = side === 'giving' ? 'givingTeamId' : 'receivingTeamId';
  const team = teamId === undefined ? packet.owners[teamKey] : teamId;
  if (packet.owners[userKey] === userId && packet.owners[teamKey] === team) return null;
  return {
    packet: { ...packet, owners: { ...packet.owners, [userKey]: userId, [teamKey]: team } },
    draft: {
      type: 'reassigned',
      data: { side, from: packet.owners[userKey], to: userId, teamId: team, reason },
    },
  };
}
