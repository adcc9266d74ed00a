import '@/components/panel/panel.css';
import { type FunctionComponent, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Runtime } from 'webextension-polyfill';
import * as z from 'zod/mini';
import { PanelFirstScreen, PanelRecordRoot, PanelWithoutRecord } from '@/components/panel/PanelFirstScreen';
import {
  type DetectedRecord,
  type PanelGetRecordMessage,
  PanelRecordMessage,
  panelPortName,
  sidePanelPortName,
} from '@/lib/messages';
import type { PanelHome } from '@/lib/overlay/panel-home';

const firstRetryMs = 100;
const longestRetryMs = 30_000;

/**
 * The record of the tab this frame is in, as the background knows it from the tab's content script; in the
 * browser's side panel, that of its window's active tab. Nothing else decides it: this frame listens to no
 * message from the page it sits on.
 */
function subscribeToTabRecord(
  home: PanelHome,
  onRecord: (record: DetectedRecord | null) => void,
): () => void {
  // A side panel is in no tab: it names its window. Asked once, as the page starts.
  const windowId =
    home === 'side' ? browser.windows.getCurrent().then((window) => window.id) : Promise.resolve(undefined);
  let port: Runtime.Port | undefined;
  let retryMs = firstRetryMs;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const connect = () => {
    try {
      port = browser.runtime.connect({ name: home === 'side' ? sidePanelPortName : panelPortName });
    } catch {
      // An update or a reload of the extension ended this page's extension context: there is nothing left to
      // connect to, and the content script takes the frame away.
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      const parsed = z.safeParse(PanelRecordMessage, message);
      if (!parsed.success) return;
      retryMs = firstRetryMs;
      onRecord(parsed.data.record);
    });
    // Chrome stops an idle service worker and with it this port; the next one knows the record still.
    port.onDisconnect.addListener(() => {
      if (closed) return;
      retry = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, longestRetryMs);
    });
    const connected = port;
    void windowId.then((id) => {
      const ask: PanelGetRecordMessage = {
        type: 'panel:get-record',
        ...(id === undefined ? {} : { windowId: id }),
      };
      connected.postMessage(ask);
    });
  };

  connect();
  return () => {
    closed = true;
    clearTimeout(retry);
    port?.disconnect();
  };
}

/**
 * The tab's record, asked for as soon as this page's script runs rather than after its first render and
 * paint (when Preact runs effects), so the answer is on its way while the page renders.
 */
function tabRecordSource(home: PanelHome) {
  let current: DetectedRecord | null | undefined;
  const listeners = new Set<(record: DetectedRecord | null) => void>();
  subscribeToTabRecord(home, (record) => {
    current = record;
    for (const listener of listeners) listener(record);
  });
  return {
    current: () => current,
    listen(listener: (record: DetectedRecord | null) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

type HandoffPanelComponent = FunctionComponent<{ record: DetectedRecord | null }>;
type Loading =
  | { status: 'loading' }
  | { status: 'ready'; HandoffPanel: HandoffPanelComponent }
  | { status: 'failed' };

/**
 * The rest of the panel (the drafts database, the editor, the playbook) is most of its code. It loads while
 * the first screen, which needs only the record, is painted.
 */
const handoffPanel: Promise<Loading> = import('./handoff-panel').then(
  ({ HandoffPanel }) => ({ status: 'ready', HandoffPanel }),
  () => ({ status: 'failed' }),
);

function useHandoffPanel(): Loading {
  const [loading, setLoading] = useState<Loading>({ status: 'loading' });
  useEffect(() => {
    let mounted = true;
    void handoffPanel.then((loaded) => {
      if (mounted) setLoading(loaded);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return loading;
}

type TabRecordSource = ReturnType<typeof tabRecordSource>;

function useTabRecord(tabRecord: TabRecordSource): DetectedRecord | null | undefined {
  const [record, setRecord] = useState(tabRecord.current);
  useEffect(() => {
    setRecord(tabRecord.current());
    const stop = tabRecord.listen(setRecord);
    return () => {
      stop();
    };
  }, []);
  return record;
}

function Panel({ tabRecord }: { tabRecord: TabRecordSource }) {
  const record = useTabRecord(tabRecord);
  const loading = useHandoffPanel();

  if (record === undefined) return null;
  if (loading.status === 'ready') return <loading.HandoffPanel record={record} />;
  if (record === null) return <PanelWithoutRecord />;
  return (
    <PanelRecordRoot record={record}>
      <PanelFirstScreen record={record} />
      {loading.status === 'failed' && (
        <p class="baton-error" role="alert">
          Baton could not load its panel; the extension may have just been updated. Reload this page.
        </p>
      )}
    </PanelRecordRoot>
  );
}

/** The panel page, beside the record in the CRM's page or in the browser's side panel. */
export function startPanel(home: PanelHome): void {
  const tabRecord = tabRecordSource(home);
  const root = document.getElementById('app');
  // The first render waits for the record, so the first paint already shows it: a record that arrived
  // before Preact ran its effects (after the next frame) would otherwise wait one more frame to be drawn.
  if (!root) return;
  const stop = tabRecord.listen(() => {
    stop();
    render(<Panel tabRecord={tabRecord} />, root);
  });
}
