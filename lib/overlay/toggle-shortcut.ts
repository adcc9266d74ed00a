/**
 * The key the manifest suggests for showing or collapsing the panel; people may rebind it at
 * chrome://extensions/shortcuts. Chrome assigns a suggested key only when it is none of its own shortcuts,
 * and silently leaves the command without one otherwise: Alt+Shift+B, the first choice, is Chrome's "focus
 * the bookmarks bar" on Windows, Linux and ChromeOS, so there the panel had no shortcut at all.
 */
export const togglePanelShortcut = 'Alt+Shift+H';

/** The panel's collapse and show buttons: their names, and the key as ARIA spells it (if it can). */
export interface ToggleLabels {
  collapse: string;
  show: string;
  /** For aria-keyshortcuts; absent for no key, or one the browser spells in symbols (macOS: ⌥⇧H). */
  keyShortcuts?: string;
}

/**
 * The labels for the key the browser really assigned (`chrome.commands`): people may rebind it, and
 * Chrome leaves it unassigned when it clashes with one of its own. Null or empty: no key to announce.
 */
export function toggleLabels(shortcut: string | null): ToggleLabels {
  const key = shortcut?.trim() || null;
  const suffix = key ? ` (${key})` : '';
  return {
    collapse: `Collapse the Baton panel${suffix}`,
    show: `Show the Baton panel${suffix}`,
    ...(key && /^[A-Za-z0-9]+(\+[A-Za-z0-9]+)*$/.test(key) ? { keyShortcuts: key } : {}),
  };
}
