import { handoffPoints } from '../../lib/handoff/handoff-points';
import { humanise } from '../../lib/handoff/labels';
import type { Packet } from '../../lib/handoff/packet';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { fieldDomId } from '../../lib/panel/focus';
import { usePeople } from '../../lib/panel/people';
import type { Side } from '../../lib/panel/reassign-choices';
import { ReassignSide } from './ReassignSide';

/** Who owns one side, by name, written to by a click (the directory has everyone's email), and their team. */
function Owner({ packet, side }: { packet: Packet; side: Side }) {
  const { actor } = usePanelEnvironment();
  const { nameOf, person, teamName } = usePeople();
  const { owners } = packet;
  const userId = side === 'giving' ? owners.givingUserId : owners.receivingUserId;
  const team = teamName(side === 'giving' ? owners.givingTeamId : owners.receivingTeamId);
  const email = userId === null || userId === actor.userId ? undefined : person(userId)?.email;
  return (
    <dd id={fieldDomId(`owners.${side}`)} tabIndex={-1}>
      {email ? <a href={`mailto:${email}`}>{nameOf(userId)}</a> : nameOf(userId)}
      {team !== null && ` (${team})`}
      <ReassignSide packet={packet} side={side} />
    </dd>
  );
}

/** Whose handoff the packet is, by name, and where it stands, under the record's name. */
export function PacketOwners({ packet }: { packet: Packet }) {
  return (
    <dl class="baton-owners">
      <dt>Handoff</dt>
      <dd>
        {handoffPoints[packet.handoffPoint].label}, {humanise(packet.status)}
      </dd>
      <dt>Giving</dt>
      <Owner packet={packet} side="giving" />
      <dt>Receiving</dt>
      <Owner packet={packet} side="receiving" />
    </dl>
  );
}
