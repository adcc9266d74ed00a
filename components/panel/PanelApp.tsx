import { useEffect, useMemo } from 'preact/hooks';
import { packetsForRecord } from '../../lib/db/queries';
import { recordKeyString } from '../../lib/handoff/record';
import { createPanelEditor } from '../../lib/panel/editor';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { focusField } from '../../lib/panel/focus';
import { type PanelSession, PanelSessionContext, usePanelSession } from '../../lib/panel/session';
import { createPanelStore } from '../../lib/panel/store';
import { useLiveQuery } from '../../lib/panel/use-live-query';
import { useStore } from '../../lib/panel/use-store';
import { teamViewName } from '../../lib/team/view-name';
import { LinkPacket } from './LinkPacket';
import { PacketOwners } from './PacketOwners';
import { PacketPanel } from './PacketPanel';
import { PacketPicker } from './PacketPicker';
import { RecordHeader } from './RecordHeader';
import { recordKeyOf } from './record-key';
import { SaveState } from './SaveState';
import { StartPacket } from './StartPacket';
import type { PanelRecord } from './types';
import { ViewToggle } from './ViewToggle';

/**
 * Writes what is still being typed when the panel goes away (hidden, unloaded or unmounted), and turns
 * typing that an earlier panel could not write before it went (a reload, a crash) into edits.
 */
function useFlushOnLeave(session: PanelSession) {
  useEffect(() => {
    void session.editor.recoverTyping();
    const flush = () => void session.editor.flushAll();
    const flushWhenHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', flushWhenHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', flushWhenHidden);
      flush();
    };
  }, [session]);
}

function RecordPackets({ record }: { record: PanelRecord }) {
  const { db } = usePanelEnvironment();
  const key = recordKeyString(recordKeyOf(record));
  const found = useLiveQuery(() => packetsForRecord(db, recordKeyOf(record)), [db, key]);
  const { store } = usePanelSession();
  const selectedId = useStore(store, (state) => state.selectedPacketId);
  const focusRequest = useStore(store, (state) => state.focusRequest);

  useEffect(() => {
    if (focusRequest !== null && focusField(focusRequest)) store.setState({ focusRequest: null });
  });

  if (found.status === 'loading') return <RecordHeader record={record} />;
  if (found.status === 'failed')
    return (
      <>
        <RecordHeader record={record} />
        <p class="baton-error" role="alert">
          Could not read the drafts on this device: {found.error.message}
        </p>
      </>
    );
  const packets = found.value;
  const selected = packets.find((packet) => packet.id === selectedId) ?? packets[0];
  if (!selected)
    return (
      <>
        <RecordHeader record={record} />
        <SaveState />
        <StartPacket record={record} />
        <LinkPacket record={record} />
      </>
    );
  return (
    <>
      <RecordHeader record={record}>
        <PacketOwners packet={selected} />
      </RecordHeader>
      <SaveState />
      {packets.length > 1 && <PacketPicker packets={packets} selected={selected} />}
      <PacketPanel key={selected.id} packet={selected} />
      <details class="baton-more">
        <summary>Start another handoff, or link another packet</summary>
        <StartPacket record={record} />
        <LinkPacket record={record} />
      </details>
    </>
  );
}

/**
 * The handoff panel for the record the tab shows. The host renders `<PanelApp record={record} />` and
 * re-renders it with the next record on in-app navigation; the session and everything below are keyed by the
 * record, so no state of one record survives into another. Who edits, the playbook and the database come from
 * `PanelEnvironmentContext`.
 */
export function PanelApp({ record }: { record: PanelRecord }) {
  const environment = usePanelEnvironment();
  const recordKey = recordKeyString(recordKeyOf(record));
  // A session per record: switching records flushes the last one's typing and starts with clean UI state.
  const session = useMemo<PanelSession>(() => {
    const store = createPanelStore();
    return { store, editor: createPanelEditor(environment, store) };
  }, [environment, recordKey]);
  useFlushOnLeave(session);
  return (
    <PanelSessionContext.Provider value={session}>
      <div class="baton-panel">
        {/* The team view lists what the API says: nothing to show without signing in. */}
        {environment.sync && <ViewToggle current="record" teamName={teamViewName(environment.actor)} />}
        <RecordPackets key={recordKey} record={record} />
      </div>
    </PanelSessionContext.Provider>
  );
}
