// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BatonDatabase } from '../../lib/db/database';
import { listNames, scalarFieldNames } from '../../lib/handoff/fields';
import { liveItems } from '../../lib/handoff/packet';
import { fieldDomId } from '../../lib/panel/focus';
import {
  cleanupPanels,
  listGroup,
  opportunityRecord,
  renderPanel,
  saveStatus,
  startPacket,
  testEnvironment,
  waitForSaveStatus,
} from './panel-harness';

afterEach(cleanupPanels);

const decisionNotes = 'Chose us over the incumbent for the Salesforce integration; CFO wants a Q1 go-live.';

function typeInto(label: string, text: string) {
  const input = screen.getByLabelText(label);
  fireEvent.focus(input);
  for (let length = 1; length <= text.length; length++)
    fireEvent.input(input, { target: { value: text.slice(0, length) } });
  fireEvent.blur(input);
}

function completenessPercent(): number {
  return Number(document.getElementById('baton-completeness-meter')?.getAttribute('value'));
}

describe('editing a packet', () => {
  it('updates completeness and the gap list as a field is filled', async () => {
    const environment = testEnvironment();
    await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    const gaps = await screen.findByLabelText('What is missing');
    within(gaps).getByRole('button', { name: 'Decision notes is empty: write what was decided' });
    const before = completenessPercent();

    typeInto('Decision notes', decisionNotes);

    await waitFor(() =>
      expect(
        within(gaps).queryByRole('button', { name: 'Decision notes is empty: write what was decided' }),
      ).toBeNull(),
    );
    expect(completenessPercent()).toBeGreaterThan(before);
    expect((screen.getByLabelText('Decision notes') as HTMLTextAreaElement).value).toBe(decisionNotes);
  });

  it('takes the person to a gap’s field when they choose the gap', async () => {
    const environment = testEnvironment();
    await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    const gaps = await screen.findByLabelText('What is missing');

    fireEvent.click(
      within(gaps).getByRole('button', {
        name: 'Kickoff target is empty: set the date promised for the kickoff',
      }),
    );
    expect(document.activeElement).toBe(screen.getByLabelText('Kickoff target'));

    fireEvent.click(within(gaps).getByRole('button', { name: 'Add a pain' }));
    expect(document.activeElement).toBe(screen.getByLabelText('New pain'));
  });

  it('stores one edit per field per pause, not one per keystroke', async () => {
    const environment = testEnvironment();
    const packet = await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    await screen.findByLabelText('Decision notes');
    const outboxBefore = await environment.db.outbox.count();

    typeInto('Decision notes', decisionNotes);
    typeInto('Seats', '200');

    await waitForSaveStatus('Saved on this device');
    const outbox = await environment.db.outbox.toArray();
    expect(
      outbox.slice(outboxBefore).map((row) => [row.name, (row.args as { field: string }).field]),
    ).toEqual([
      ['setField', 'decisionNotes'],
      ['setField', 'scope.seats'],
    ]);
    const stored = (await environment.db.packets.get(packet.id))?.packet;
    expect(stored?.fields['scope.seats']?.value).toBe(200);
  });

  it('says "Saved on this device" only once the transaction committed', async () => {
    const environment = testEnvironment();
    const packet = await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    await screen.findByLabelText('Decision notes');

    // Another connection holds the packet and the outbox, so the panel's write waits behind it.
    const otherTab = new BatonDatabase(environment.db.name);
    let holding = true;
    let seenWhileHeld: unknown = 'not read yet';
    const blocker = otherTab.transaction('rw', [otherTab.packets, otherTab.outbox], async () => {
      while (holding) seenWhileHeld = (await otherTab.packets.get(packet.id))?.packet.fields.decisionNotes;
    });
    try {
      await waitFor(() => expect(seenWhileHeld).toBeUndefined());
      typeInto('Decision notes', decisionNotes);
      await waitForSaveStatus('Saving…');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(saveStatus()).toBe('Saving…');
      expect(seenWhileHeld).toBeUndefined();
    } finally {
      holding = false;
      await blocker;
    }

    await waitForSaveStatus('Saved on this device');
    expect((await otherTab.packets.get(packet.id))?.packet.fields.decisionNotes?.value).toBe(decisionNotes);
    otherTab.close();
  });

  it('shows why a value was refused and keeps what the person typed', async () => {
    const environment = testEnvironment();
    await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    await screen.findByLabelText('Seats');

    typeInto('Seats', '12.5');

    await screen.findByText('Seats must be a whole number');
    expect((screen.getByLabelText('Seats') as HTMLInputElement).value).toBe('12.5');
    await waitForSaveStatus('1 value not saved: see the marked fields');
  });
});

describe('the packet editor', () => {
  it('has an input for every field and an "add" input for every list of the catalogue', async () => {
    const environment = testEnvironment();
    await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    await screen.findByLabelText('Decision notes');
    const missing = [...scalarFieldNames, ...listNames].filter(
      (name) => !document.getElementById(fieldDomId(name)),
    );
    expect(missing).toEqual([]);
  });
});

describe('lists', () => {
  it('adds, edits and removes an item', async () => {
    const environment = testEnvironment();
    const packet = await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    await screen.findByLabelText('New risk');
    const risks = listGroup('Risks');

    fireEvent.input(within(risks).getByLabelText('New risk'), {
      target: { value: 'The champion is on leave in December.' },
    });
    fireEvent.submit(within(risks).getByLabelText('New risk').closest('form') as HTMLFormElement);

    const item = (
      await within(risks).findByText('The champion is on leave in December.', { selector: 'legend' })
    ).parentElement as HTMLElement;
    expect((within(risks).getByLabelText('New risk') as HTMLInputElement).value).toBe('');
    fireEvent.change(within(item).getByLabelText('Severity'), { target: { value: 'medium' } });
    const mitigation = within(item).getByLabelText('Mitigation');
    fireEvent.focus(mitigation);
    fireEvent.input(mitigation, { target: { value: 'Hold the kickoff before the 15th.' } });
    fireEvent.blur(mitigation);
    await waitForSaveStatus('Saved on this device');
    await waitFor(async () => {
      const [risk] = liveItems((await environment.db.packets.get(packet.id))?.packet ?? packet, 'risks');
      expect(risk?.fields.severity?.value).toBe('medium');
      expect(risk?.fields.mitigation?.value).toBe('Hold the kickoff before the 15th.');
    });

    fireEvent.click(within(item).getByRole('button', { name: /^Remove risk/ }));
    await waitFor(() => expect(risks.querySelector('fieldset')).toBeNull());
    expect(document.activeElement).toBe(within(risks).getByLabelText('New risk'));
    const stored = (await environment.db.packets.get(packet.id))?.packet;
    expect(stored?.lists.risks?.[0]?.removedAt).toBeDefined();
  });
});

describe('notes beside a value', () => {
  it('says how much of a paste did not fit, where it was pasted', async () => {
    const environment = testEnvironment();
    await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    const notes = (await screen.findByLabelText('Decision notes')) as HTMLTextAreaElement;

    fireEvent.paste(notes, { clipboardData: { getData: () => 'x'.repeat(105_600) } });

    const note = await screen.findByText(
      'Only 10,000 characters fit in Decision notes: the last 95,600 of the 105,600 pasted were left out.',
    );
    expect(note.getAttribute('role')).toBe('status');
    expect(notes.getAttribute('aria-describedby')).toContain(note.id);
  });

  it('keeps quiet about a paste that fits', async () => {
    const environment = testEnvironment();
    await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    const notes = await screen.findByLabelText('Decision notes');

    fireEvent.paste(notes, { clipboardData: { getData: () => decisionNotes } });

    expect(screen.queryByText(/characters fit in/)).toBeNull();
  });

  it('asks about a kickoff target just set in the past, and not about one ahead', async () => {
    const environment = testEnvironment();
    await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    const kickoff = await screen.findByLabelText('Kickoff target');
    const warning = 'Kickoff target is in the past: is that the date you meant?';

    fireEvent.change(kickoff, { target: { value: '2020-01-06' } });
    expect(await screen.findByText(warning)).toBeTruthy();

    fireEvent.change(kickoff, { target: { value: '2999-01-06' } });
    await waitFor(() => expect(screen.queryByText(warning)).toBeNull());
    await waitForSaveStatus('Saved on this device');
  });
});

describe('customer web domain', () => {
  it('keeps the domain of a pasted address, and refuses text that is no domain', async () => {
    const environment = testEnvironment();
    const packet = await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    await screen.findByLabelText('Customer web domain');

    typeInto('Customer web domain', 'https://www.Acme.com/about');
    await waitFor(async () =>
      expect((await environment.db.packets.get(packet.id))?.packet.fields['customer.domain']?.value).toBe(
        'www.acme.com',
      ),
    );

    typeInto('Customer web domain', 'not a domain!!');
    expect(await screen.findByText(/must be a web domain, as acme.com/)).toBeTruthy();
    await waitForSaveStatus('1 value not saved: see the marked fields');
    expect((await environment.db.packets.get(packet.id))?.packet.fields['customer.domain']?.value).toBe(
      'www.acme.com',
    );
  });
});
