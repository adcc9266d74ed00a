import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectRecord } from '@/lib/adapters';
import type { DetectedRecord } from '@/lib/messages';
import { createReadSchedule } from '@/lib/overlay/read-schedule';
import { createRecordFollower, type RecordFollower } from '@/lib/overlay/record-follower';
import { createShadowRootTracker } from '@/lib/overlay/shadow-root-tracker';
import { contextTimers } from './context-timers';

/** How long after a navigation the page may still be rendering the record's name and details. */
const renderWindowMs = 8000;
/** However busy the page, reads (a few selectors and a look into what the page added) are this far apart. */
const minReadGapMs = 150;
/** Looks without a change seen: what no observer sees, such as a value set by script. */
const firstFallbackMs = 150;
const longestFallbackMs = 2000;
/** Without the Navigation API (older Firefox) WXT looks for URL changes only once a second. */
const urlCheckMs = 150;

/**
 * Changes that may show the record: nodes added or removed and text changed, in the document and in the
 * open shadow roots found in it (CRMs such as Salesforce render record details inside shadow roots, whose
 * changes no observer on the document sees).
 */
const watched: MutationObserverInit = { childList: true, subtree: true, characterData: true };

/** Reports the tab's record now and after every in-app navigation, tied to the content script's life. */
export function followRecord(
  ctx: ContentScriptContext,
  onRecord: (record: DetectedRecord | null) => void,
): RecordFollower {
  // The observer's callback runs inside the page's own task: it only keeps what changed, without looking
  // into it, and the reading happens in a task of ours.
  const observer = new MutationObserver((records) => {
    if (records.every(onlyOurs)) return;
    shadowRoots.added(records);
    schedule.changed();
  });
  const timers = contextTimers(ctx);
  const shadowRoots = createShadowRootTracker(document, {
    onRoot: (root) => observer.observe(root, watched),
    onCaughtUp: () => schedule.changed(),
    timers,
  });
  const follower = createRecordFollower({
    locate: (url) => detectRecord(url),
    read: (url) => detectRecord(url, document, () => shadowRoots.roots()),
    onRecord,
  });
  const stopObserving = () => {
    observer.disconnect();
    shadowRoots.reset();
  };

  // Only an adapter that reads shadow roots (Salesforce) has them walked for, and so watched: changes inside
  // them cannot change what the others read.
  const readPage = () => follower.read(location.href);
  const schedule = createReadSchedule({
    read: readPage,
    timers,
    windowMs: renderWindowMs,
    minGapMs: minReadGapMs,
    firstFallbackMs,
    longestFallbackMs,
  });
  let windowEnd: number | undefined;
  let firstRead: number | undefined;
  ctx.onInvalidated(stopObserving);

  let lastUrl: string | undefined;
  const navigate = (url: string) => {
    if (url === lastUrl) return;
    lastUrl = url;
    if (windowEnd !== undefined) timers.clearTimeout(windowEnd);
    if (firstRead !== undefined) timers.clearTimeout(firstRead);
    schedule.stop();
    // Reported from the URL at once, so the panel frame is made before a heavy page is read. The roots found so
    // far stay until then: leaving a record whose name was not read yet, the follower reads the page once more.
    follower.navigate(url);
    stopObserving();
    if (!follower.current()) return;
    firstRead = timers.setTimeout(() => {
      observer.observe(document, watched);
      readPage();
      schedule.start();
      windowEnd = timers.setTimeout(stopObserving, renderWindowMs);
    }, 0);
  };

  ctx.addEventListener(window, 'wxt:locationchange', (event) => {
    // A page script can dispatch this event too, but cannot give it the URL that WXT's own carries.
    if (event.newUrl instanceof URL) navigate(event.newUrl.href);
  });
  if (!('navigation' in globalThis)) ctx.setInterval(() => navigate(location.href), urlCheckMs);
  navigate(location.href);
  return follower;
}

/**
 * Our own element going in or out of the page (the panel host, a child of <html>) is no news about the
 * record. Runs on the page's changes until one is not ours (usually the first), so it looks at as little
 * as it can.
 */
function onlyOurs(record: MutationRecord): boolean {
  if (record.target !== document.documentElement || record.type !== 'childList') return false;
  const { addedNodes, removedNodes } = record;
  if (addedNodes.length + removedNodes.length !== 1) return false;
  return (addedNodes[0] ?? removedNodes[0])?.nodeName === 'BATON-PANEL';
}
