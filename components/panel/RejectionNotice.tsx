import { usePanelEnvironment } from '../../lib/panel/environment';
import { usePeople } from '../../lib/panel/people';
import { describeRejection } from '../../lib/panel/rejections';
import { useLiveQuery } from '../../lib/panel/use-live-query';
import { usePacketView } from './packet-view';

/** Changes of this person's that the API refused: what they asked, why not, and what the packet keeps. */
export function RejectionNotice() {
  const { db } = usePanelEnvironment();
  const { packet } = usePacketView();
  const { nameOf } = usePeople();
  const found = useLiveQuery(
    () =>
      db.rejections
        .where('packetId')
        .equals(packet.id)
        .filter((rejection) => !rejection.seen)
        .toArray(),
    [db, packet.id],
  );
  if (found.status !== 'ready' || found.value.length === 0) return null;
  return (
    <section class="baton-rejections" aria-labelledby="baton-rejections-title">
      <h2 id="baton-rejections-title">Not saved by the team's API</h2>
      <ul>
        {found.value.map((rejection) => {
          const { change, kept } = describeRejection(rejection, packet, nameOf);
          const dismiss = () =>
            void db.rejections.where('mutationId').equals(rejection.mutationId).modify({ seen: true });
          return (
            <li key={rejection.mutationId}>
              <p>
                <strong>{change}</strong>: {rejection.message}.{kept !== null && ` The packet keeps ${kept}.`}
              </p>
              <button type="button" onClick={dismiss}>
                Dismiss
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
