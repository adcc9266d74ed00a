import { maxSearchRoots, type SearchRoot, searchRoots } from '../adapters/page';

/**
 * A page that adds more than this between two looks (records held, or elements in what they added) gets a
 * whole walk instead, which is bounded: looking into that much would cost more.
 */
const maxPendingRecords = 5000;
const maxScannedPerLook = 5000;

export interface ShadowRootTracker {
  /** The document and the open shadow roots known in it, brought up to date first. */
  roots(): readonly SearchRoot[];
  /** Mutations the page made: their added nodes are looked into at the next `roots()`, not now. */
  added(records: readonly MutationRecord[]): void;
  /** A new page or record: the next `roots()` walks the whole document again. */
  reset(): void;
}

/**
 * The open shadow roots of a page, kept up to date without walking the whole page on every read. Walking
 * means touching each element from the content script's world, which costs a wrapper object per element:
 * several milliseconds on a page of fifteen thousand. So the whole document is walked once per record
 * (and when the page changed too much at once to follow), and otherwise only what the page has added is
 * looked into. `onRoot` hears of each root once, the document included, so that it can be observed.
 */
export function createShadowRootTracker(
  document: Document,
  onRoot: (root: SearchRoot) => void,
): ShadowRootTracker {
  let known = new WeakSet<SearchRoot>();
  let found: SearchRoot[] = [];
  let wholeWalkDue = true;
  let pending: MutationRecord[] = [];

  const remember = (root: SearchRoot) => {
    if (known.has(root) || found.length >= maxSearchRoots) return;
    known.add(root);
    found.push(root);
    onRoot(root);
  };

  /** False when what was added is too much to look into (the roots found so far are kept). */
  const lookInto = (records: readonly MutationRecord[]): boolean => {
    let scanned = 0;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const element = node as Element;
        if (element.shadowRoot) remember(element.shadowRoot);
        for (const descendant of element.querySelectorAll('*')) {
          if (++scanned > maxScannedPerLook) return false;
          if (descendant.shadowRoot) remember(descendant.shadowRoot);
        }
      }
    }
    return true;
  };

  /** A component the page took out takes its shadow root along: reading it would show stale values. */
  const forgetDetached = () => {
    found = found.filter((root) => {
      const attached = !('host' in root) || root.host.isConnected;
      if (!attached) known.delete(root);
      return attached;
    });
  };

  return {
    roots() {
      forgetDetached();
      const records = pending;
      pending = [];
      if (wholeWalkDue || !lookInto(records)) {
        wholeWalkDue = false;
        for (const root of searchRoots(document)) remember(root);
      }
      return found;
    },
    added(records) {
      if (wholeWalkDue) return;
      if (pending.length + records.length > maxPendingRecords) {
        wholeWalkDue = true;
        pending = [];
        return;
      }
      pending.push(...records);
    },
    reset() {
      known = new WeakSet();
      found = [];
      pending = [];
      wholeWalkDue = true;
    },
  };
}
