// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { packetsForRecord } from '../../lib/db/queries';
import { prefillFrom, suggestHandoffPoint } from '../../lib/panel/start-suggestion';
import {
  change,
  cleanupPanels,
  opportunityRecord,
  renderPanel,
  startPacket,
  testEnvironment,
  waitForSaveStatus,
  zendeskOrganization,
} from './panel-harness';

afterEach(cleanupPanels);

describe('starting a packet', () => {
  it('suggests the handoff point from the record kind, stage and tool', () => {
    const suggest = (record: Parameters<typeof suggestHandoffPoint>[0]) => suggestHandoffPoint(record).point;
    expect(suggest({ system: 'hubspot', objectKind: 'lead' })).toBe('mql_to_sales');
    expect(
      suggest({ system: 'salesforce', objectKind: 'opportunity', context: { stage: 'Closed Won' } }),
    ).toBe('sales_to_cs');
    expect(suggest({ system: 'salesforce', objectKind: 'opportunity', context: { stage: 'Renewal' } })).toBe(
      'renewal_expansion',
    );
    expect(suggest({ system: 'zendesk', objectKind: 'ticket' })).toBe('cs_to_support');
    expect(suggest({ system: 'salesforce', objectKind: 'account' })).toBe('sales_to_cs');
    expect(suggest({ system: 'gainsight', objectKind: 'account' })).toBe('renewal_expansion');
  });

  it('prefills only values the catalogue accepts, and names the customer only from accounts and opportunities', () => {
    expect(prefillFrom(opportunityRecord)).toEqual({
      'customer.name': 'Acme Corp',
      'deal.amount': 120000,
      'deal.stage': 'Closed Won',
      'keyDates.close': '2026-11-02',
      'deal.owner': 'Dana Rep',
    });
    // An opportunity's own name is the deal's: the customer is its account, or nobody the page shows.
    const { account: _, ...withoutAccount } = opportunityRecord.context ?? {};
    const deal = { ...opportunityRecord, name: 'Acme Corp — Platform renewal 2027' };
    expect(prefillFrom(deal)['customer.name']).toBe('Acme Corp');
    expect(prefillFrom({ ...deal, context: withoutAccount })).not.toHaveProperty('customer.name');
    expect(
      prefillFrom({
        system: 'hubspot',
        objectKind: 'contact',
        name: 'Jane Doe',
        context: { closeDate: '02/11/2026' },
      }),
    ).toEqual({});
  });

  it('creates a packet prefilled from the record, each value marked as from the CRM', async () => {
    const { db } = renderPanel(opportunityRecord);
    const point = await screen.findByLabelText('Handoff point');
    expect((point as HTMLSelectElement).value).toBe('sales_to_cs');
    expect(screen.getByText('Suggested because the opportunity is closed won.')).toBeTruthy();

    fireEvent.click(screen.getByText('Start handoff packet'));

    const name = (await screen.findByLabelText('Customer name')) as HTMLInputElement;
    expect(name.value).toBe('Acme Corp');
    expect((screen.getByLabelText('Deal amount') as HTMLInputElement).value).toBe('120000');
    expect((screen.getByLabelText('Close date') as HTMLInputElement).value).toBe('2026-11-02');
    for (const label of [
      'Customer name',
      'Deal amount',
      'Deal stage',
      'Close date',
      'Deal owner in the CRM',
    ]) {
      const input = screen.getByLabelText(label);
      const marks = (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id));
      expect(marks.map((mark) => mark?.textContent)).toContain('from CRM');
    }
    expect(screen.getByLabelText('Customer web domain').getAttribute('aria-describedby')).toBeNull();
    // Starting removes the button that had focus; focus moves to what the person does next.
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Completeness'));

    const [packet] = await packetsForRecord(db, opportunityRecord);
    expect(packet?.fields['deal.owner']).toMatchObject({ value: 'Dana Rep', source: 'crm', setBy: 'local' });
  });

  it('drops the from-CRM mark once the person overrides the value', async () => {
    const { environment } = renderPanel(opportunityRecord);
    await startPacket(environment, { prefill: { 'deal.stage': 'Closed Won' } });
    const stage = await screen.findByLabelText('Deal stage');
    expect(stage.getAttribute('aria-describedby')).toContain('crm');
    fireEvent.focus(stage);
    fireEvent.input(stage, { target: { value: 'Closed Won – signed 2 Nov' } });
    fireEvent.blur(stage);
    await waitForSaveStatus('Saved on this device');
    await expect.poll(() => screen.getByLabelText('Deal stage').getAttribute('aria-describedby')).toBeNull();
  });
});

describe('linking a record to an existing packet', () => {
  it("searches by the record's name once the page shows it, and by what the person typed once they type", async () => {
    const { name: _, ...unnamed } = zendeskOrganization;
    const { showRecord } = renderPanel(unnamed);
    const search = () => screen.getByLabelText('Customer name or domain') as HTMLInputElement;
    await screen.findByLabelText('Customer name or domain');
    expect(search().value).toBe('');

    showRecord(zendeskOrganization);
    await waitFor(() => expect(search().value).toBe('Acme Corp'));

    fireEvent.input(search(), { target: { value: 'acme.ex' } });
    showRecord({ ...zendeskOrganization, name: 'Acme Corporation' });
    await waitFor(() => expect(search().value).toBe('acme.ex'));
  });

  it('finds the Salesforce packet from a Zendesk organization by name and links it to both', async () => {
    const environment = testEnvironment();
    const packet = await startPacket(environment);
    await change(environment, 'setField', {
      packetId: packet.id,
      field: 'customer.domain',
      value: 'acme.example',
      baseRev: null,
    });

    renderPanel(zendeskOrganization, environment);
    const search = (await screen.findByLabelText('Customer name or domain')) as HTMLInputElement;
    expect(search.value).toBe('Acme Corp');
    fireEvent.input(search, { target: { value: 'acme.ex' } });
    const results = await screen.findByLabelText('Matching packets');
    fireEvent.click(
      within(results).getByRole('button', { name: 'Link to Acme Corp (Sales → CS / Onboarding)' }),
    );

    await screen.findByText('Completeness', { selector: 'h2' });
    expect((screen.getByLabelText('Customer web domain') as HTMLInputElement).value).toBe('acme.example');
    const linked = await packetsForRecord(environment.db, zendeskOrganization);
    expect(linked.map((found) => found.id)).toEqual([packet.id]);
    expect((await packetsForRecord(environment.db, opportunityRecord)).map((found) => found.id)).toEqual([
      packet.id,
    ]);
  });
});
