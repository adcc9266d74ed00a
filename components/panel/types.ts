/** The record the tab shows, as record detection reports it. */
export type { DetectedRecord as PanelRecord } from '../../lib/messages';
