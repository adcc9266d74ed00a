import { minimumPanelWidth } from '@/lib/overlay/panel-layout';
import { type SlaTabLook, slaTabLook } from '@/lib/overlay/sla-tab';
import { type ToggleLabels, toggleLabels, togglePanelShortcut } from '@/lib/overlay/toggle-shortcut';
import { panelColours, setStyles } from './styles';

/** The elements of the panel on the page; the frame is made when the panel may show expanded. */
export interface PanelParts {
  host: HTMLElement;
  panel: HTMLElement;
  column: HTMLElement;
  resizeHandle: HTMLElement;
  collapseButton: HTMLButtonElement;
  expandTab: HTMLButtonElement;
  frame?: HTMLIFrameElement;
}

// Tall enough for "Baton · Due soon" written down the tab.
export const collapsedTab = { width: 28, top: 96, height: 150 };
const headerHeight = 32;

export function ensureFrame(parts: PanelParts): void {
  if (parts.frame) return;
  // Made when the panel shows expanded or may (pending): a panel kept collapsed costs the CRM page no frame.
  const frame = document.createElement('iframe');
  frame.title = 'Baton handoff panel';
  // A frame from another origin may write to the clipboard only when its embedder delegates it: the
  // panel's Copy buttons. To any origin, because the per-session URL redirects to the extension's own, which
  // a bare `clipboard-write` (the src's origin) misses; a page that navigated the frame would only gain what
  // it has itself. Reading stays denied.
  frame.allow = 'clipboard-write *';
  frame.src = browser.runtime.getURL('/panel.html');
  setStyles(frame, {
    display: 'block',
    flex: '1 1 auto',
    width: '100%',
    'min-height': '0',
    border: '0',
    margin: '0',
    padding: '0',
    background: panelColours.surface,
    'color-scheme': 'light',
  });
  parts.column.append(frame);
  parts.frame = frame;
}

/**
 * The panel's state on the page. Pending: storage has not said yet whether the panel was left collapsed, so
 * it is laid out expanded but not seen, and its frame loads meanwhile.
 */
export type HostState = 'hidden' | 'pending' | 'collapsed' | 'expanded';

/** A frame made before the stored layout said "collapsed" goes again: a collapsed panel keeps none. */
export function dropFrame(parts: PanelParts): void {
  parts.frame?.remove();
  parts.frame = undefined;
}

export function hostStyles(state: HostState, width: number): Record<string, string> {
  const placement =
    state === 'collapsed'
      ? { top: `${collapsedTab.top}px`, bottom: 'auto', height: `${collapsedTab.height}px` }
      : { top: '0', bottom: '0', height: 'auto' };
  return {
    all: 'initial',
    display: state === 'hidden' ? 'none' : 'block',
    position: 'fixed',
    right: '0',
    left: 'auto',
    ...placement,
    width: `${width}px`,
    'z-index': '2147483647',
    'box-sizing': 'border-box',
    'pointer-events': state === 'pending' ? 'none' : 'auto',
    visibility: state === 'pending' ? 'hidden' : 'visible',
    opacity: '1',
    isolation: 'isolate',
    'font-family': 'system-ui, sans-serif',
    'font-size': '13px',
    color: panelColours.text,
  };
}

export function buildPanelParts(): PanelParts {
  const host = document.createElement('baton-panel');
  const shadow = host.attachShadow({ mode: 'closed' });

  const panel = styled('div', {
    display: 'flex',
    height: '100%',
    width: '100%',
    'box-sizing': 'border-box',
    background: panelColours.surface,
    'border-left': `1px solid ${panelColours.border}`,
    'box-shadow': '-2px 0 8px rgba(0, 0, 0, 0.15)',
  });
  const resizeHandle = styled('div', {
    flex: `0 0 6px`,
    cursor: 'ew-resize',
    background: panelColours.chrome,
    'touch-action': 'none',
  });
  Object.entries({
    role: 'separator',
    tabindex: '0',
    'aria-orientation': 'vertical',
    'aria-label': 'Resize the Baton panel (left and right arrow keys)',
    'aria-valuemin': String(minimumPanelWidth),
  }).forEach(([name, value]) => {
    resizeHandle.setAttribute(name, value);
  });

  const column = styled('div', {
    flex: '1 1 auto',
    display: 'flex',
    'flex-direction': 'column',
    'min-width': '0',
  });
  const header = styled('div', {
    display: 'flex',
    'align-items': 'center',
    'justify-content': 'space-between',
    height: `${headerHeight}px`,
    'flex-shrink': '0',
    padding: '0 0 0 10px',
    background: panelColours.chrome,
    'border-bottom': `1px solid ${panelColours.border}`,
    'font-weight': '600',
  });
  const title = styled('span', {});
  title.textContent = 'Baton';
  // The suggested key until the background says which one the browser really assigned.
  const labels = toggleLabels(togglePanelShortcut);
  const collapseButton = controlButton({
    width: `${headerHeight}px`,
    height: `${headerHeight}px`,
    'font-size': '18px',
  });
  collapseButton.textContent = '›';
  header.append(title, collapseButton);
  column.append(header);
  panel.append(resizeHandle, column);

  const expandTab = controlButton({
    width: '100%',
    height: '100%',
    'writing-mode': 'vertical-rl',
    'font-weight': '600',
    background: panelColours.accent,
    color: '#ffffff',
    'border-radius': '6px 0 0 6px',
  });
  shadow.append(panel, expandTab);
  labelToggleButtons({ collapseButton, expandTab }, labels);
  return { host, panel, column, resizeHandle, collapseButton, expandTab };
}

/**
 * Names the collapse and show buttons after the toggle's key (see toggleLabels); the show tab also says
 * where the record's SLA clocks stand, when one is worth showing.
 */
export function labelToggleButtons(
  { collapseButton, expandTab }: Pick<PanelParts, 'collapseButton' | 'expandTab'>,
  labels: ToggleLabels,
  sla: SlaTabLook = slaTabLook(null, 0),
): void {
  expandTab.textContent = sla.label ? `Baton · ${sla.label}` : 'Baton';
  setStyles(expandTab, { background: sla.colour ?? panelColours.accent });
  for (const [button, label] of [
    [collapseButton, labels.collapse],
    [expandTab, sla.label ? `${labels.show} (SLA: ${sla.label.toLowerCase()})` : labels.show],
  ] as const) {
    button.title = label;
    button.setAttribute('aria-label', label);
    if (labels.keyShortcuts) button.setAttribute('aria-keyshortcuts', labels.keyShortcuts);
    else button.removeAttribute('aria-keyshortcuts');
  }
}

function controlButton(declarations: Record<string, string>): HTMLButtonElement {
  const button = styled('button', {
    margin: '0',
    padding: '0',
    border: '0',
    background: 'transparent',
    color: panelColours.text,
    font: 'inherit',
    cursor: 'pointer',
    ...declarations,
  });
  button.type = 'button';
  return button;
}

function styled<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  declarations: Record<string, string>,
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  setStyles(element, declarations);
  return element;
}
