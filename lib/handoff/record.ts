import * as z from 'zod/mini';

export const CrmSystem = z.enum([
  'salesforce',
  'hubspot',
  'pipedrive',
  'dynamics365',
  'zoho',
  'gainsight',
  'zendesk',
  'intercom',
  'freshdesk',
  'vitally',
  'planhat',
  'demo',
]);
export type CrmSystem = z.infer<typeof CrmSystem>;

export const ObjectKind = z.enum(['account', 'opportunity', 'contact', 'lead', 'ticket']);
export type ObjectKind = z.infer<typeof ObjectKind>;

/**
 * A record in a CRM or CS tool. Ids are unique only inside one tenant of one tool, so the tenant
 * (Salesforce My Domain, HubSpot portal, Zendesk subdomain…) is part of the key.
 */
export const RecordKey = z.object({
  system: CrmSystem,
  instance: z.string().check(z.minLength(1), z.maxLength(200)),
  objectKind: ObjectKind,
  id: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type RecordKey = z.infer<typeof RecordKey>;

export function recordKeyString(record: RecordKey): string {
  return [record.system, record.instance, record.objectKind, record.id].map(encodeURIComponent).join('/');
}

export function sameRecord(a: RecordKey, b: RecordKey): boolean {
  return recordKeyString(a) === recordKeyString(b);
}
