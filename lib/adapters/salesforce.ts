import type { ObjectKind } from '../handoff/record';
import { compact, dateOf, deepQuery, fieldText, nameFromTitle, parseAmount } from './page';
import type { Adapter } from './types';

/** Standard objects we hand off. Their key prefixes are the same in every org. */
const objects: Record<string, { kind: ObjectKind; keyPrefix: string }> = {
  Account: { kind: 'account', keyPrefix: '001' },
  Opportunity: { kind: 'opportunity', keyPrefix: '006' },
  Contact: { kind: 'contact', keyPrefix: '003' },
  Lead: { kind: 'lead', keyPrefix: '00Q' },
  Case: { kind: 'ticket', keyPrefix: '500' },
};

// My Domain hosts: production `acme`, sandboxes `acme--uat.sandbox`, and the other org kinds' middle labels.
const lightningHost =
  /^([a-z0-9-]+)(?:\.(sandbox|develop|scratch|demo|patch|trailblaze))?\.lightning\.force\.com$/;
// Console apps keep the workspace in the query string (?ws=…); the path is the record in focus.
const recordPath =
  /^\/lightning\/r\/(\w+)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/(?:view|edit|related\/\w+\/view)\/?$/;

const checksumAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * Salesforce's case-insensitive 18-character id: three suffix characters, one per five-character chunk of
 * the 15-character id, each encoding which of the chunk's characters are upper-case letters (bit i for
 * character i). An 18-character id whose suffix does not match its first 15 characters is malformed: null.
 */
export function salesforceId18(id: string): string | null {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) return null;
  const base = id.slice(0, 15);
  let suffix = '';
  for (let chunk = 0; chunk < 15; chunk += 5) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(base.charAt(chunk + i))) bits |= 1 << i;
    suffix += checksumAlphabet.charAt(bits);
  }
  if (id.length === 18 && id.slice(15).toUpperCase() !== suffix) return null;
  return base + suffix;
}

/** Whichever Lightning component renders a field's value inside its layout item. */
const fieldValue = '[slot="outputField"], lightning-formatted-text, lightning-formatted-number, force-lookup';

export const salesforce: Adapter = {
  system: 'salesforce',
  label: 'Salesforce',
  hosts: ['https://*.lightning.force.com/*'],

  detect(url) {
    const host = lightningHost.exec(url.hostname);
    const path = recordPath.exec(url.pathname);
    const object = path?.[1] ? objects[path[1]] : undefined;
    const id = path?.[2] ? salesforceId18(path[2]) : null;
    if (!host?.[1] || !path?.[1] || !object || !id?.startsWith(object.keyPrefix)) return null;
    return {
      system: 'salesforce',
      instance: host[2] ? `${host[1]}.${host[2]}` : host[1],
      objectKind: object.kind,
      nativeType: path[1],
      id,
      url: `https://${url.hostname}/lightning/r/${path[1]}/${id}/view`,
    };
  },

  readContext(document, record, shadowRoots) {
    const roots = shadowRoots();
    // Fields by API name in `data-target-selection-name`: locale-independent, unlike the labels beside them.
    const field = (apiName: string) => {
      const item = deepQuery(
        roots,
        `[data-target-selection-name="sfdc:RecordField.${record.nativeType}.${apiName}"]`,
      );
      return item?.querySelector(fieldValue) ?? item?.shadowRoot?.querySelector(fieldValue);
    };
    const lang = document.documentElement.lang;
    return {
      name:
        fieldText(deepQuery(roots, '[slot="primaryField"]')) ??
        nameFromTitle(document.title, [record.nativeType, 'Salesforce']),
      context: compact({
        amount: parseAmount(fieldText(field('Amount'))),
        stage: fieldText(field('StageName')),
        closeDate: dateOf(field('CloseDate'), lang),
        owner: fieldText(field('OwnerId')),
        account: record.nativeType === 'Opportunity' ? fieldText(field('AccountId')) : undefined,
      }),
    };
  },
};
