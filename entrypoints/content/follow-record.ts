import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectRecord } from '@/lib/adapters';
import { searchRoots } from '@/lib/adapters/page';
import type { DetectedRecord } from '@/lib/messages';
import { createReadSchedule } from '@/lib/overlay/read-schedule';
import { createRecordFollower, type RecordFollower } from '@/lib/overlay/record-follower';

/** How long after a navigation the page may still be rendering the record's name and details. */
const renderWindowMs = 8000;
/** However busy the page, reads (a few selectors and a bounded walk for shadow roots) are this far apart. */
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
  const follower = createRecordFollower({
    locate: (url) => detectRecord(url),
    read: (url) => detectRecord(url, document),
    onRecord,
  });

  let observedRoots = new WeakSet<Node>();
  let rootsStale = true;
  const observer = new MutationObserver((records) => {
    const theirs = records.filter((record) => !onlyOurs(record));
    if (theirs.length === 0) return;
    if (theirs.some(addedElements)) rootsStale = true;
    schedule.changed();
  });
  const observe = (node: Node) => {
    if (observedRoots.has(node)) return;
    observedRoots.add(node);
    observer.observe(node, watched);
  };
  /** Shadow roots are looked for again only once the page has added elements since the last look. */
  const observeShadowRoots = () => {
    if (!rootsStale) return;
    rootsStale = false;
    for (const root of searchRoots(document)) observe(root);
  };
  const stopObserving = () => {
    observer.disconnect();
    observedRoots = new WeakSet();
    rootsStale = true;
  };

  const schedule = createReadSchedule({
    read: () => {
      const found = follower.read(location.href);
      observeShadowRoots();
      return found;
    },
    timers: {
      setTimeout: (handler, ms) => ctx.setTimeout(handler, ms),
      clearTimeout: (id) => clearTimeout(id),
      now: () => performance.now(),
    },
    windowMs: renderWindowMs,
    minGapMs: minReadGapMs,
    firstFallbackMs,
    longestFallbackMs,
  });
  let windowEnd: number | undefined;
  ctx.onInvalidated(stopObserving);

  let lastUrl: string | undefined;
  const navigate = (url: string) => {
    if (url === lastUrl) return;
    lastUrl = url;
    follower.navigate(url);
    clearTimeout(windowEnd);
    stopObserving();
    if (!follower.current()) {
      schedule.stop();
      return;
    }
    observe(document);
    observeShadowRoots();
    schedule.start();
    windowEnd = ctx.setTimeout(stopObserving, renderWindowMs);
  };

  ctx.addEventListener(window, 'wxt:locationchange', (event) => navigate(event.newUrl.href));
  if (!('navigation' in globalThis)) ctx.setInterval(() => navigate(location.href), urlCheckMs);
  navigate(location.href);
  return follower;
}

/** Our own element going in or out of the page (the panel host) is no news about the record. */
function onlyOurs(record: MutationRecord): boolean {
  if (record.type !== 'childList') return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((node) => node.nodeName === 'BATON-PANEL');
}

function addedElements(record: MutationRecord): boolean {
  for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) return true;
  return false;
}
