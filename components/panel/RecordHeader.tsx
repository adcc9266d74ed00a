import type { ComponentChildren } from 'preact';
import { systemLabels } from '../../lib/handoff/labels';
import { fieldDomId } from '../../lib/panel/focus';
import type { PanelRecord } from './types';

/**
 * Which record the panel is beside, and below it (as `children`) whose handoff it is. It needs nothing
 * but the record, so the panel's first screen paints it before the drafts' code has loaded.
 */
export function RecordHeader({ record, children }: { record: PanelRecord; children?: ComponentChildren }) {
  const kind = record.objectKind;
  return (
    <header class="baton-header">
      <p class="baton-muted">
        {systemLabels[record.system]} {kind}
      </p>
      <h1 id={fieldDomId('record-title')} tabIndex={-1}>
        {record.name ?? `Untitled ${kind} ${record.id}`}
      </h1>
      {children}
    </header>
  );
}
