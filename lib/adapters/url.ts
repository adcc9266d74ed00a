/**
 * Whether a Chrome match pattern of the form `scheme://host/*` matches a URL. As in Chrome, `*.example.com`
 * also matches example.com itself and ports are ignored; adapters check the host's shape themselves.
 */
export function matchesPattern(pattern: string, url: URL): boolean {
  const [, scheme, host] = /^(https?):\/\/([^/]+)\/\*$/.exec(pattern) ?? [];
  if (!scheme || !host || url.protocol !== `${scheme}:`) return false;
  if (!host.startsWith('*.')) return url.hostname === host;
  return url.hostname === host.slice(2) || url.hostname.endsWith(host.slice(1));
}

/**
 * The tenant in `{tenant}.{domain}`: one DNS label, and not one of the vendor's own sites. Deeper hosts
 * and the bare domain give undefined.
 */
export function subdomainOf(hostname: string, domain: string, reserved: readonly string[] = ['www']) {
  if (!hostname.endsWith(`.${domain}`)) return undefined;
  const label = hostname.slice(0, -domain.length - 1);
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label) && !reserved.includes(label) ? label : undefined;
}
