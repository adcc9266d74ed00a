import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { detectRecord } from '../../lib/adapters';
import {
  type DetectedRecord,
  PanelGetRecordMessage,
  PanelRecordMessage,
  RecordDetectedMessage,
} from '../../lib/messages';

const opportunity: DetectedRecord = {
  system: 'salesforce',
  instance: 'acme',
  objectKind: 'opportunity',
  nativeType: 'Opportunity',
  id: '0065g00000AbCdEAAV',
  url: 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view',
  name: 'Acme Corp — Platform renewal 2027',
  context: { amount: 120_000, stage: 'Negotiation', closeDate: '2027-03-31', owner: 'Dana Whitfield' },
};

const accepts = (schema: z.ZodMiniType, value: unknown) => z.safeParse(schema, value).success;

describe('record:detected', () => {
  it('carries a record with its name and context, or null when the tab shows none', () => {
    expect(accepts(RecordDetectedMessage, { type: 'record:detected', record: opportunity })).toBe(true);
    expect(accepts(RecordDetectedMessage, { type: 'record:detected', record: null })).toBe(true);
  });

  it('accepts a record known only from its URL', () => {
    const { name: _name, context: _context, ...bare } = opportunity;

    expect(accepts(RecordDetectedMessage, { type: 'record:detected', record: bare })).toBe(true);
  });

  it('accepts what the adapters detect from real record URLs', () => {
    const urls = [
      opportunity.url,
      'https://acme--uat.sandbox.lightning.force.com/lightning/r/Account/001xx000003DGb2/view',
      'https://app-eu1.hubspot.com/contacts/4711/record/0-3/9876543210',
      'https://acme.zendesk.com/agent/tickets/4242',
      'https://acme.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id={A1B2C3D4-0000-0000-0000-000000000001}',
    ];
    const detected = urls.map((url) => detectRecord(url));

    expect(detected.every((record) => record !== null)).toBe(true);
    for (const record of detected) {
      expect(accepts(RecordDetectedMessage, { type: 'record:detected', record })).toBe(true);
    }
  });

  it.each<[string, unknown]>([
    ['a missing record', { type: 'record:detected' }],
    ['another type', { type: 'record:changed', record: opportunity }],
    ['an unknown system', { ...opportunity, system: 'sugarcrm' }],
    ['an unknown object kind', { ...opportunity, objectKind: 'invoice' }],
    ['an empty instance', { ...opportunity, instance: '' }],
    ['an id of 201 characters', { ...opportunity, id: 'a'.repeat(201) }],
    ['a name of 501 characters', { ...opportunity, name: 'n'.repeat(501) }],
    ['a URL that is not http(s)', { ...opportunity, url: 'javascript:alert(document.cookie)' }],
    ['an infinite amount', { ...opportunity, context: { amount: Number.POSITIVE_INFINITY } }],
    ['an amount as text', { ...opportunity, context: { amount: '120000' } }],
    ['a close date in another format', { ...opportunity, context: { closeDate: '03/31/2027' } }],
  ])('refuses %s', (_, record) => {
    const message = (record as { type?: unknown }).type ? record : { type: 'record:detected', record };

    expect(accepts(RecordDetectedMessage, message)).toBe(false);
  });
});

describe('the panel messages', () => {
  it('asks for the record with nothing but its type', () => {
    expect(accepts(PanelGetRecordMessage, { type: 'panel:get-record' })).toBe(true);
    expect(accepts(PanelGetRecordMessage, { type: 'record:detected', record: null })).toBe(false);
  });

  it('answers with the record or null', () => {
    expect(accepts(PanelRecordMessage, { type: 'panel:record', record: opportunity })).toBe(true);
    expect(accepts(PanelRecordMessage, { type: 'panel:record', record: null })).toBe(true);
    expect(accepts(PanelRecordMessage, { type: 'panel:record' })).toBe(false);
  });
});
