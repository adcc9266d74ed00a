/**
 * Whether a message comes from one of our own pages (panel, options) rather than a content script.
 * Protocols, not origins: a frame loaded through use_dynamic_url has an origin of its own.
 */
export function isExtensionPage(url: string | undefined): boolean {
  return url !== undefined && URL.canParse(url) && new URL(url).protocol === extensionProtocol();
}

function extensionProtocol(): string {
  return new URL(browser.runtime.getURL('/')).protocol;
}
