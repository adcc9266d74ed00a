import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * An update or a reload of the extension leaves this copy of the script running, with a panel whose frame
 * no longer works. WXT notices that the extension is gone only when asked (by a timer of the context, which
 * the record follower has none of once a page has rendered), so a user coming back to the page, to the tab
 * or into the panel asks, and the panel goes with the context.
 */
export function noticeExtensionUpdates(ctx: ContentScriptContext): void {
  // Reading isValid is how WXT is asked: it invalidates the context when the extension is gone.
  const ask = () => ctx.isValid;
  ctx.addEventListener(document, 'visibilitychange', ask);
  ctx.addEventListener(window, 'focus', ask);
  // Focus going into the panel's frame takes it from the page.
  ctx.addEventListener(window, 'blur', ask);
}
