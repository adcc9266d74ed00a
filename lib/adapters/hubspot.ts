import type { ObjectKind } from '../handoff/record';
import { compact, dateOf, fieldText, labelled, nameFromTitle, parseAmount } from './page';
import type { Adapter } from './types';

type HubSpotObject = { kind: ObjectKind; typeId: string; ownerLabel: string };

/** By the object name of the older URLs; `typeId` is the one the record URLs use. */
const objects: Record<string, HubSpotObject> = {
  contact: { kind: 'contact', typeId: '0-1', ownerLabel: 'Contact owner' },
  company: { kind: 'account', typeId: '0-2', ownerLabel: 'Company owner' },
  deal: { kind: 'opportunity', typeId: '0-3', ownerLabel: 'Deal owner' },
  ticket: { kind: 'ticket', typeId: '0-5', ownerLabel: 'Ticket owner' },
};
const objectNamesByTypeId = new Map(Object.entries(objects).map(([name, object]) => [object.typeId, name]));

// Trailing segments are tabs of the same record.
const recordPath = /^\/contacts\/(\d+)\/record\/(0-\d+)\/(\d+)(?:\/.*)?$/;
const olderRecordPath = /^\/contacts\/(\d+)\/(contact|company|deal|ticket)\/(\d+)(?:\/.*)?$/;

export const hubspot: Adapter = {
  system: 'hubspot',
  label: 'HubSpot',
  hosts: [
    'app.hubspot.com',
    'app-eu1.hubspot.com',
    'app-na2.hubspot.com',
    'app-na3.hubspot.com',
    'app-ap1.hubspot.com',
  ].map((host) => `https://${host}/*`),

  detect(url) {
    const record = recordPath.exec(url.pathname);
    const older = olderRecordPath.exec(url.pathname);
    const portal = record?.[1] ?? older?.[1];
    const objectName = record?.[2] ? objectNamesByTypeId.get(record[2]) : older?.[2];
    const object = objectName ? objects[objectName] : undefined;
    const id = record?.[3] ?? older?.[3];
    if (!portal || !objectName || !object || !id) return null;
    return {
      system: 'hubspot',
      // Hub ids are unique across HubSpot's data centres, so the regional host is not part of the tenant.
      instance: portal,
      objectKind: object.kind,
      nativeType: objectName,
      id,
      url: `https://${url.hostname}/contacts/${portal}/record/${object.typeId}/${id}`,
    };
  },

  readContext(document, record) {
    // Internal property names (amount, dealstage…) do not change with the user's language; labels do.
    const property = (name: string, label: string) =>
      document.querySelector(`[data-selenium-test="property-input-${name}"]`) ?? labelled(document, label);
    const lang = document.documentElement.lang;
    return {
      name:
        fieldText(document.querySelector('[data-selenium-test="highlightTitle"]')) ??
        nameFromTitle(document.title, ['HubSpot', ...Object.keys(objects)]),
      context: compact({
        amount: parseAmount(fieldText(property('amount', 'Amount'))),
        stage: fieldText(property('dealstage', 'Deal stage')),
        closeDate: dateOf(property('closedate', 'Close date'), lang),
        owner: fieldText(property('hubspot_owner_id', objects[record.nativeType]?.ownerLabel ?? 'Owner')),
      }),
    };
  },
};
