import type { Directory, DirectoryPerson } from '../directory';
import type { Actor } from '../handoff/actor';
import { handoffPoints } from '../handoff/handoff-points';
import { partiesOf, reassignParties, receivingTeamOf } from '../handoff/lifecycle';
import { isOpen, type Packet } from '../handoff/packet';

export type Side = 'giving' | 'receiving';

export interface ReassignChoice {
  person: DirectoryPerson;
  /** The team the side then names: the person's team among the side's teams. */
  teamId: string;
}

export interface ReassignChoices {
  /** Whom this person may hand the side to, in directory order; empty when they may not reassign it. */
  people: ReassignChoice[];
  /** They may only take the side themselves: it is left to a team of theirs and nobody owns it. */
  claimOnly: boolean;
}

/**
 * The side's team, or, when it names none, the teams of the function that gives or receives at this point
 * (never the other side's team: nobody hands a customer to themselves).
 */
function teamsOfSide(packet: Packet, side: Side, directory: Directory): string[] {
  const { owners } = packet;
  const named = side === 'giving' ? owners.givingTeamId : owners.receivingTeamId;
  if (named !== null) return [named];
  const other = side === 'giving' ? owners.receivingTeamId : owners.givingTeamId;
  const work = handoffPoints[packet.handoffPoint][side];
  return directory.teams.filter((team) => team.function === work && team.id !== other).map((team) => team.id);
}

/**
 * Who may be given a side of the packet by this person, as the `reassign` mutator allows it: the side's
 * owner, the managers and admins choose among the people of the side's team(s); a member of the receiving
 * team may claim an unowned receiving side for themselves. Neither owner is offered for the side.
 */
export function reassignChoices(
  actor: Actor,
  packet: Packet,
  side: Side,
  directory: Directory,
): ReassignChoices {
  const none: ReassignChoices = { people: [], claimOnly: false };
  if (!isOpen(packet)) return none;
  const parties = partiesOf(actor, packet);
  const mayReassign = reassignParties[side].some((party) => parties.has(party));
  const claimOnly = !mayReassign && side === 'receiving' && parties.has('receiving_team');
  if (!mayReassign && !claimOnly) return none;
  const teams = claimOnly ? [receivingTeamOf(actor, packet) ?? ''] : teamsOfSide(packet, side, directory);
  const owners = [packet.owners.givingUserId, packet.owners.receivingUserId];
  const people = directory.people.flatMap((person) => {
    const teamId = teams.find((team) => person.teams.some((membership) => membership.id === team));
    if (teamId === undefined || owners.includes(person.id)) return [];
    if (claimOnly && person.id !== actor.userId) return [];
    return [{ person, teamId }];
  });
  return { people, claimOnly };
}
