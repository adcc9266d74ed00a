import { handoffPoints } from '../../lib/handoff/handoff-points';
import type { Packet } from '../../lib/handoff/packet';
import type { Playbook } from '../../lib/handoff/playbook';
import type { Tx } from '../db/workspace-transaction';

type Person = {
  id: string;
  email: string;
  teams: Array<{ id: string; function: string }>;
};

export type FallbackOwner = (
  packet: Packet,
  side: 'giving' | 'receiving',
  fallbackUserId: string | undefined,
) => { userId: string | null; teamId: string | null } | null;

/**
 * Who takes a late side: the policy's fallback person (named by user id or email) when they are in the
 * workspace, on the side's team when they belong to it, else on their team of the side's function; with
 * no such person, the side's team as a whole (nobody owns it until one of them claims it). Null when there
 * is nobody to hand it to. Reads the playbook's fallback people once per sweep batch.
 */
export async function fallbackOwner(tx: Tx, workspaceId: string, playbook: Playbook): Promise<FallbackOwner> {
  const named = Object.values(playbook.handoffPoints).flatMap((point) =>
    point.slas.flatMap((policy) => policy.escalation.flatMap((step) => step.fallbackUserId ?? [])),
  );
  const people =
    named.length === 0
      ? []
      : await tx.query<Person>(
          `SELECT u.id, u.email,
                  coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'function', t.function) ORDER BY t.id)
                    FILTER (WHERE t.id IS NOT NULL), '[]'::jsonb) AS teams
             FROM users u
             LEFT JOIN team_members m ON m.workspace_id = u.workspace_id AND m.user_id = u.id
             LEFT JOIN teams t ON t.workspace_id = m.workspace_id AND t.id = m.team_id
            WHERE u.workspace_id = $1 AND (u.id = ANY($2::text[]) OR u.email = ANY($3::text[]))
            GROUP BY u.workspace_id, u.id`,
          [workspaceId, named, named.map((name) => name.toLowerCase())],
        );
  const find = (name: string) =>
    people.find((person) => person.id === name || person.email === name.toLowerCase()) ?? null;
  return (packet, side, fallbackUserId) => {
    const team = side === 'giving' ? packet.owners.givingTeamId : packet.owners.receivingTeamId;
    const person = fallbackUserId === undefined ? null : find(fallbackUserId);
    if (person) {
      const sideFunction = handoffPoints[packet.handoffPoint][side];
      const onTeam = person.teams.some((candidate) => candidate.id === team);
      const ofFunction = person.teams.find((candidate) => candidate.function === sideFunction);
      return { userId: person.id, teamId: onTeam ? team : (ofFunction?.id ?? team) };
    }
    return team === null ? null : { userId: null, teamId: team };
  };
}
