import type { ObjectKind } from '../handoff/record';
import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';
import { subdomainOf } from './url';

const kinds: Record<string, ObjectKind> = { tickets: 'ticket', companies: 'account', contacts: 'contact' };
const nativeTypes: Record<string, string> = { tickets: 'ticket', companies: 'company', contacts: 'contact' };
const recordPath = /^\/a\/(tickets|companies|contacts)\/(\d+)(?:\/.*)?$/;

export const freshdesk: Adapter = {
  system: 'freshdesk',
  label: 'Freshdesk',
  hosts: ['https://*.freshdesk.com/*'],

  detect(url) {
    const domain = subdomainOf(url.hostname, 'freshdesk.com');
    const path = recordPath.exec(url.pathname);
    const kind = path?.[1] ? kinds[path[1]] : undefined;
    if (!domain || !path?.[1] || !path[2] || !kind) return null;
    return {
      system: 'freshdesk',
      instance: domain,
      objectKind: kind,
      nativeType: nativeTypes[path[1]] ?? path[1],
      id: path[2],
      url: `https://${url.hostname}/a/${path[1]}/${path[2]}`,
    };
  },

  readContext(document) {
    return { name: nameFromTitle(document.title, ['Freshdesk']) ?? fieldText(document.querySelector('h1')) };
  },
};
