import type { RecordContext } from '../adapters/types';
import { checkFieldValue, type ScalarField, scalarFields } from '../handoff/fields';
import type { HandoffPoint } from '../handoff/handoff-points';
import type { CrmSystem, ObjectKind } from '../handoff/record';

interface RecordSeen {
  system: CrmSystem;
  objectKind: ObjectKind;
  name?: string;
  context?: RecordContext;
}

const renewalStage = /renew|expan|upsell|upgrade/i;
const closedWonStage = /closed[\s_-]*won|^won$/i;
const customerSuccessTools: readonly CrmSystem[] = ['gainsight', 'vitally', 'planhat'];

/** The handoff a record most likely starts, and why, from its kind, its stage and the tool it lives in. */
export function suggestHandoffPoint(record: RecordSeen): { point: HandoffPoint; why: string } {
  const stage = record.context?.stage ?? '';
  switch (record.objectKind) {
    case 'lead':
    case 'contact':
      return { point: 'mql_to_sales', why: 'a lead or contact goes from marketing to sales' };
    case 'ticket':
      return { point: 'cs_to_support', why: 'a ticket goes from customer success to support' };
    case 'opportunity':
      if (renewalStage.test(stage)) return { point: 'renewal_expansion', why: `its stage is ${stage}` };
      return closedWonStage.test(stage)
        ? { point: 'sales_to_cs', why: 'the opportunity is closed won' }
        : { point: 'sales_to_cs', why: 'an opportunity goes from sales to customer success' };
    case 'account':
      if (renewalStage.test(stage)) return { point: 'renewal_expansion', why: `its stage is ${stage}` };
      return customerSuccessTools.includes(record.system)
        ? { point: 'renewal_expansion', why: 'accounts in a customer success tool are existing customers' }
        : { point: 'sales_to_cs', why: 'an account goes from sales to customer success' };
  }
}

/** The customer's name as the record's page shows it: an account's own, or an opportunity's account. */
export function customerNameOf(record: RecordSeen): string | undefined {
  if (record.objectKind === 'account') return record.name;
  if (record.objectKind === 'opportunity') return record.context?.account;
  return undefined;
}

/**
 * The values the page showed, as createPacket's prefill (stored as "from the CRM"). The customer is named by
 * an account, or by the account an opportunity belongs to when the page shows it: an opportunity's own name
 * is a deal's ("Acme Corp — Platform renewal 2027"), a lead or contact carries a person's, a ticket its
 * subject. A value the catalogue would refuse is left out rather than refusing the whole packet.
 */
export function prefillFrom(record: RecordSeen): Partial<Record<ScalarField, string | number>> {
  const candidates: Array<[ScalarField, string | number | undefined]> = [
    ['customer.name', customerNameOf(record)],
    ['deal.amount', record.context?.amount],
    ['deal.stage', record.context?.stage],
    ['keyDates.close', record.context?.closeDate],
    ['deal.owner', record.context?.owner],
  ];
  const prefill: Partial<Record<ScalarField, string | number>> = {};
  for (const [field, raw] of candidates) {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === '') continue;
    if (checkFieldValue(scalarFields[field], value).ok) prefill[field] = value;
  }
  return prefill;
}
