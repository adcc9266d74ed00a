/** What waiting for the page's load event needs of the page and of the content script's life. */
export interface LoadWaitHost {
  readyState(): DocumentReadyState;
  /** Calls `listener` once when the page's load event fires. */
  onLoad(listener: () => void): void;
  setTimeout(handler: () => void, ms: number): void;
}

/**
 * Resolves in a task of its own after the page's load event, or after `maxWaitMs` on a page whose load
 * never ends (a hung request). Chromium injects a document_idle content script just before the load
 * event, so anything the script does before this point holds the page's load back by as much, and work
 * done inside a load listener still counts toward the load event's end.
 */
export function afterPageLoad(host: LoadWaitHost, maxWaitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const soon = () => host.setTimeout(resolve, 0);
    if (host.readyState() === 'complete') {
      soon();
      return;
    }
    host.onLoad(soon);
    host.setTimeout(resolve, maxWaitMs);
  });
}
