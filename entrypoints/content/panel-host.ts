import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SlaSummaryValues } from '@/lib/handoff/live-sla-state';
import type { DetectedRecord } from '@/lib/messages';
import { clampPanelWidth, defaultPanelLayout, type PanelLayout } from '@/lib/overlay/panel-layout';
import { slaTabLook } from '@/lib/overlay/sla-tab';
import { type ToggleLabels, toggleLabels, togglePanelShortcut } from '@/lib/overlay/toggle-shortcut';
import { contextTimers } from './context-timers';
import { savePanelLayout } from './panel-layout-storage';
import {
  buildPanelParts,
  collapsedTab,
  dropFrame,
  ensureFrame,
  type HostState,
  hostStyles,
  labelToggleButtons,
  type PanelParts,
} from './panel-parts';
import { setStyles } from './styles';

/** Where the panel lives on the page: shown beside a record, hidden anywhere else. */
export interface PanelHost {
  show(record: DetectedRecord): void;
  hide(): void;
  /** Collapse or expand, as the keyboard shortcut asks. */
  toggle(): void;
  /** The key the browser assigned to that shortcut (null: none), for the buttons to announce. */
  announceShortcut(shortcut: string | null): void;
  /** Where the record's SLA clocks stand (null: none runs), for the collapsed tab to show. */
  showSla(sla: SlaSummaryValues | null): void;
}

const keyboardResizeStep = 16;
/** A page that removes our element faster than this gets it back once a second, not in a tight loop. */
const reinsertionsPerSecond = 10;
/** Seconds in a row of that before the page counts as one that will not keep the panel. */
const throttledSecondsToEvict = 3;
const frameWaitForLoadMs = 3000;
const dayMs = 86_400_000;

/**
 * The panel page in an iframe, inside a closed shadow root on an element of our own: the page's CSS
 * cannot reach in, its scripts cannot reach the frame, and the frame's contents live in the
 * extension's origin. Only the record's identity shows on the element, as data attributes.
 */
export function createPanelHost(
  ctx: ContentScriptContext,
  storedLayout: Promise<PanelLayout>,
  onEvicted: () => void,
): PanelHost {
  // Storage answers a content script 4-35 ms after it asks, often after the page's load: a frame made only
  // then would start that much later. The panel is laid out expanded, unseen, until the answer comes.
  let layout = defaultPanelLayout;
  let layoutKnown = false;
  const timers = contextTimers(ctx);
  let record: DetectedRecord | null = null;
  let parts: PanelParts | undefined;
  const insertions: number[] = [];
  let reinsertionScheduled = false;
  let throttledSeconds = 0;
  let lastInsertion = Number.NEGATIVE_INFINITY;
  // A frame added before the page's load event holds that event back until the panel has loaded too; a page
  // whose load never ends (a hung request) gets the panel anyway after a while.
  let frameAllowed = document.readyState === 'complete';

  // Known without laying the page out, unlike documentElement.clientWidth: the host is rendered on every
  // record report, and on a page that has just changed a forced layout cost 10 ms of the page's thread.
  const viewportWidth = () => window.innerWidth;
  const shownWidth = () => clampPanelWidth(layout.width, viewportWidth());

  const render = () => {
    if (!parts) return;
    const { host, panel, resizeHandle, collapseButton, expandTab } = parts;
    const state: HostState =
      record === null ? 'hidden' : !layoutKnown ? 'pending' : layout.collapsed ? 'collapsed' : 'expanded';
    setStyles(host, hostStyles(state, layout.collapsed ? collapsedTab.width : shownWidth()));
    host.dataset.state = state;
    if (record) {
      Object.assign(host.dataset, {
        system: record.system,
        objectKind: record.objectKind,
        recordId: record.id,
      });
    } else {
      for (const attribute of ['system', 'objectKind', 'recordId']) delete host.dataset[attribute];
    }
    setStyles(panel, { display: layout.collapsed ? 'none' : 'flex' });
    setStyles(expandTab, { display: layout.collapsed ? 'block' : 'none' });
    collapseButton.setAttribute('aria-expanded', String(!layout.collapsed));
    expandTab.setAttribute('aria-expanded', String(!layout.collapsed));
    resizeHandle.setAttribute('aria-valuenow', String(shownWidth()));
    resizeHandle.setAttribute(
      'aria-valuemax',
      String(clampPanelWidth(Number.MAX_SAFE_INTEGER, viewportWidth())),
    );
    if (record && !layout.collapsed && frameAllowed) ensureFrame(parts);
  };

  const insert = (host: HTMLElement) => {
    const now = performance.now();
    while (insertions.length > 0 && now - (insertions[0] ?? now) > 1000) insertions.shift();
    if (insertions.length >= reinsertionsPerSecond) {
      if (reinsertionScheduled) return;
      reinsertionScheduled = true;
      throttledSeconds += 1;
      if (throttledSeconds === throttledSecondsToEvict) onEvicted();
      // A page that keeps removing the panel gets one timer a second: they must not each leave a listener.
      timers.setTimeout(() => {
        reinsertionScheduled = false;
        if (record && !host.isConnected) insert(host);
      }, 1000);
      return;
    }
    // The panel stayed a while since it last came back: the page lets it be.
    if (now - lastInsertion > 2000) throttledSeconds = 0;
    lastInsertion = now;
    insertions.push(now);
    document.documentElement.append(host);
  };

  let shortcutLabels: ToggleLabels = toggleLabels(togglePanelShortcut);
  let sla: SlaSummaryValues | null = null;
  let slaTimer: number | undefined;
  // The tab turns due soon or late by itself: it is labelled again at that instant.
  const label = () => {
    if (slaTimer !== undefined) timers.clearTimeout(slaTimer);
    slaTimer = undefined;
    const look = slaTabLook(sla, Date.now());
    if (parts) labelToggleButtons(parts, shortcutLabels, look);
    // Timers overflow past 24.8 days; a day at most, and the look is worked out again then.
    if (look.changesAt !== null)
      slaTimer = timers.setTimeout(label, Math.min(Math.max(look.changesAt - Date.now(), 0) + 50, dayMs));
  };

  const build = (): PanelParts => {
    const built = buildPanelParts();
    labelToggleButtons(built, shortcutLabels, slaTabLook(sla, Date.now()));
    const { host, resizeHandle, collapseButton, expandTab } = built;
    const listen = { signal: ctx.signal };
    collapseButton.addEventListener('click', () => setCollapsed(true), listen);
    expandTab.addEventListener('click', () => setCollapsed(false), listen);
    resizeHandle.addEventListener(
      'pointerdown',
      (event) => {
        event.preventDefault();
        resizeHandle.setPointerCapture(event.pointerId);
      },
      listen,
    );
    resizeHandle.addEventListener(
      'pointermove',
      (event) => {
        if (!resizeHandle.hasPointerCapture(event.pointerId)) return;
        // The panel's edge as laid out: the viewport less its scrollbar, where the pointer is.
        resize((document.documentElement.clientWidth || viewportWidth()) - event.clientX);
      },
      listen,
    );
    resizeHandle.addEventListener('lostpointercapture', () => savePanelLayout(layout), listen);
    resizeHandle.addEventListener(
      'keydown',
      (event) => {
        const step = { ArrowLeft: keyboardResizeStep, ArrowRight: -keyboardResizeStep }[event.key];
        if (step === undefined) return;
        event.preventDefault();
        resize(shownWidth() + step);
        savePanelLayout(layout);
      },
      listen,
    );
    ctx.addEventListener(window, 'resize', render);

    const observer = new MutationObserver(() => {
      if (record && !host.isConnected) insert(host);
    });
    observer.observe(document.documentElement, { childList: true });
    ctx.onInvalidated(() => {
      observer.disconnect();
      host.remove();
    });
    insert(host);
    return built;
  };

  const resize = (width: number) => {
    layoutKnown = true;
    layout = { ...layout, width: clampPanelWidth(width, viewportWidth()) };
    render();
  };

  const setCollapsed = (collapsed: boolean) => {
    if (!parts) return;
    // Focus follows the panel only when it was already there, or when the user asked to open it.
    const focusWasInside = document.activeElement === parts.host;
    layoutKnown = true;
    layout = { ...layout, collapsed };
    savePanelLayout(layout);
    render();
    if (!collapsed) parts.frame?.focus();
    else if (focusWasInside) parts.expandTab.focus();
  };

  void storedLayout.then((stored) => {
    // A choice made meanwhile (the shortcut) is newer than what storage held.
    if (layoutKnown) return;
    layoutKnown = true;
    layout = stored;
    if (parts && layout.collapsed) dropFrame(parts);
    render();
  });

  if (!frameAllowed) {
    const allowFrame = () => {
      frameAllowed = true;
      render();
    };
    ctx.addEventListener(window, 'load', allowFrame, { once: true });
    ctx.setTimeout(allowFrame, frameWaitForLoadMs);
  }

  return {
    show(next) {
      record = next;
      parts ??= build();
      if (!parts.host.isConnected) insert(parts.host);
      render();
    },
    hide() {
      record = null;
      render();
    },
    toggle() {
      if (record) setCollapsed(!layout.collapsed);
    },
    announceShortcut(shortcut) {
      shortcutLabels = toggleLabels(shortcut);
      label();
    },
    showSla(next) {
      sla = next;
      label();
    },
  };
}
