import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';
import { subdomainOf } from './url';

// Any prefix (/hub/accounts/…, /accounts/…), since Vitally's sections all link accounts the same way.
const accountPath =
  /^((?:\/[\w-]+)*)\/accounts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/.*)?$/i;

export const vitally: Adapter = {
  system: 'vitally',
  label: 'Vitally',
  hosts: ['https://*.vitally.io/*'],

  detect(url) {
    const subdomain = subdomainOf(url.hostname, 'vitally.io', ['www', 'docs', 'api', 'rest']);
    const path = accountPath.exec(url.pathname);
    if (!subdomain || path?.[1] === undefined || !path[2]) return null;
    const id = path[2].toLowerCase();
    return {
      system: 'vitally',
      instance: subdomain,
      objectKind: 'account',
      nativeType: 'account',
      id,
      url: `https://${url.hostname}${path[1]}/accounts/${id}`,
    };
  },

  readContext(document) {
    return { name: nameFromTitle(document.title, ['Vitally']) ?? fieldText(document.querySelector('h1')) };
  },
};
