import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ReadTimers } from '@/lib/overlay/read-schedule';

/**
 * Timers that end with the content script's context. WXT's ctx.setTimeout adds a listener to the context
 * for every timer and never takes it away; the record follower sets one per read and per slice of a walk,
 * so a CRM tab open all day kept thousands. These keep only the timers still pending, and clear them from
 * one listener.
 */
export function contextTimers(ctx: ContentScriptContext): ReadTimers {
  const pending = new Set<number>();
  ctx.onInvalidated(() => {
    for (const id of pending) clearTimeout(id);
    pending.clear();
  });
  return {
    setTimeout(handler, ms) {
      const id = window.setTimeout(() => {
        pending.delete(id);
        if (ctx.isValid) handler();
      }, ms);
      pending.add(id);
      return id;
    },
    clearTimeout(id) {
      pending.delete(id);
      clearTimeout(id);
    },
    now: () => performance.now(),
  };
}
