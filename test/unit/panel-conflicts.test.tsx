// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BatonDatabase } from '../../lib/db/database';
import { applyLocal } from '../../lib/drafts/apply-local';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { Packet } from '../../lib/handoff/packet';
import { actors } from '../support/domain';
import {
  change,
  cleanupPanels,
  opportunityRecord,
  renderPanel,
  startPacket,
  storeTestDirectory,
  testEnvironment,
} from './panel-harness';

afterEach(cleanupPanels);

const yours = 'Chose us for the Salesforce integration.';
const theirs = 'Chose us for the Salesforce integration; the CFO wants a Q1 go-live.';

/** Writes as another tab or the background would: through its own connection to the same database. */
async function changeElsewhere(dbName: string, packet: Packet, field: string, value: string) {
  const otherTab = new BatonDatabase(dbName);
  const result = await applyLocal(
    otherTab,
    'setField',
    { packetId: packet.id, field, value, baseRev: packet.fields[field]?.rev ?? null },
    actors.admin,
    defaultPlaybook,
  );
  otherTab.close();
  if (!result.ok) throw new Error(result.message);
  return result.packet;
}

describe('conflicts', () => {
  it('shows both values and who wrote each, by name, and keeps the one the person chooses', async () => {
    const environment = testEnvironment();
    await storeTestDirectory(environment);
    const started = await startPacket(environment);
    const mine = await change(environment, 'setField', {
      packetId: started.id,
      field: 'decisionNotes',
      value: 'Chose us.',
      baseRev: null,
    });
    const base = mine.fields.decisionNotes?.rev ?? null;
    await change(
      environment,
      'setField',
      { packetId: started.id, field: 'decisionNotes', value: theirs, baseRev: base },
      actors.admin,
    );
    await change(environment, 'setField', {
      packetId: started.id,
      field: 'decisionNotes',
      value: yours,
      baseRev: base,
    });

    renderPanel(opportunityRecord, environment);
    const notice = (await screen.findByText('Conflicting edits')).closest('section') as HTMLElement;
    within(notice).getByText('Decision notes');
    expect([...notice.querySelectorAll('blockquote')].map((quote) => quote.textContent)).toEqual([
      theirs,
      yours,
    ]);
    await within(notice).findByText(/^by Ada Admin,/);
    within(notice).getByText(/^by you,/);
    within(await screen.findByLabelText('What is missing')).getByText('Resolve the conflicting edit');

    fireEvent.click(within(notice).getByText(`Keep “${yours}”`));

    await waitFor(() => expect(screen.queryByText('Conflicting edits')).toBeNull());
    expect((screen.getByLabelText('Decision notes') as HTMLTextAreaElement).value).toBe(yours);
    const stored = (await environment.db.packets.get(started.id))?.packet;
    expect(stored?.conflicts).toEqual([]);
    expect(stored?.fields.decisionNotes).toMatchObject({ value: yours, setBy: 'local' });
  });

  it('turns typing over a change made elsewhere meanwhile into a conflict, not a silent overwrite', async () => {
    const environment = testEnvironment();
    const packet = await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    const notes = await screen.findByLabelText('Decision notes');

    fireEvent.focus(notes);
    fireEvent.input(notes, { target: { value: yours } });
    await changeElsewhere(environment.db.name, packet, 'decisionNotes', theirs);
    fireEvent.blur(notes);

    const notice = (await screen.findByText('Conflicting edits')).closest('section') as HTMLElement;
    expect([...notice.querySelectorAll('blockquote')].map((quote) => quote.textContent)).toEqual([
      theirs,
      yours,
    ]);
  });
});

describe('changes made elsewhere', () => {
  it('appear in the open panel without re-mounting it', async () => {
    const environment = testEnvironment();
    const packet = await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    const domain = (await screen.findByLabelText('Customer web domain')) as HTMLInputElement;
    const header = screen.getByText('Acme Corp', { selector: 'h1' });
    expect(domain.value).toBe('');

    await changeElsewhere(environment.db.name, packet, 'customer.domain', 'acme.example');

    await waitFor(() => expect(domain.value).toBe('acme.example'));
    expect(screen.getByLabelText('Customer web domain')).toBe(domain);
    expect(screen.getByText('Acme Corp', { selector: 'h1' })).toBe(header);
  });
});
