/** Timers as the content script's context gives them (tied to its life), or fake ones in tests. */
export interface ReadTimers {
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
  now(): number;
}

export interface ReadScheduleOptions {
  /** Reads the page; true when it found something new (a name or details not reported before). */
  read(): boolean;
  timers: ReadTimers;
  /** How long after a navigation the page may still be rendering the record. */
  windowMs: number;
  /** Reads never come closer together than this, however fast the page changes. */
  minGapMs: number;
  /** The first look without a change seen, for what no observer sees (a shadow root found later, a value set by script). */
  firstFallbackMs: number;
  /** Looks without a change seen back off, doubling up to this. */
  longestFallbackMs: number;
}

export interface ReadSchedule {
  /** A record page was navigated to (and read once): watch it for the render window. */
  start(): void;
  /** The page changed: read soon. Ignored outside a render window. */
  changed(): void;
  /** The page shows no record any more. */
  stop(): void;
}

/**
 * When to read the page again after a navigation. Reads follow the page's changes (at most one per
 * `minGapMs`), with a fallback look that backs off while nothing new turns up, and all stop once the
 * render window has passed. A page that has finished rendering costs a handful of reads, not one every
 * few milliseconds for the whole window.
 */
export function createReadSchedule(options: ReadScheduleOptions): ReadSchedule {
  const { timers } = options;
  let windowEnd = Number.NEGATIVE_INFINITY;
  let lastRead = Number.NEGATIVE_INFINITY;
  let fallbackMs = options.firstFallbackMs;
  let pending: number | undefined;
  let pendingAt = Number.POSITIVE_INFINITY;

  const active = () => timers.now() <= windowEnd;

  const cancel = () => {
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = undefined;
    pendingAt = Number.POSITIVE_INFINITY;
  };

  /** Keeps the earlier of the pending read and one at `at`, never past the window's end. */
  const readAt = (at: number) => {
    const when = Math.min(at, windowEnd);
    if (pending !== undefined && pendingAt <= when) return;
    cancel();
    pendingAt = when;
    pending = timers.setTimeout(run, Math.max(0, when - timers.now()));
  };

  const run = () => {
    pending = undefined;
    pendingAt = Number.POSITIVE_INFINITY;
    lastRead = timers.now();
    const found = options.read();
    fallbackMs = found ? options.firstFallbackMs : Math.min(fallbackMs * 2, options.longestFallbackMs);
    if (lastRead < windowEnd) readAt(lastRead + fallbackMs);
  };

  return {
    start() {
      cancel();
      lastRead = timers.now();
      windowEnd = lastRead + options.windowMs;
      fallbackMs = options.firstFallbackMs;
      readAt(lastRead + fallbackMs);
    },
    changed() {
      if (!active()) return;
      readAt(Math.max(timers.now(), lastRead + options.minGapMs));
    },
    stop() {
      cancel();
      windowEnd = Number.NEGATIVE_INFINITY;
    },
  };
}
