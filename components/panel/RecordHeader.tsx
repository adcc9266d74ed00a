import { handoffPoints } from '../../lib/handoff/handoff-points';
import type { Packet } from '../../lib/handoff/packet';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { fieldDomId } from '../../lib/panel/focus';
import { humanise, systemLabels } from '../../lib/panel/labels';
import type { PanelRecord } from './types';

function ownerText(userId: string | null, teamId: string | null, me: string): string {
  const who = userId === null ? 'nobody yet' : userId === me ? 'you' : userId;
  return teamId === null ? who : `${who} (team ${teamId})`;
}

/** Which record the panel is beside and, once there is one, whose handoff it is and where it stands. */
export function RecordHeader({ record, packet }: { record: PanelRecord; packet: Packet | null }) {
  const { actor } = usePanelEnvironment();
  const kind = record.objectKind;
  return (
    <header class="baton-header">
      <p class="baton-muted">
        {systemLabels[record.system]} {kind}
      </p>
      <h1 id={fieldDomId('record-title')} tabIndex={-1}>
        {record.name ?? `Untitled ${kind} ${record.id}`}
      </h1>
      {packet && (
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
      )}
    </header>
  );
}
