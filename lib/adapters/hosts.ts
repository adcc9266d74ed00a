/**
 * The CRM and CS hosts Baton runs on, as Chrome match patterns. Chrome allows a wildcard only as
 * the first label, so regional hosts are listed one by one.
 */
const dynamicsRegions = ['crm', ...Array.from({ length: 20 }, (_, i) => `crm${i + 2}`)];
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
const hubspotHosts = [
  'app.hubspot.com',
  'app-eu1.hubspot.com',
  'app-na2.hubspot.com',
  'app-na3.hubspot.com',
  'app-ap1.hubspot.com',
];
const intercomHosts = ['app.intercom.com', 'app.eu.intercom.com', 'app.au.intercom.com'];

export const crmHostPatterns: string[] = [
  'https://*.lightning.force.com/*',
  ...hubspotHosts.map((host) => `https://${host}/*`),
  'https://*.pipedrive.com/*',
  ...dynamicsRegions.map((region) => `https://*.${region}.dynamics.com/*`),
  ...zohoHosts.map((host) => `https://${host}/*`),
  'https://*.gainsightcloud.com/*',
  'https://*.zendesk.com/*',
  ...intercomHosts.map((host) => `https://${host}/*`),
  'https://*.freshdesk.com/*',
  'https://*.vitally.io/*',
  'https://app.planhat.com/*',
];

/** The demo CRM that `npm start` serves; only development builds match it. */
export const developmentHostPatterns: string[] = ['http://localhost/*'];
