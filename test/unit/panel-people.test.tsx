// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/handoff/actor';
import { localActor, type PanelEnvironment, PanelEnvironmentContext } from '../../lib/panel/environment';
import { usePeople } from '../../lib/panel/people';
import { slaActorId } from '../../lib/sync/mutators/sla';
import { actors } from '../support/domain';
import {
  change,
  cleanupPanels,
  opportunityRecord,
  renderPanel,
  startPacket,
  storeTestDirectory,
  testEnvironment,
  zendeskOrganization,
} from './panel-harness';

afterEach(cleanupPanels);

const asked = [
  null,
  actors.csm.userId,
  actors.rep.userId,
  slaActorId,
  'integration:es_salesforce01',
  'integration:es_unknown0001',
  'u-not-synced-yet',
];

function Names() {
  const { nameOf, teamName } = usePeople();
  return (
    <ul>
      {asked.map((id) => (
        <li key={String(id)}>{nameOf(id)}</li>
      ))}
      <li>{teamName('t-cs') ?? 'no team name'}</li>
    </ul>
  );
}

const shownNames = () => [...document.querySelectorAll('li')].map((item) => item.textContent);

describe('usePeople', () => {
  it('names people from the directory on this device, and follows it when the background stores it', async () => {
    const environment = testEnvironment(actors.csm);
    render(
      <PanelEnvironmentContext.Provider value={environment}>
        <Names />
      </PanelEnvironmentContext.Provider>,
    );
    await waitFor(() =>
      expect(shownNames()).toEqual([
        'nobody yet',
        'you',
        'a colleague',
        'Baton (SLA clock)',
        'the CRM',
        'the CRM',
        'a colleague',
        'no team name',
      ]),
    );

    await storeTestDirectory(environment);

    await waitFor(() =>
      expect(shownNames()).toEqual([
        'nobody yet',
        'you',
        'Rae Rep',
        'Baton (SLA clock)',
        'Salesforce Flow (CRM)',
        'the CRM',
        'a colleague',
        'Customer Success',
      ]),
    );
  });
});

/** The giving and receiving rows of the header, as a person reads them. */
function ownerRow(side: 'Giving' | 'Receiving'): HTMLElement {
  const term = screen.getByText(side, { selector: 'dt' });
  return term.nextElementSibling as HTMLElement;
}

/** A rep's Sales → CS packet, started in the panel (naming no receiving team), on a device of `viewer`. */
async function repPacketSeenBy(viewer: Actor): Promise<{ environment: PanelEnvironment; packetId: string }> {
  const environment = testEnvironment(viewer);
  await storeTestDirectory(environment);
  const packet = await startPacket(environment, { actor: actors.rep });
  return { environment, packetId: packet.id };
}

describe('packet owners', () => {
  it('shows the owners and their teams by name, never by id, and how to write to them', async () => {
    const { environment } = await repPacketSeenBy(actors.csm);
    renderPanel(opportunityRecord, environment);

    await waitFor(() => expect(ownerRow('Giving').textContent).toBe('Rae Rep (Sales)'));
    expect(within(ownerRow('Giving')).getByRole('link', { name: 'Rae Rep' }).getAttribute('href')).toBe(
      'mailto:rep@acme.example',
    );
    expect(ownerRow('Receiving').textContent).toMatch(/^nobody yet/);
    expect(document.querySelector('header')?.textContent).not.toContain('u-rep');
    expect(document.querySelector('header')?.textContent).not.toContain('t-sales');
  });

  it('lets a CS team member take the unowned receiving side, by keyboard, and names them after', async () => {
    const { environment, packetId } = await repPacketSeenBy(actors.csm);
    renderPanel(opportunityRecord, environment);
    const take = await within(await waitForRow('Receiving')).findByRole('button', {
      name: 'Take it (the receiving side)',
    });
    // Only the receiving side is theirs to take; the giving side is the rep's.
    expect(within(ownerRow('Giving')).queryByRole('button')).toBeNull();

    fireEvent.click(take);
    const reason = await screen.findByLabelText('Reason (optional)');
    await waitFor(() => expect(document.activeElement).toBe(reason));
    screen.getByText('The receiving side becomes yours.');
    fireEvent.keyDown(reason, { key: 'Escape' });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Take it (the receiving side)'));

    fireEvent.click(document.activeElement as HTMLElement);
    fireEvent.input(await screen.findByLabelText('Reason (optional)'), {
      target: { value: 'Kickoff is mine to run' },
    });
    fireEvent.submit(screen.getByRole('form', { name: 'Take the receiving side' }));

    await waitFor(() => expect(ownerRow('Receiving').textContent).toMatch(/^you \(Customer Success\)/));
    await waitFor(() => expect(document.activeElement).toBe(ownerRow('Receiving')));
    const stored = (await environment.db.packets.get(packetId))?.packet;
    expect(stored?.owners).toMatchObject({ receivingUserId: actors.csm.userId, receivingTeamId: 't-cs' });
    expect((await environment.db.history.toArray()).at(-1)).toMatchObject({
      type: 'reassigned',
      actorId: actors.csm.userId,
      data: { side: 'receiving', to: actors.csm.userId, reason: 'Kickoff is mine to run' },
    });
  });

  it("lets the giver's manager hand the giving side to a teammate of the side's team, with a reason", async () => {
    const { environment, packetId } = await repPacketSeenBy(actors.salesManager);
    renderPanel(opportunityRecord, environment);
    fireEvent.click(
      await within(await waitForRow('Giving')).findByRole('button', { name: 'Reassign the giving side' }),
    );

    const to = (await screen.findByLabelText('Give the giving side to')) as HTMLSelectElement;
    await waitFor(() => expect(document.activeElement).toBe(to));
    // The sales team, without the rep who owns the side already.
    expect([...to.options].map((option) => option.textContent)).toEqual([
      'Otto Rep, Sales',
      'Sam Sales-Manager (you), Sales',
    ]);
    fireEvent.change(to, { target: { value: actors.otherRep.userId } });
    fireEvent.input(screen.getByLabelText('Reason (optional)'), { target: { value: 'Rae is on leave' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Reassign the giving side' }));

    await waitFor(() => expect(ownerRow('Giving').textContent).toMatch(/^Otto Rep \(Sales\)/));
    const stored = (await environment.db.packets.get(packetId))?.packet;
    expect(stored?.owners).toMatchObject({ givingUserId: actors.otherRep.userId, givingTeamId: 't-sales' });
    expect((await environment.db.history.toArray()).at(-1)?.data).toMatchObject({
      side: 'giving',
      from: actors.rep.userId,
      to: actors.otherRep.userId,
      reason: 'Rae is on leave',
    });
  });

  it('offers nothing to those who may not reassign, nor in local-only mode', async () => {
    const { environment, packetId } = await repPacketSeenBy(actors.support);
    await change(
      environment,
      'reassign',
      { packetId, side: 'receiving', userId: actors.csm.userId, teamId: 't-cs' },
      actors.admin,
    );
    const view = renderPanel(opportunityRecord, environment);
    await waitFor(() => expect(ownerRow('Receiving').textContent).toBe('Cass CSM (Customer Success)'));
    expect(document.querySelector('header button')).toBeNull();
    view.unmount();

    const local = testEnvironment(localActor);
    await startPacket(local);
    renderPanel(opportunityRecord, local);
    await waitFor(() => expect(ownerRow('Giving').textContent).toBe('you'));
    expect(ownerRow('Receiving').textContent).toBe('nobody yet');
    expect(document.querySelector('header button')).toBeNull();
  });

  it('says beside the control why a reassignment was refused, and what the API refused later', async () => {
    const { environment, packetId } = await repPacketSeenBy(actors.salesManager);
    renderPanel(opportunityRecord, environment);
    fireEvent.click(
      await within(await waitForRow('Giving')).findByRole('button', { name: 'Reassign the giving side' }),
    );
    fireEvent.input(await screen.findByLabelText('Reason (optional)'), {
      target: { value: 'x'.repeat(2001) },
    });
    fireEvent.submit(screen.getByRole('form', { name: 'Reassign the giving side' }));
    const refusal = await within(ownerRow('Giving')).findByRole('alert');
    expect(refusal.textContent).toMatch(/reason/);
    expect((await environment.db.packets.get(packetId))?.packet.owners.givingUserId).toBe(actors.rep.userId);

    await environment.db.rejections.add({
      mutationId: 7,
      packetId,
      name: 'reassign',
      code: 'forbidden',
      message: 'only the giving owner, the managers and admins may reassign this side',
      args: { packetId, side: 'giving', userId: actors.otherRep.userId },
      at: new Date().toISOString(),
      seen: false,
    });
    const notice = (await screen.findByText("Not saved by the team's API")).closest('section') as HTMLElement;
    expect(notice.querySelector('p')?.textContent).toBe(
      'Give the giving side to Otto Rep: only the giving owner, the managers and admins may reassign this side. The packet keeps Rae Rep on that side.',
    );
  });
});

describe('packets to link', () => {
  it('say who gives each, by name', async () => {
    const { environment } = await repPacketSeenBy(actors.csm);
    renderPanel(zendeskOrganization, environment);

    const results = await screen.findByLabelText('Matching packets');
    await waitFor(() =>
      expect(results.querySelector('.baton-muted:last-of-type')?.textContent).toBe(
        'Sales → CS / Onboarding, draft · on Salesforce opportunity · from Rae Rep',
      ),
    );
  });
});

async function waitForRow(side: 'Giving' | 'Receiving'): Promise<HTMLElement> {
  await screen.findByText(side, { selector: 'dt' });
  return ownerRow(side);
}
