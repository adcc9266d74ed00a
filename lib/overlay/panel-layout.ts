/** What the panel remembers between pages: UI state only, never anything from a packet. */
export type PanelLayout = { collapsed: boolean; width: number };

export const defaultPanelLayout: PanelLayout = { collapsed: false, width: 380 };
export const minimumPanelWidth = 280;
const maximumPanelWidth = 800;
/** The share of the window the panel may cover, so the record beside it stays usable. */
const maximumWindowShare = 0.8;

export function clampPanelWidth(width: number, windowWidth: number): number {
  const widest = Math.max(minimumPanelWidth, Math.min(maximumPanelWidth, windowWidth * maximumWindowShare));
  return Math.round(Math.min(Math.max(width, minimumPanelWidth), widest));
}

/** Reads back what storage holds, which an older version (or nothing) may have written. */
export function parsePanelLayout(stored: unknown): PanelLayout {
  if (typeof stored !== 'object' || stored === null) return defaultPanelLayout;
  const { collapsed, width } = stored as Partial<Record<keyof PanelLayout, unknown>>;
  return {
    collapsed: typeof collapsed === 'boolean' ? collapsed : defaultPanelLayout.collapsed,
    width: typeof width === 'number' && Number.isFinite(width) ? width : defaultPanelLayout.width,
  };
}
