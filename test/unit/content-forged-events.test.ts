// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ignoreForgedRestarts, scriptStartedEventName } from '../../entrypoints/content/forged-events';

/** What a page script can dispatch: WXT's announcement of a newer copy of the content script. */
function announceNewerCopy(): void {
  document.dispatchEvent(
    new CustomEvent(scriptStartedEventName, {
      detail: { contentScriptName: 'content', messageId: 'forged' },
    }),
  );
}

const contexts: ContentScriptContext[] = [];
function startContext(): ContentScriptContext {
  const ctx = new ContentScriptContext('content');
  contexts.push(ctx);
  return ctx;
}

afterEach(() => {
  for (const ctx of contexts.splice(0)) ctx.abort('test over');
  fakeBrowser.reset();
});

describe('ignoreForgedRestarts', () => {
  it('finds the name WXT gives the announcement', () => {
    expect(scriptStartedEventName).toMatch(/:wxt:content-script-started$/);
  });

  it('keeps the content script running when the page forges the announcement', () => {
    const ctx = startContext();
    ignoreForgedRestarts(ctx);

    announceNewerCopy();

    expect(ctx.signal.aborted).toBe(false);
  });

  it('lets a genuine newer copy stop this one once the extension is gone', () => {
    const ctx = startContext();
    ignoreForgedRestarts(ctx);
    const { id } = fakeBrowser.runtime;
    try {
      (fakeBrowser.runtime as { id?: string }).id = undefined;
      announceNewerCopy();
    } finally {
      (fakeBrowser.runtime as { id?: string }).id = id;
    }

    expect(ctx.signal.aborted).toBe(true);
  });

  it('is what keeps the context alive: without it the announcement stops the script', () => {
    const ctx = startContext();

    announceNewerCopy();

    expect(ctx.signal.aborted).toBe(true);
  });
});
