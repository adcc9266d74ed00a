import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Runtime } from 'webextension-polyfill';
import * as z from 'zod/mini';
import { PanelApp, PanelFirstScreen } from '@/components/panel/PanelApp';
import { recordKeyOf } from '@/components/panel/record-key';
import { sharedDatabase } from '@/lib/db/database';
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

/**
 * The tab's record, asked for as soon as this page's script runs rather than after its first render and
 * paint (when Preact runs effects), so the answer is on its way while the page renders.
 */
function tabRecordSource() {
  let current: DetectedRecord | null | undefined;
  const listeners = new Set<(record: DetectedRecord | null) => void>();
  subscribeToTabRecord((record) => {
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

const tabRecord = tabRecordSource();
// The drafts database opens while the first screen renders; a failure to open shows where it is read.
sharedDatabase()
  .open()
  .catch(() => {});

function useTabRecord(): DetectedRecord | null | undefined {
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

function Panel() {
  const record = useTabRecord();
  const environment = useStoredEnvironment();
  useSyncTriggers(record ? recordKeyOf(record) : record, environment?.sync !== undefined);

  if (record === undefined) return null;
  if (record === null) return <p class="baton-panel">Open a record to see its handoff.</p>;
  // The record's identity on the root lets tests and support see which record the frame shows.
  return (
    <div data-record-id={record.id} data-record-name={record.name ?? ''}>
      {environment === undefined ? (
        <PanelFirstScreen record={record} />
      ) : (
        <PanelEnvironmentContext.Provider value={environment}>
          <PanelApp record={record} />
        </PanelEnvironmentContext.Provider>
      )}
    </div>
  );
}

const root = document.getElementById('app');
// The first render waits for the record, so the first paint already shows it: a record that arrived
// before Preact ran its effects (after the next frame) would otherwise wait one more frame to be drawn.
if (root) {
  const stop = tabRecord.listen(() => {
    stop();
    render(<Panel />, root);
  });
}
