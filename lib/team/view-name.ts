import type { Actor } from '../handoff/actor';

/**
 * Managers and admins see their teams' handoffs; everybody else their own queue, and the toggle says which.
 * A file of its own so the panel's toggle pulls in nothing of the team view.
 */
export function teamViewName(actor: Pick<Actor, 'role' | 'managedTeamIds'>): 'Team' | 'My handoffs' {
  return actor.role === 'admin' || actor.managedTeamIds.length > 0 ? 'Team' : 'My handoffs';
}
