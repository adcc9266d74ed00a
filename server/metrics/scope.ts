import type { Caller } from '../auth-context';
import { ApiFailure } from '../http/errors';

/**
 * Whose packets a caller's metrics cover, as a condition on packet_outcomes `o`: an admin's, the whole
 * workspace (or the team asked for); a manager's, the teams they manage (or the one of them asked for).
 * Everybody else is refused: the figures compare people, so they are for those who manage them.
 */
export function metricsScope(caller: Caller, team: string | undefined, params: unknown[]): string {
  const { role, managedTeamIds } = caller.actor;
  if (role !== 'admin' && role !== 'manager')
    throw new ApiFailure(
      403,
      'forbidden',
      `metrics are for managers and admins; you are signed in as a ${role}`,
    );
  if (role === 'manager') {
    if (team !== undefined && !managedTeamIds.includes(team))
      throw new ApiFailure(403, 'forbidden', `you do not manage the team "${team}"`);
    if (managedTeamIds.length === 0) throw new ApiFailure(403, 'forbidden', 'you manage no team yet');
  }
  const teams = team !== undefined ? [team] : role === 'manager' ? managedTeamIds : null;
  if (teams === null) return 'true';
  params.push(teams);
  return `(o.giving_team_id = ANY($${params.length}::text[]) OR o.receiving_team_id = ANY($${params.length}::text[]))`;
}
