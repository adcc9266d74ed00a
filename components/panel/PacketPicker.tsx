import { handoffPoints } from '../../lib/handoff/handoff-points';
import { humanise } from '../../lib/handoff/labels';
import type { Packet } from '../../lib/handoff/packet';
import { usePanelSession } from '../../lib/panel/session';

/** Chooses among the record's packets (one per handoff, closed ones included) when it has several. */
export function PacketPicker({ packets, selected }: { packets: Packet[]; selected: Packet }) {
  const { store } = usePanelSession();
  return (
    <div class="baton-picker">
      <label htmlFor="baton-packet-picker">Handoff packet</label>
      <select
        id="baton-packet-picker"
        value={selected.id}
        onChange={(event) => store.setState({ selectedPacketId: event.currentTarget.value })}
      >
        {packets.map((packet) => (
          <option key={packet.id} value={packet.id}>
            {handoffPoints[packet.handoffPoint].label}, {humanise(packet.status)}
          </option>
        ))}
      </select>
    </div>
  );
}
