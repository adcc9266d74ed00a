import { maxSearchRoots, type SearchRoot, type SearchRootWalk, walkSearchRoots } from '../adapters/page';
import type { ReadTimers } from './read-schedule';

/**
 * A page that changes more than this between two looks gets a whole walk instead, which is bounded:
 * holding that many records would cost more.
 */
const maxPendingRecords = 5000;
/**
 * Walks go on in tasks of their own, each this long at most: Long Animation Frames name a script from 5 ms
 * on, and the page's own work waits for none of ours for longer.
 */
const walkSliceMs = 4;

export interface ShadowRootTracker {
  /**
   * The document and the open shadow roots known in it, brought up to date first: a whole walk that is
   * due, or a look into what the page added, begins here. What it does not find within one slice it finds
   * in tasks of its own, and then says so through `onCaughtUp`.
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
  /** A walk that took more than one slice has ended: the roots known are complete again. */
  onCaughtUp(): void;
  timers: ReadTimers;
}

/**
 * The open shadow roots of a page, kept up to date without walking the whole page on every read. Walking
 * means touching each element from the content script's world, which costs a wrapper object per element:
 * tens of milliseconds on a page of fifteen thousand. So the whole document is walked once per record
 * (and when the page changed too much at once to follow), otherwise only what the page has added, and
 * either a slice at a time.
 */
export function createShadowRootTracker(document: Document, host: ShadowRootTrackerHost): ShadowRootTracker {
  const { timers } = host;
  let known = new WeakSet<SearchRoot>();
  let found: SearchRoot[] = [];
  let wholeWalkDue = true;
  /** The timer of a walk's next slice: set while a walk goes on. */
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
      host.onCaughtUp();
    }, 0);
  };

  const visit = (root: SearchRoot) => {
    remember(root);
    return found.length < maxSearchRoots;
  };

  /**
   * A whole walk when one is due (it sees the page as it is, so what the page added before needs no looking
   * into), or else a look into what the page added since the last one.
   */
  const startWalk = () => {
    let started: SearchRootWalk;
    if (wholeWalkDue) {
      wholeWalkDue = false;
      clearPending();
      remember(document);
      started = walkSearchRoots([document], visit);
    } else if (pendingCount > 0) {
      const batches = pending;
      clearPending();
      started = walkSearchRoots(addedElements(batches), visit);
    } else return;
    if (!walkOneSlice(started)) walkOnLater(started);
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
      if (nextSlice === undefined) startWalk();
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
      known = new WeakSet();
      found = [];
      clearPending();
      wholeWalkDue = true;
    },
  };
}

function* addedElements(batches: ReadonlyArray<readonly MutationRecord[]>): Generator<Element> {
  for (const records of batches) {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) yield node as Element;
      }
    }
  }
}
