import type { CrmSystem } from '../handoff/record';

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

export function humanise(slug: string): string {
  return slug.replaceAll('_', ' ');
}
