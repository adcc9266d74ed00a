import type { Actor } from './actor';
import { handoffPoints } from './handoff-points';
import type { EventType } from './history';
import { openStatuses, type Packet, type Status } from './packet';

/** The parts a person can play towards one packet; a transition names which of them may do it. */
export type Party =
  | 'giver'
  | 'receiver'
  | 'receiving_team'
  | 'giver_manager'
  | 'receiver_manager'
  | 'admin'
  | 'contributor';

export type Transition =
  | 'submit'
  | 'accept'
  | 'return'
  | 'reopen'
  | 'hold_kickoff'
  | 'reach_first_value'
  | 'close';

export interface TransitionRule {
  from: readonly Status[];
  to: Status;
  by: readonly Party[];
  event: EventType;
  /** Which criteria of the playbook must be met first. */
  requires?: 'exit' | 'entry';
  needsReason?: boolean;
}

const giverSide: readonly Party[] = ['giver', 'giver_manager', 'admin'];
const receiverSide: readonly Party[] = ['receiver', 'receiver_manager', 'admin'];
const managers: readonly Party[] = ['giver_manager', 'receiver_manager', 'admin'];

/**
 * The handoff lifecycle. A returned packet goes back to draft before it is submitted again, so the
 * history shows every round of rework. Accept and return are open to the receiving team while nobody
 * owns the receiving side: whoever accepts becomes its owner. A packet that names no receiving team (one
 * started in the panel) is open to every team of the function its handoff point hands over to.
 */
export const transitions: Record<Transition, readonly TransitionRule[]> = {
  submit: [{ from: ['draft'], to: 'submitted', by: giverSide, event: 'submitted', requires: 'exit' }],
  accept: [
    {
      from: ['submitted'],
      to: 'accepted',
      by: [...receiverSide, 'receiving_team'],
      event: 'accepted',
      requires: 'entry',
    },
  ],
  return: [
    {
      from: ['submitted'],
      to: 'returned',
      by: [...receiverSide, 'receiving_team'],
      event: 'returned',
      needsReason: true,
    },
  ],
  reopen: [{ from: ['returned'], to: 'draft', by: giverSide, event: 'reopened' }],
  hold_kickoff: [{ from: ['accepted'], to: 'kickoff_held', by: receiverSide, event: 'kickoff_held' }],
  reach_first_value: [
    { from: ['kickoff_held'], to: 'first_value_reached', by: receiverSide, event: 'first_value_reached' },
  ],
  close: [
    {
      from: ['accepted', 'kickoff_held', 'first_value_reached'],
      to: 'closed',
      by: receiverSide,
      event: 'closed',
    },
    // A deal lost or a handoff abandoned: a manager closes it, and says why.
    { from: openStatuses, to: 'closed', by: managers, event: 'closed', needsReason: true },
  ],
};

/** Reassigning a side is open at any open stage to that side's owner, the managers and admins. */
export const reassignParties: Record<'giving' | 'receiving', readonly Party[]> = {
  giving: ['giver', ...managers],
  receiving: ['receiver', ...managers],
};

type PacketParties = Pick<Packet, 'handoffPoint' | 'owners' | 'contributors'>;

/** Every part this actor plays towards the packet. */
export function partiesOf(actor: Actor, packet: PacketParties): Set<Party> {
  const { owners } = packet;
  const parties = new Set<Party>();
  if (actor.role === 'admin') parties.add('admin');
  if (packet.contributors?.includes(actor.userId)) parties.add('contributor');
  if (owners.givingUserId === actor.userId) parties.add('giver');
  if (owners.receivingUserId === actor.userId) parties.add('receiver');
  if (owners.receivingUserId === null && receivingTeamOf(actor, packet) !== null)
    parties.add('receiving_team');
  if (owners.givingTeamId && actor.managedTeamIds.includes(owners.givingTeamId)) parties.add('giver_manager');
  if (owners.receivingTeamId && actor.managedTeamIds.includes(owners.receivingTeamId))
    parties.add('receiver_manager');
  return parties;
}

/**
 * The actor's team that receives this packet: the one it names, or, when it names none, their first team of
 * the function its handoff point hands over to, other than the giving team. Null when they are on no such
 * team, and always for the giver: nobody takes a handoff from themselves.
 */
export function receivingTeamOf(
  actor: Actor,
  packet: Pick<Packet, 'handoffPoint' | 'owners'>,
): string | null {
  const { owners } = packet;
  if (owners.receivingTeamId !== null)
    return actor.teamIds.includes(owners.receivingTeamId) ? owners.receivingTeamId : null;
  if (owners.givingUserId === actor.userId) return null;
  const receiving = handoffPoints[packet.handoffPoint].receiving;
  const receivingTeams = actor.teamIds.filter(
    (teamId) => teamId !== owners.givingTeamId && actor.teamFunctions[teamId] === receiving,
  );
  return receivingTeams[0] ?? null;
}

const editors: readonly Party[] = [
  'giver',
  'receiver',
  'giver_manager',
  'receiver_manager',
  'admin',
  'contributor',
];

/** Who may edit the packet's contents: its owners, their managers, admins and joined contributors. */
export function canEdit(actor: Actor, packet: PacketParties & Pick<Packet, 'status'>): boolean {
  if (packet.status === 'closed') return false;
  const parties = partiesOf(actor, packet);
  return editors.some((party) => parties.has(party));
}

export type TransitionCheck =
  | { ok: true; rule: TransitionRule }
  | { ok: false; code: 'invalid_status' | 'forbidden'; message: string };

/** Finds the rule that lets this actor make this transition from the packet's status, or why none does. */
export function findTransition(
  transition: Transition,
  actor: Actor,
  packet: PacketParties & Pick<Packet, 'status'>,
): TransitionCheck {
  const rules = transitions[transition];
  const fromHere = rules.filter((rule) => rule.from.includes(packet.status));
  if (fromHere.length === 0)
    return {
      ok: false,
      code: 'invalid_status',
      message: `cannot ${transition.replaceAll('_', ' ')} a packet that is ${packet.status.replaceAll('_', ' ')}`,
    };
  const parties = partiesOf(actor, packet);
  const rule = fromHere.find((candidate) => candidate.by.some((party) => parties.has(party)));
  if (!rule)
    return {
      ok: false,
      code: 'forbidden',
      message: `only ${fromHere[0]?.by.join(', ').replaceAll('_', ' ')} may ${transition.replaceAll('_', ' ')} this packet`,
    };
  return { ok: true, rule };
}
