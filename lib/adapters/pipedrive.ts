import type { ObjectKind } from '../handoff/record';
import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';
import { subdomainOf } from './url';

const kinds: Record<string, ObjectKind> = { deal: 'opportunity', organization: 'account', person: 'contact' };
const recordPath = /^\/(deal|organization|person)\/(\d+)(?:\/.*)?$/;
// `app` only redirects to the company's own subdomain, which is what makes ids unique.
const notCompanies = ['www', 'app', 'api', 'developers', 'oauth'];

export const pipedrive: Adapter = {
  system: 'pipedrive',
  label: 'Pipedrive',
  hosts: ['https://*.pipedrive.com/*'],

  detect(url) {
    const company = subdomainOf(url.hostname, 'pipedrive.com', notCompanies);
    const path = recordPath.exec(url.pathname);
    const kind = path?.[1] ? kinds[path[1]] : undefined;
    if (!company || !path?.[1] || !path[2] || !kind) return null;
    return {
      system: 'pipedrive',
      instance: company,
      objectKind: kind,
      nativeType: path[1],
      id: path[2],
      url: `https://${url.hostname}/${path[1]}/${path[2]}`,
    };
  },

  readContext(document) {
    return { name: nameFromTitle(document.title, ['Pipedrive']) ?? fieldText(document.querySelector('h1')) };
  },
};
