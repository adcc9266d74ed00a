import type { ObjectKind } from '../handoff/record';
import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';

/** Modules by the API names the URLs use; Zoho shows Potentials as "Deals". */
const kinds: Record<string, ObjectKind> = {
  Accounts: 'account',
  Potentials: 'opportunity',
  Contacts: 'contact',
  Leads: 'lead',
  Cases: 'ticket',
};

/** One host per data centre; an org lives in exactly one. */
const zohoHosts = [
  'crm.zoho.com',
  'crm.zoho.eu',
  'crm.zoho.in',
  'crm.zoho.com.au',
  'crm.zoho.jp',
  'crm.zohocloud.ca',
  'crm.zoho.sa',
  'crm.zoho.uk',
];

const recordPath = /^\/crm\/([\w-]+)\/tab\/(\w+)\/(\d+)(?:\/.*)?$/;

export const zoho: Adapter = {
  system: 'zoho',
  label: 'Zoho CRM',
  hosts: zohoHosts.map((host) => `https://${host}/*`),

  detect(url) {
    const path = recordPath.exec(url.pathname);
    const kind = path?.[2] ? kinds[path[2]] : undefined;
    if (!zohoHosts.includes(url.hostname) || !path?.[1] || !path[2] || !path[3] || !kind) return null;
    return {
      system: 'zoho',
      // Org ids are only known to be unique within one data centre, so the host is part of the tenant.
      instance: `${url.hostname}/${path[1]}`,
      objectKind: kind,
      nativeType: path[2],
      id: path[3],
      url: `https://${url.hostname}/crm/${path[1]}/tab/${path[2]}/${path[3]}`,
    };
  },

  readContext(document) {
    return { name: nameFromTitle(document.title, ['Zoho CRM']) ?? fieldText(document.querySelector('h1')) };
  },
};
