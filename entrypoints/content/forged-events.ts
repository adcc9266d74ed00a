import { ContentScriptContext } from 'wxt/utils/content-script-context';

/** The event's name as WXT makes it (private in its typings; a unit test notices if it goes). */
export const scriptStartedEventName = (
  ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }
).SCRIPT_STARTED_MESSAGE_TYPE;

/**
 * WXT stops a content script when a newer copy of it announces itself with an event on the document, and a
 * page script that knows the extension's id can dispatch that event too. A newer copy only ever starts once
 * this one's extension context is gone (an update or a reload), so while the extension still answers, the
 * announcement is forged and goes no further than the window, where it is caught first.
 */
export function ignoreForgedRestarts(ctx: ContentScriptContext): void {
  window.addEventListener(
    scriptStartedEventName,
    (event) => {
      if (browser.runtime?.id !== undefined) event.stopImmediatePropagation();
    },
    { capture: true, signal: ctx.signal },
  );
}
