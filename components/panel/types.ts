import type { CrmSystem, ObjectKind } from '../../lib/handoff/record';

/** The record the tab shows, as record detection reports it (the same shape as the adapters' DetectedRecord). */
export interface PanelRecord {
  system: CrmSystem;
  /** The customer's tenant in that tool: ids are only unique inside it. */
  instance: string;
  objectKind: ObjectKind;
  /** The tool's own name for the object type, such as `Opportunity` or `0-3`. */
  nativeType: string;
  id: string;
  url: string;
  name?: string;
  /** What the page showed about the deal, read best effort. */
  context?: { amount?: number; stage?: string; closeDate?: string; owner?: string };
}
