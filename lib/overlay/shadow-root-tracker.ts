import { maxSearchRoots, type SearchRoot, type SearchRootWalk, walkSearchRoots } from '../adapters/page';
import type { ReadTimers } from './read-schedule';

/**
 * A page that adds more than this between two looks (records held, or elements in what they added) gets a
 * whole walk instead, which is bounded: looking into that much would cost more.
 */
const maxPendingRecords = 5000;
const maxScannedPerLook = 5000;
/**
 * A whole walk goes on in tasks of its own, each this long at most: Long Animation Frames name a script
 * from 5 ms on, and the page's own work waits for none of ours for longer.
 */
const walkSliceMs = 4;

export interface ShadowRootTracker {
  /**
   * The document and the open shadow roots known in it, brought up to date first. A whole walk that is due
   * begins here; what it does not find within one slice it finds in tasks of its own, and then says so
   * through `onWalked`.
   */
  roots(): readonly SearchRoot[];
  /** Mutations the page made: their added nodes are looked into at the next `roots()`, not now. */
  added(records: readonly MutationRecord[]): void;
  /** A new page or record: the next `roots()` walks the whole document again. */
  reset(): void;
}

export interface ShadowRootTrackerHost {
  /** Hears of each root once, the document included, so that it can be observed. */
  onRoot(root: SearchRoot): void;
  /** A whole walk that took more than one slice has ended: the roots known are complete again. */
  onWalked(): void;
  timers: ReadTimers;
}

/**
 * The open shadow roots of a page, kept up to date without walking the whole page on every read. Walking
 * means touching each element from the content script's world, which costs a wrapper object per element:
 * tens of milliseconds on a page of fifteen thousand. So the whole document is walked once per record
 * (and when the page changed too much at once to follow), a slice at a time, and otherwise only what the
 * page has added is looked into.
 */
export function createShadowRootTracker(document: Document, host: ShadowRootTrackerHost): ShadowRootTracker {
  const { timers } = host;
  let known = new WeakSet<SearchRoot>();
  let found: SearchRoot[] = [];
  let wholeWalkDue = true;
  let walk: SearchRootWalk | undefined;
  let nextSlice: number | undefined;
  /** MutationObserver batches as they came: looking into them waits for a read. */
  let pending: Array<readonly MutationRecord[]> = [];
  let pendingCount = 0;

  const remember = (root: SearchRoot) => {
    if (known.has(root) || found.length >= maxSearchRoots) return;
    known.add(root);
    found.push(root);
    host.onRoot(root);
  };

  const clearPending = () => {
    pending = [];
    pendingCount = 0;
  };

  /** True when the walk is done. */
  const walkOneSlice = (current: SearchRootWalk): boolean => {
    const deadline = timers.now() + walkSliceMs;
    return current.resume(() => timers.now() >= deadline);
  };

  const walkOnLater = (current: SearchRootWalk) => {
    nextSlice = timers.setTimeout(() => {
      nextSlice = undefined;
      if (!walkOneSlice(current)) return walkOnLater(current);
      walk = undefined;
      host.onWalked();
    }, 0);
  };

  /** The page as it is now: what it added before this point needs no looking into. */
  const startWholeWalk = () => {
    wholeWalkDue = false;
    clearPending();
    const started = walkSearchRoots(document, (root) => {
      remember(root);
      return found.length < maxSearchRoots;
    });
    if (walkOneSlice(started)) return;
    walk = started;
    walkOnLater(started);
  };

  /** False when what was added is too much to look into (the roots found so far are kept). */
  const lookInto = (batches: ReadonlyArray<readonly MutationRecord[]>): boolean => {
    let scanned = 0;
    for (const record of batches.flat()) {
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
      if (walk) return found;
      const batches = pending;
      clearPending();
      if (wholeWalkDue || !lookInto(batches)) startWholeWalk();
      return found;
    },
    added(records) {
      if (wholeWalkDue) return;
      if (pendingCount + records.length > maxPendingRecords) {
        wholeWalkDue = true;
        clearPending();
        return;
      }
      pending.push(records);
      pendingCount += records.length;
    },
    reset() {
      if (nextSlice !== undefined) timers.clearTimeout(nextSlice);
      nextSlice = undefined;
      walk = undefined;
      known = new WeakSet();
      found = [];
      clearPending();
      wholeWalkDue = true;
    },
  };
}
