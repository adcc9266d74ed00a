import { handoffPoints } from '../../lib/handoff/handoff-points';
import type { Packet } from '../../lib/handoff/packet';
import { fieldDomId } from '../../lib/panel/focus';
import { humanise } from '../../lib/panel/labels';
import { usePeople } from '../../lib/panel/people';
import type { Side } from '../../lib/panel/reassign-choices';
import { ReassignSide } from './ReassignSide';

function Owner({ packet, side }: { packet: Packet; side: Side }) {
  const { nameOf, teamName } = usePeople();
  const { owners } = packet;
  const team = teamName(side === 'giving' ? owners.givingTeamId : owners.receivingTeamId);
  const who = nameOf(side === 'giving' ? owners.givingUserId : owners.receivingUserId);
  return (
    <dd id={fieldDomId(`owners.${side}`)} tabIndex={-1}>
      {team === null ? who : `${who} (${team})`}
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
