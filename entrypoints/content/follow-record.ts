import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectRecord } from '@/lib/adapters';
import type { DetectedRecord } from '@/lib/messages';
import { createRecordFollower, type RecordFollower } from '@/lib/overlay/record-follower';

/** How long after a navigation the page may still be rendering the record's name and details. */
const renderWindowMs = 8000;
/**
 * Reads are timed rather than triggered by mutations: CRMs such as Salesforce render record details
 * inside shadow roots, whose changes no observer on the document sees. A read is a few selectors.
 */
const readIntervalMs = 150;

/** Reports the tab's record now and after every in-app navigation, tied to the content script's life. */
export function followRecord(
  ctx: ContentScriptContext,
  onRecord: (record: DetectedRecord | null) => void,
): RecordFollower {
  const follower = createRecordFollower({
    locate: (url) => detectRecord(url),
    read: (url) => detectRecord(url, document),
    onRecord,
  });
  let reading: number | undefined;

  const navigate = (url: string) => {
    follower.navigate(url);
    clearInterval(reading);
    if (!follower.current()) return;
    const until = performance.now() + renderWindowMs;
    reading = ctx.setInterval(() => {
      if (performance.now() > until) clearInterval(reading);
      else follower.read(location.href);
    }, readIntervalMs);
  };

  ctx.addEventListener(window, 'wxt:locationchange', (event) => navigate(event.newUrl.href));
  // Without the Navigation API (older Firefox) WXT looks for URL changes only once a second.
  if (!('navigation' in globalThis)) ctx.setInterval(() => navigate(location.href), readIntervalMs);
  navigate(location.href);
  return follower;
}
