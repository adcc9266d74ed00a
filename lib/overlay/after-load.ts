/** What waiting for the page's load event needs of the page and of the content script's life. */
export interface LoadWaitHost {
  readyState(): DocumentReadyState;
  /** Calls `listener` once when the page's document has been parsed (DOMContentLoaded). */
  onParsed(listener: () => void): void;
  /** Calls `listener` once when the page's load event fires. */
  onLoad(listener: () => void): void;
  setTimeout(handler: () => void, ms: number): void;
}

/**
 * Resolves in a task of its own after the page's load event, or `maxWaitMs` after the document was parsed
 * on a page whose load never ends (a hung request). The content script starts at document_start: anything
 * it does before this point holds the page's load back by as much, and so does work done inside a load
 * listener. The wait for a hung load counts from the parsed document, not from the script's start, so a
 * slow page's own parsing does not use it up.
 */
export function afterPageLoad(host: LoadWaitHost, maxWaitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const soon = () => host.setTimeout(resolve, 0);
    const giveUpLater = () => host.setTimeout(resolve, maxWaitMs);
    const state = host.readyState();
    if (state === 'complete') {
      soon();
      return;
    }
    host.onLoad(soon);
    if (state === 'loading') host.onParsed(giveUpLater);
    else giveUpLater();
  });
}
