import * as z from 'zod/mini';
import { FunctionName, type HandoffPoint, pointsReceivedBy } from './handoff-points';

export const Role = z.enum(['marketer', 'rep', 'csm', 'support', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

export const Id = z.string().check(z.minLength(1), z.maxLength(100));

/** Who is making a change: enough to decide what they may do, nothing more. */
export const Actor = z.object({
  userId: Id,
  role: Role,
  teamIds: z.array(Id),
  managedTeamIds: z.array(Id),
  /** The part of the customer journey each of their teams works in: it makes them a packet's receiving side. */
  teamFunctions: z.record(Id, FunctionName),
});
export type Actor = z.infer<typeof Actor>;

/**
 * The handoff points whose packets, while they name no receiving side, a manager's teams receive: the
 * managers of the receiving function see them coming before anybody has accepted them.
 */
export function incomingPointsManagedBy(actor: Actor): HandoffPoint[] {
  const functions = actor.managedTeamIds.flatMap((teamId) => actor.teamFunctions[teamId] ?? []);
  return pointsReceivedBy(functions);
}

/**
 * The handoff points whose packets, while nobody has taken them, any of this person's teams receives:
 * a team member follows their team's queue, and sees what comes in unaddressed to their function.
 */
export function incomingPointsOf(actor: Actor): HandoffPoint[] {
  return pointsReceivedBy(actor.teamIds.flatMap((teamId) => actor.teamFunctions[teamId] ?? []));
}
