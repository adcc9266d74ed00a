import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Runtime } from 'webextension-polyfill';
import * as z from 'zod/mini';
import { PanelApp } from '@/components/panel/PanelApp';
import { recordKeyOf } from '@/components/panel/record-key';
import {
  type DetectedRecord,
  type PanelGetRecordMessage,
  PanelRecordMessage,
  panelPortName,
} from '@/lib/messages';
import { PanelEnvironmentContext } from '@/lib/panel/environment';
import { useStoredEnvironment, useSyncTriggers } from './environment';

const firstRetryMs = 100;
const longestRetryMs = 30_000;

/**
 * The record of the tab this frame is in, as the background knows it from the tab's content script.
 * Nothing else decides it: this frame listens to no message from the page it sits on.
 */
function subscribeToTabRecord(onRecord: (record: DetectedRecord | null) => void): () => void {
  let port: Runtime.Port | undefined;
  let retryMs = firstRetryMs;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const connect = () => {
    port = browser.runtime.connect({ name: panelPortName });
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
    const ask: PanelGetRecordMessage = { type: 'panel:get-record' };
    port.postMessage(ask);
  };

  connect();
  return () => {
    closed = true;
    clearTimeout(retry);
    port?.disconnect();
  };
}

function Panel() {
  const [record, setRecord] = useState<DetectedRecord | null | undefined>(undefined);
  useEffect(() => subscribeToTabRecord(setRecord), []);
  const environment = useStoredEnvironment();
  useSyncTriggers(record ? recordKeyOf(record) : record, environment?.sync !== undefined);

  if (record === undefined || environment === undefined) return null;
  if (record === null) return <p class="baton-panel">Open a record to see its handoff.</p>;
  // The record's identity on the root lets tests and support see which record the frame shows.
  return (
    <PanelEnvironmentContext.Provider value={environment}>
      <div data-record-id={record.id} data-record-name={record.name ?? ''}>
        <PanelApp record={record} />
      </div>
    </PanelEnvironmentContext.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<Panel />, root);
