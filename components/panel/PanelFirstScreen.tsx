import type { ComponentChildren } from 'preact';
import { RecordHeader } from './RecordHeader';
import type { PanelRecord } from './types';

/**
 * The panel's first screen, painted as soon as the frame knows its record and before the drafts' code has
 * loaded and the drafts on this device have been read: the same header the full panel starts with, so
 * nothing moves when it arrives.
 */
export function PanelFirstScreen({ record }: { record: PanelRecord }) {
  return (
    <div class="baton-panel">
      <RecordHeader record={record} />
    </div>
  );
}

/** The record's identity on the panel's root lets tests and support see which record the frame shows. */
export function PanelRecordRoot({ record, children }: { record: PanelRecord; children: ComponentChildren }) {
  return (
    <div data-record-id={record.id} data-record-name={record.name ?? ''}>
      {children}
    </div>
  );
}

export function PanelWithoutRecord() {
  return <p class="baton-panel">Open a record to see its handoff.</p>;
}
