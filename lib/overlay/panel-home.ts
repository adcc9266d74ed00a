/**
 * Where a person wants the panel: beside the record in the CRM's page, or in the browser's own side panel
 * (Chrome's side panel, Firefox's sidebar), which no page can remove. Kept in storage.local, which the
 * content script may read: it holds this choice and nothing about packets.
 */
export type PanelHome = 'page' | 'side';

export const panelHomeKey = 'panelHome';

export function parsePanelHome(stored: unknown): PanelHome {
  return stored === 'side' ? 'side' : 'page';
}
