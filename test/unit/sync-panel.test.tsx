// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatonDatabase } from '../../lib/db/database';
import { type SyncStatus, writeSetting } from '../../lib/db/settings';
import { storeServerState } from '../../lib/device-sync/server-state';
import { applyMutation } from '../../lib/sync/mutators';
import { actors } from '../support/domain';
import {
  cleanupPanels,
  opportunityRecord,
  renderPanel,
  saveStatus,
  startPacket,
  testEnvironment,
} from './panel-harness';

afterEach(cleanupPanels);

/**
 * A panel as the panel page builds it once signed in, with `sync` recording what it asks of the background.
 * (The API cannot run in this DOM environment: what sync writes is written here the way the engine does,
 * and test/unit/sync-engine.test.ts proves the engine writes it.)
 */
function signedInPanel() {
  const sync = { changed: vi.fn(), search: vi.fn(), retry: vi.fn() };
  const environment = { ...testEnvironment(actors.rep), sync };
  return { ...renderPanel(opportunityRecord, environment), sync, environment };
}

function typeInto(label: string, text: string) {
  const input = screen.getByLabelText(label);
  fireEvent.focus(input);
  fireEvent.input(input, { target: { value: text } });
  fireEvent.blur(input);
}

const status = (change: Partial<SyncStatus>): SyncStatus => ({
  state: 'idle',
  syncedAt: null,
  failures: 0,
  retryAt: null,
  problem: null,
  ...change,
});

describe('the panel, signed in', () => {
  it('asks the background to sync an edit only once it is on disk, and says saved only then', async () => {
    const { sync, environment } = signedInPanel();
    await startPacket(environment);
    await screen.findByLabelText('Decision notes');
    const seenOnDisk: number[] = [];
    const statuses: string[] = [];
    // A second connection sees only what committed.
    const disk = new BatonDatabase(environment.db.name);
    sync.changed.mockImplementation(() => void disk.outbox.count().then((count) => seenOnDisk.push(count)));
    const observer = new MutationObserver(() => statuses.push(saveStatus()));
    const shown = document.querySelector('[role="status"]');
    if (shown) observer.observe(shown, { childList: true, characterData: true, subtree: true });

    typeInto('Decision notes', 'Typed just before the train went into a tunnel.');

    await waitFor(() => expect(seenOnDisk).toEqual([2]));
    await waitFor(() => expect(statuses.some((text) => text.startsWith('Saved'))).toBe(true));
    expect(statuses.indexOf('Saving…')).toBeLessThan(statuses.findIndex((text) => text.startsWith('Saved')));
    observer.disconnect();
    disk.close();
  });

  it('tells how sync stands: waiting, offline, syncing, failing with what to do, synced', async () => {
    const { environment } = signedInPanel();
    const { db } = environment;
    await startPacket(environment);
    await waitFor(() => expect(saveStatus()).toBe('Saved on this device · 1 change to sync'));

    const unreachable =
      'Cannot reach baton.test. Your changes are saved on this device and sync when it is back.';
    await writeSetting(db, 'syncStatus', status({ state: 'offline', problem: unreachable }));
    await waitFor(() => expect(saveStatus()).toBe(`Offline: 1 change saved on this device · ${unreachable}`));

    await writeSetting(db, 'syncStatus', status({ state: 'syncing' }));
    await waitFor(() => expect(saveStatus()).toBe('Syncing…'));

    const signedOut = "The API no longer accepts your sign-in. Sign in again in Baton's options.";
    await writeSetting(db, 'syncStatus', status({ state: 'error', problem: signedOut }));
    await waitFor(() =>
      expect(saveStatus()).toBe(`Not synced: 1 change saved on this device · ${signedOut}`),
    );

    await db.outbox.clear();
    await writeSetting(db, 'syncStatus', status({ syncedAt: new Date().toISOString() }));
    await waitFor(() => expect(saveStatus()).toBe('Synced'));
  });

  it('offers "Retry now" while the API cannot be reached, and asks the background to retry at once', async () => {
    const { sync, environment } = signedInPanel();
    await startPacket(environment);
    await waitFor(() => expect(saveStatus()).toBe('Saved on this device · 1 change to sync'));
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();

    await writeSetting(environment.db, 'syncStatus', status({ state: 'offline', failures: 6 }));
    fireEvent.click(await screen.findByRole('button', { name: 'Retry now' }));
    expect(sync.retry).toHaveBeenCalledTimes(1);

    await writeSetting(environment.db, 'syncStatus', status({ syncedAt: new Date().toISOString() }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull());
  });

  it("shows a teammate's change without a reload once sync stores it", async () => {
    const { environment } = signedInPanel();
    const packet = await startPacket(environment);
    await screen.findByLabelText('Decision notes');
    const pulled = applyMutation(
      'setField',
      { packetId: packet.id, field: 'decisionNotes', value: 'The CFO wants a Q1 go-live.', baseRev: null },
      packet,
      {
        actor: actors.salesManager,
        now: new Date().toISOString(),
        playbook: environment.playbook,
        writeId: 'manager/1',
      },
    );
    if (!pulled.ok) throw new Error(pulled.message);

    // The write the sync engine makes when a pull brings it (in the background, on the same database).
    await storeServerState(environment.db, environment, { packets: [pulled.packet] }, new Date());

    await waitFor(() =>
      expect((screen.getByLabelText('Decision notes') as HTMLTextAreaElement).value).toBe(
        'The CFO wants a Q1 go-live.',
      ),
    );
  });

  it('shows a refused change with the reason and what the packet keeps, until dismissed', async () => {
    const { environment } = signedInPanel();
    const packet = await startPacket(environment, { prefill: { 'customer.name': 'Acme Corp' } });
    await environment.db.rejections.add({
      mutationId: 7,
      packetId: packet.id,
      name: 'setField',
      code: 'invalid_status',
      message: 'a closed packet cannot change',
      args: { packetId: packet.id, field: 'customer.name', value: 'Acme Corporation', baseRev: null },
      at: new Date().toISOString(),
      seen: false,
    });

    const notice = await screen.findByText(/a closed packet cannot change/);
    expect(notice.textContent).toBe(
      'Customer name → “Acme Corporation”: a closed packet cannot change. The packet keeps “Acme Corp”.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText(/a closed packet cannot change/)).toBeNull());
    expect(await environment.db.rejections.toArray()).toEqual([expect.objectContaining({ seen: true })]);
  });

  it('asks the API too when searching for a packet to link, once typing pauses', async () => {
    const { sync } = signedInPanel();
    const search = await screen.findByLabelText('Customer name or domain');
    fireEvent.input(search, { target: { value: 'Glo' } });
    fireEvent.input(search, { target: { value: 'Globex' } });
    await waitFor(() => expect(sync.search).toHaveBeenCalledWith('Globex'));
    expect(sync.search).toHaveBeenCalledTimes(1);
  });

  it('says nothing of syncing in local-only mode', async () => {
    const environment = testEnvironment(actors.rep);
    await startPacket(environment);
    renderPanel(opportunityRecord, environment);
    await screen.findByLabelText('Decision notes');
    typeInto('Decision notes', 'Stays here.');
    await waitFor(() => expect(saveStatus()).toBe('Saved on this device'));
    expect(await environment.db.outbox.count()).toBe(2);
  });
});
