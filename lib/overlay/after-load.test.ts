import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterPageLoad, type LoadWaitHost } from './after-load';

function fakePage(readyState: DocumentReadyState) {
  const listeners: Array<() => void> = [];
  const parsedListeners: Array<() => void> = [];
  let state = readyState;
  const host: LoadWaitHost = {
    readyState: () => state,
    onParsed: (listener) => parsedListeners.push(listener),
    onLoad: (listener) => listeners.push(listener),
    setTimeout: (handler, ms) => setTimeout(handler, ms),
  };
  return {
    host,
    parsed() {
      state = 'interactive';
      for (const listener of parsedListeners.splice(0)) listener();
    },
    /** The load event, with what its listeners ran inside it. */
    load() {
      state = 'complete';
      for (const listener of listeners.splice(0)) listener();
    },
  };
}

/** Waits for the page as the content script does, with the 3 s limit; `done()` tells whether it went on. */
function startWaiting(host: LoadWaitHost) {
  let done = false;
  void afterPageLoad(host, 3000).then(() => {
    done = true;
  });
  return { done: () => done };
}

describe('waiting for the page to load', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes on after the load event, in a task of its own rather than inside the event', async () => {
    const page = fakePage('interactive');
    const waiting = startWaiting(page.host);
    await vi.advanceTimersByTimeAsync(1000);
    expect(waiting.done()).toBe(false);

    page.load();
    await Promise.resolve();
    expect(waiting.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.done()).toBe(true);
  });

  it('goes on at once (in a task) on a page that has loaded already', async () => {
    const page = fakePage('complete');
    const waiting = startWaiting(page.host);
    await Promise.resolve();
    expect(waiting.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.done()).toBe(true);
  });

  it('goes on anyway after a while on a page whose load never ends', async () => {
    const page = fakePage('interactive');
    const waiting = startWaiting(page.host);
    await vi.advanceTimersByTimeAsync(2999);
    expect(waiting.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.done()).toBe(true);
  });

  it('counts the wait for a load that never ends from the parsed document, not from its own start', async () => {
    const page = fakePage('loading');
    const waiting = startWaiting(page.host);
    await vi.advanceTimersByTimeAsync(5000);
    expect(waiting.done()).toBe(false);

    page.parsed();
    await vi.advanceTimersByTimeAsync(2999);
    expect(waiting.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.done()).toBe(true);
  });

  it('goes on after the load event of a page that was still being parsed when it started', async () => {
    const page = fakePage('loading');
    const waiting = startWaiting(page.host);
    page.parsed();
    await vi.advanceTimersByTimeAsync(100);
    page.load();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.done()).toBe(true);
  });
});
