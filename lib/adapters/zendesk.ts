import type { ObjectKind } from '../handoff/record';
import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';
import { subdomainOf } from './url';

const kinds: Record<string, ObjectKind> = { tickets: 'ticket', organizations: 'account', users: 'contact' };
// Trailing segments are tabs of the same record (…/users/123/requested_tickets).
const recordPath = /^\/agent\/(tickets|organizations|users)\/(\d+)(?:\/.*)?$/;

export const zendesk: Adapter = {
  system: 'zendesk',
  label: 'Zendesk',
  hosts: ['https://*.zendesk.com/*'],

  detect(url) {
    const subdomain = subdomainOf(url.hostname, 'zendesk.com');
    const path = recordPath.exec(url.pathname);
    const kind = path?.[1] ? kinds[path[1]] : undefined;
    if (!subdomain || !path?.[1] || !path[2] || !kind) return null;
    return {
      system: 'zendesk',
      instance: subdomain,
      objectKind: kind,
      nativeType: path[1].slice(0, -1),
      id: path[2],
      url: `https://${url.hostname}/agent/${path[1]}/${path[2]}`,
    };
  },

  readContext(document) {
    return {
      // A ticket's name is its subject, which the workspace shows in a labelled input.
      name:
        fieldText(document.querySelector('input[aria-label="Subject"]')) ??
        nameFromTitle(document.title, ['Zendesk']) ??
        fieldText(document.querySelector('h1')),
    };
  },
};
