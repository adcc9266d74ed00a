import { useEffect, useState } from 'preact/hooks';
import { searchPackets } from '../../lib/db/queries';
import { handoffPoints } from '../../lib/handoff/handoff-points';
import { humanise, systemLabels } from '../../lib/handoff/labels';
import { fieldValue, type Packet } from '../../lib/handoff/packet';
import { recordKeyString } from '../../lib/handoff/record';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { usePeople } from '../../lib/panel/people';
import { usePanelSession } from '../../lib/panel/session';
import { customerNameOf } from '../../lib/panel/start-suggestion';
import { useLiveQuery } from '../../lib/panel/use-live-query';
import { useStore } from '../../lib/panel/use-store';
import { recordKeyOf } from './record-key';
import type { PanelRecord } from './types';

function Result({ packet, record }: { packet: Packet; record: PanelRecord }) {
  const { editor, store } = usePanelSession();
  const { nameOf } = usePeople();
  const customer = String(fieldValue(packet, 'customer.name') ?? 'Unnamed customer');
  const domain = fieldValue(packet, 'customer.domain');
  const point = handoffPoints[packet.handoffPoint].label;
  const link = async () => {
    const args = { packetId: packet.id, record: recordKeyOf(record) };
    const result = await editor.run('linkRecord', args, { action: 'link' });
    if (result.ok) store.setState({ selectedPacketId: packet.id, focusRequest: 'completeness' });
  };
  return (
    <li class="baton-result">
      <p>
        <strong>{customer}</strong>
        {domain !== null && <span class="baton-muted"> · {String(domain)}</span>}
      </p>
      <p class="baton-muted">
        {point}, {humanise(packet.status)} · on{' '}
        {packet.records.map((linked) => `${systemLabels[linked.system]} ${linked.objectKind}`).join(', ')} ·
        from {nameOf(packet.owners.givingUserId)}
      </p>
      <button type="button" onClick={link}>
        Link to {customer} ({point})
      </button>
    </li>
  );
}

/** A pause in typing a search before the API is asked too. */
const remoteSearchDelayMs = 400;

/**
 * Finds a packet of the same customer, started elsewhere (another tool, another record), to link this record.
 * Signed in, the background also asks the API and stores what it finds, so the local search shows it.
 */
export function LinkPacket({ record }: { record: PanelRecord }) {
  const { db, sync } = usePanelEnvironment();
  const { store } = usePanelSession();
  // The customer's name as the page shows it, until the person types: a tool that renders it after the
  // record's link changed sends the record again with it.
  const [typed, setTyped] = useState<string | null>(null);
  const query = typed ?? customerNameOf(record) ?? '';
  const error = useStore(store, (state) => state.actionErrors.link);
  const found = useLiveQuery(() => searchPackets(db, query), [db, query]);
  useEffect(() => {
    const terms = query.trim();
    if (!sync || terms.length < 2) return;
    const timer = setTimeout(() => sync.search(terms), remoteSearchDelayMs);
    return () => clearTimeout(timer);
  }, [sync, query]);
  const here = recordKeyString(recordKeyOf(record));
  const results =
    found.status === 'ready'
      ? found.value.filter((packet) => !packet.records.some((linked) => recordKeyString(linked) === here))
      : [];

  return (
    <section class="baton-link-packet" aria-labelledby="baton-link-title">
      <h2 id="baton-link-title">Link to an existing packet</h2>
      <label htmlFor="baton-link-query">Customer name or domain</label>
      <input
        id="baton-link-query"
        type="search"
        value={query}
        onInput={(event) => setTyped(event.currentTarget.value)}
      />
      {query.trim() !== '' && found.status === 'ready' && results.length === 0 && (
        <p class="baton-muted">{sync ? 'No packet matches.' : 'No packet on this device matches.'}</p>
      )}
      {results.length > 0 && (
        <ul class="baton-results" aria-label="Matching packets">
          {results.map((packet) => (
            <Result key={packet.id} packet={packet} record={record} />
          ))}
        </ul>
      )}
      {error && (
        <p class="baton-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
