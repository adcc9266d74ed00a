import type { CrmSystem } from './record';

/** What people call each tool: the panel's header and the history's words name records with it. */
export const systemLabels: Record<CrmSystem, string> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
  dynamics365: 'Dynamics 365',
  zoho: 'Zoho CRM',
  gainsight: 'Gainsight',
  zendesk: 'Zendesk',
  intercom: 'Intercom',
  freshdesk: 'Freshdesk',
  vitally: 'Vitally',
  planhat: 'Planhat',
  demo: 'Demo CRM',
};

/** A slug as words: `economic_buyer` → "economic buyer". */
export function humanise(slug: string): string {
  return slug.replaceAll('_', ' ');
}
