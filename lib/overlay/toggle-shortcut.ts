/**
 * The key the manifest suggests for showing or collapsing the panel; people may rebind it at
 * chrome://extensions/shortcuts. Chrome assigns a suggested key only when it is none of its own shortcuts,
 * and silently leaves the command without one otherwise: Alt+Shift+B, the first choice, is Chrome's "focus
 * the bookmarks bar" on Windows, Linux and ChromeOS, so there the panel had no shortcut at all.
 */
export const togglePanelShortcut = 'Alt+Shift+H';
