import type axe from 'axe-core';
import type { CDPSession, Frame } from 'playwright-core';
import { injectAxe } from './axe';

/** Where keyboard focus is inside the panel frame, as a person would see and hear it. */
export interface FrameStop {
  /** Position among the frame's tab stops in document order (`tabStopsInOrder`), -1 when not one of them. */
  order: number;
  tag: string;
  /** The accessible name, as axe computes it. */
  name: string;
  /** The outline or box-shadow that shows focus, or 'none'. */
  indicator: string;
  /** Its box in document coordinates (scrolling moves the frame's content as focus moves). */
  top: number;
  bottom: number;
  left: number;
  /** The heading (h1–h3) it comes under. */
  heading: string;
}

type AxeWindow = Window & { axe: typeof axe; batonTabStops?: Element[] };

/**
 * Every element of the frame that Tab should reach, in document order: focusable, not taken out of the tab
 * order, rendered. Kept in the frame so that `focusedStop` can say which of them has focus.
 */
export async function tabStopsInOrder(frame: Frame): Promise<FrameStop[]> {
  await injectAxe(frame);
  await frame.evaluate(() => {
    const frameWindow = window as unknown as AxeWindow;
    frameWindow.axe.setup(document);
    try {
      frameWindow.batonTabStops = [...document.querySelectorAll('*')].filter(
        (element) =>
          element instanceof HTMLElement &&
          element.tabIndex >= 0 &&
          frameWindow.axe.commons.dom.isFocusable(element) &&
          element.checkVisibility(),
      );
    } finally {
      frameWindow.axe.teardown();
    }
  });
  const count = await frame.evaluate(() => (window as unknown as AxeWindow).batonTabStops?.length ?? 0);
  const stops: FrameStop[] = [];
  for (let index = 0; index < count; index++) {
    const stop = await describeElement(frame, index);
    if (stop) stops.push(stop);
  }
  return stops;
}

/** The element that has focus in the frame, or null when focus is outside it. */
export async function focusedStop(frame: Frame): Promise<FrameStop | null> {
  await injectAxe(frame);
  return describeElement(frame, null);
}

function describeElement(frame: Frame, stopIndex: number | null): Promise<FrameStop | null> {
  return frame.evaluate((wanted) => {
    const frameWindow = window as unknown as AxeWindow;
    const stops = frameWindow.batonTabStops ?? [];
    let element: Element | null | undefined;
    if (wanted === null) {
      if (!document.hasFocus()) return null;
      element = document.activeElement;
      if (!element || element === document.body) return null;
    } else {
      element = stops[wanted];
      if (!element) return null;
    }
    frameWindow.axe.setup(document);
    let name: string;
    try {
      name = frameWindow.axe.commons.text.accessibleText(element).trim();
    } finally {
      frameWindow.axe.teardown();
    }
    const style = getComputedStyle(element);
    const indicator =
      style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0
        ? `outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`
        : style.boxShadow !== 'none'
          ? `box-shadow ${style.boxShadow}`
          : 'none';
    const box = element.getBoundingClientRect();
    const target = element;
    const heading = [...document.querySelectorAll('h1, h2, h3')]
      .filter((candidate) => candidate.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING)
      .at(-1);
    return {
      order: stops.indexOf(element),
      tag: element.tagName.toLowerCase(),
      name,
      indicator,
      top: box.top + window.scrollY,
      bottom: box.bottom + window.scrollY,
      left: box.left + window.scrollX,
      heading: heading?.textContent?.trim() ?? '',
    };
  }, stopIndex);
}

/** What has focus in the page itself, closed shadow roots included, as the browser's accessibility tree says. */
export interface PageFocus {
  role: string;
  name: string;
  keyShortcuts: string | null;
  expanded: boolean | null;
  /** The outline or box-shadow that shows focus, or 'none'. */
  indicator: string;
}

/**
 * The page's focused node, read through CDP: a closed shadow root is closed to page scripts and to
 * Playwright's locators, not to the accessibility tree a screen reader reads.
 */
export async function focusedOnPage(cdp: CDPSession): Promise<PageFocus | null> {
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  // The document's root is marked focused too while focus is anywhere in it: the deepest node is the one.
  const node = nodes.findLast((candidate) =>
    candidate.properties?.some((property) => property.name === 'focused' && property.value.value === true),
  );
  if (!node) return null;
  const property = (name: string) =>
    node.properties?.find((candidate) => candidate.name === name)?.value.value as unknown;
  let indicator = 'none';
  if (node.backendDOMNodeId !== undefined) {
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      returnByValue: true,
      functionDeclaration: `function () {
        const style = getComputedStyle(this);
        if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
          return 'outline ' + style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor;
        return style.boxShadow !== 'none' ? 'box-shadow ' + style.boxShadow : 'none';
      }`,
    });
    indicator = String(result.value);
  }
  const keyShortcuts = property('keyshortcuts');
  const expanded = property('expanded');
  return {
    role: String(node.role?.value ?? ''),
    name: String(node.name?.value ?? ''),
    keyShortcuts: typeof keyShortcuts === 'string' ? keyShortcuts : null,
    expanded: typeof expanded === 'boolean' ? expanded : null,
    indicator,
  };
}
