import { handoffPoints } from '../../lib/handoff/handoff-points';
import { humanise } from '../../lib/handoff/labels';
import type { Packet } from '../../lib/handoff/packet';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { fieldDomId } from '../../lib/panel/focus';

function ownerText(userId: string | null, teamId: string | null, me: string): string {
  const who = userId === null ? 'nobody yet' : userId === me ? 'you' : userId;
  return teamId === null ? who : `${who} (team ${teamId})`;
}

/** Whose handoff the packet is and where it stands, under the record's name. */
export function PacketOwners({ packet }: { packet: Packet }) {
  const { actor } = usePanelEnvironment();
  return (
    <dl class="baton-owners">
      <dt>Handoff</dt>
      <dd>
        {handoffPoints[packet.handoffPoint].label}, {humanise(packet.status)}
      </dd>
      <dt>Giving</dt>
      <dd id={fieldDomId('owners.giving')} tabIndex={-1}>
        {ownerText(packet.owners.givingUserId, packet.owners.givingTeamId, actor.userId)}
      </dd>
      <dt>Receiving</dt>
      <dd id={fieldDomId('owners.receiving')} tabIndex={-1}>
        {ownerText(packet.owners.receivingUserId, packet.owners.receivingTeamId, actor.userId)}
      </dd>
    </dl>
  );
}
