import { type PanelLayout, parsePanelLayout } from '@/lib/overlay/panel-layout';

// storage.local is readable by content scripts, so it holds the panel's layout and nothing else.
const storageKey = 'panelLayout';

export async function loadPanelLayout(): Promise<PanelLayout> {
  try {
    return parsePanelLayout((await browser.storage.local.get(storageKey))[storageKey]);
  } catch {
    return parsePanelLayout(undefined);
  }
}

export function savePanelLayout(layout: PanelLayout): void {
  browser.storage.local.set({ [storageKey]: layout }).catch(() => {
    // Losing a layout costs one drag; never an error on the CRM's page.
  });
}
