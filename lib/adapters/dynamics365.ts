import type { ObjectKind } from '../handoff/record';
import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';

const kinds: Record<string, ObjectKind> = {
  account: 'account',
  opportunity: 'opportunity',
  contact: 'contact',
  lead: 'lead',
  incident: 'ticket',
};

/** `crm` is North America; `crm2`…`crm21` are the other regions. */
const dynamicsRegions = ['crm', ...Array.from({ length: 20 }, (_, i) => `crm${i + 2}`)];

const orgHost = /^([a-z0-9-]+)\.(crm(?:[2-9]|1\d|2[01])?)\.dynamics\.com$/;
const guid = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Query parameters by lower-cased name: the order and the case of names vary between links. */
function parameters(url: URL): Map<string, string> {
  return new Map([...url.searchParams].map(([name, value]) => [name.toLowerCase(), value]));
}

export const dynamics365: Adapter = {
  system: 'dynamics365',
  label: 'Dynamics 365',
  hosts: dynamicsRegions.map((region) => `https://*.${region}.dynamics.com/*`),

  detect(url) {
    const host = orgHost.exec(url.hostname);
    const query = parameters(url);
    const entity = query.get('etn')?.toLowerCase() ?? '';
    const kind = kinds[entity];
    // URLSearchParams has already decoded %7B…%7D into braces.
    const id = guid.exec(query.get('id') ?? '')?.[1]?.toLowerCase();
    const isRecordPage =
      url.pathname.toLowerCase() === '/main.aspx' && query.get('pagetype')?.toLowerCase() === 'entityrecord';
    if (!host || !isRecordPage || !kind || !id) return null;
    const app = guid.exec(query.get('appid') ?? '')?.[1]?.toLowerCase();
    return {
      system: 'dynamics365',
      instance: `${host[1]}.${host[2]}`,
      objectKind: kind,
      nativeType: entity,
      id,
      url: `https://${url.hostname}/main.aspx?${app ? `appid=${app}&` : ''}pagetype=entityrecord&etn=${entity}&id=${id}`,
    };
  },

  readContext(document) {
    return {
      name:
        fieldText(document.querySelector('h1[data-id="header_title"]')) ??
        // Titles read "Account: Contoso Ltd - Dynamics 365"; entity labels are user-facing, so any prefix goes.
        nameFromTitle(document.title.replace(/^[\w ]+:\s+/, ''), ['Dynamics 365', 'Microsoft Dynamics 365']),
    };
  },
};
