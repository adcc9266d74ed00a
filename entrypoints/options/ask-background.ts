import type { ExtensionPageMessage } from '@/lib/page-messages';

/** How webextension-polyfill, which the background runs, sends back a listener's rejection. */
type PolyfillRejection = { __mozWebExtensionPolyfillReject__: true; message: string };

function isPolyfillRejection(answer: unknown): answer is PolyfillRejection {
  return (answer as Partial<PolyfillRejection> | null)?.__mozWebExtensionPolyfillReject__ === true;
}

/**
 * Asks the background and waits for its answer. The background answers through webextension-polyfill: in
 * Chrome a listener's rejection arrives as the polyfill's marker object, which only a polyfilled sender turns
 * back into an error, and this page is built without the polyfill (wxt.config.ts). Firefox rejects natively.
 */
export async function askBackground<Answer>(message: ExtensionPageMessage): Promise<Answer> {
  const answer: unknown = await browser.runtime.sendMessage(message);
  if (isPolyfillRejection(answer)) throw new Error(answer.message);
  return answer as Answer;
}
