import * as z from 'zod/mini';
import type { DetectedRecord as AdapterDetectedRecord } from './adapters/types';
import type { SlaSummaryValues } from './handoff/live-sla-state';
import { CrmSystem, ObjectKind } from './handoff/record';

/**
 * Messages between the content script, the background and the panel. The content script only sends
 * plain objects typed from here (it must not bundle Zod); the background parses everything it
 * receives with these schemas, because a content script runs inside the CRM's renderer.
 */

const shortText = z.string().check(z.minLength(1), z.maxLength(200));
const displayText = z.string().check(z.maxLength(500));

export const RecordContext = z.object({
  amount: z.optional(z.number().check(z.refine(Number.isFinite, 'must be a finite number'))),
  stage: z.optional(displayText),
  closeDate: z.optional(z.iso.date()),
  owner: z.optional(displayText),
  account: z.optional(displayText),
});

export const DetectedRecord = z.object({
  system: CrmSystem,
  instance: shortText,
  objectKind: ObjectKind,
  nativeType: shortText,
  id: shortText,
  url: z.string().check(z.minLength(1), z.maxLength(2048), z.regex(/^https?:\/\//, 'must be an http(s) URL')),
  name: z.optional(displayText),
  context: z.optional(RecordContext),
});
export type DetectedRecord = z.infer<typeof DetectedRecord>;

/** Content script → background: the record this tab shows now; null once it shows none. */
export const RecordDetectedMessage = z.object({
  type: z.literal('record:detected'),
  record: z.nullable(DetectedRecord),
});
export type RecordDetectedMessage = z.infer<typeof RecordDetectedMessage>;

/**
 * Content script → background: the page keeps removing the panel (faster than it can come back), so the
 * toolbar button offers the browser's side panel for this tab instead.
 */
export const PanelEvictedMessage = z.object({ type: z.literal('panel:evicted') });
export type PanelEvictedMessage = z.infer<typeof PanelEvictedMessage>;

/** What a content script may tell the background. */
export const ContentScriptMessage = z.discriminatedUnion('type', [
  RecordDetectedMessage,
  PanelEvictedMessage,
]);

/** Background → content script, the answer to `record:detected`: the panel toggle's key as assigned now. */
export type RecordDetectedAnswer = { toggleShortcut: string | null };

/** The name of the runtime port a panel opens to the background, one per panel frame. */
export const panelPortName = 'baton-panel';
/** The same for a panel in the browser's side panel, which follows its window's active tab. */
export const sidePanelPortName = 'baton-side-panel';

/**
 * Panel → background, on its port: which record does my tab show? Answered with `panel:record`. A side
 * panel, in no tab, names its window instead.
 */
export const PanelGetRecordMessage = z.object({
  type: z.literal('panel:get-record'),
  windowId: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type PanelGetRecordMessage = z.infer<typeof PanelGetRecordMessage>;

/** Background → panel, on its port: the answer to `panel:get-record`, and again whenever the record changes. */
export const PanelRecordMessage = z.object({
  type: z.literal('panel:record'),
  record: z.nullable(DetectedRecord),
});
export type PanelRecordMessage = z.infer<typeof PanelRecordMessage>;

/** Background → content script: show or collapse the panel (the keyboard command). */
export type PanelToggleMessage = { type: 'panel:toggle' };

/**
 * Background → content script: where the SLA clocks of the tab's record stand (null: none runs), so the
 * collapsed panel's tab shows it. The state and two instants only: no packet content reaches the page.
 */
export type RecordSlaMessage = { type: 'record:sla'; sla: SlaSummaryValues | null };

/** The keyboard command's name in the manifest. */
export const togglePanelCommand = 'toggle-panel';

// The adapters' type and this schema must describe the same record, or the background would refuse
// (or let through) what the content script sends.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<Condition extends true> = Condition;
export type DetectedRecordMatchesAdapters = Expect<Same<DetectedRecord, AdapterDetectedRecord>>;
