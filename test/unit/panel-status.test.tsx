// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packetRow } from '../../lib/db/packet-rows';
import type { Packet } from '../../lib/handoff/packet';
import { localActor, type PanelEnvironment } from '../../lib/panel/environment';
import { actors, apply, context } from '../support/domain';
import { fullPacket, packetId } from '../support/packets';
import {
  change,
  cleanupPanels,
  listGroup,
  opportunityRecord,
  renderPanel,
  startPacket,
  testEnvironment,
} from './panel-harness';

afterEach(async () => {
  vi.useRealTimers();
  await cleanupPanels();
});

function typeAndLeave(label: string, text: string) {
  const input = screen.getByLabelText(label);
  fireEvent.focus(input);
  fireEvent.input(input, { target: { value: text } });
  fireEvent.blur(input);
}

function addItem(list: string, addLabel: string, title: string) {
  const input = within(listGroup(list)).getByLabelText(addLabel);
  fireEvent.input(input, { target: { value: title } });
  fireEvent.submit(input.closest('form') as HTMLFormElement);
}

/** An MQL handoff to the CS team, filled to its exit criteria and submitted by its giver on this device. */
async function submittedByGiver(environment: PanelEnvironment): Promise<Packet> {
  const packet = await startPacket(environment, { handoffPoint: 'mql_to_sales', actor: localActor });
  const fill = async (field: string, value: string) =>
    change(environment, 'setField', { packetId: packet.id, field, value, baseRev: null }, localActor);
  await fill('lead.source', 'Webinar: scaling onboarding');
  await fill('lead.intent', 'Asked for pricing for 200 seats.');
  for (const [list, title] of [
    ['personas', 'role'],
    ['pains', 'text'],
  ] as const)
    await change(
      environment,
      'addItem',
      { packetId: packet.id, list, itemId: `${list}-1`, values: { [title]: `Real ${list} item` } },
      localActor,
    );
  return change(environment, 'transition', { packetId: packet.id, transition: 'submit' }, localActor);
}

describe('status actions', () => {
  it('keeps submit blocked, and in reach, with the blocking reasons until the exit criteria are met', async () => {
    const environment = testEnvironment();
    await startPacket(environment, { handoffPoint: 'mql_to_sales' });
    renderPanel(opportunityRecord, environment);

    const submit = (await screen.findByText('Submit to sales')) as HTMLButtonElement;
    // aria-disabled rather than disabled: a keyboard user can still reach it and hear why it is blocked.
    expect(submit.getAttribute('aria-disabled')).toBe('true');
    expect(submit.disabled).toBe(false);
    const reasons = document.getElementById(submit.getAttribute('aria-describedby') ?? '') as HTMLElement;
    expect([...reasons.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'Lead source is empty: write what brought the lead in',
      'Buying trigger and intent is empty: write what made them want to buy',
      'Add a persona',
      'Add a pain',
    ]);
    // Trying it anyway submits nothing and says so.
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(submit);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not submitted: 4 required items are missing.',
    );
    screen.getByText('Status: draft');
    expect((await environment.db.history.toArray()).map((event) => event.type)).not.toContain('submitted');

    typeAndLeave('Lead source', 'Webinar: scaling onboarding');
    typeAndLeave(
      'Buying trigger and intent',
      'Downloaded the ROI guide twice and asked for pricing for 200 seats.',
    );
    addItem('Personas', 'New persona', 'RevOps lead');
    await within(listGroup('Personas')).findByText('RevOps lead', { selector: 'legend' });
    addItem('Pains', 'New pain', 'Customers repeat their goals to three teams.');

    await waitFor(() => expect(screen.getByText('Submit to sales').getAttribute('aria-disabled')).toBeNull());
    expect(screen.getByText('Submit to sales').getAttribute('aria-describedby')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.click(screen.getByText('Submit to sales'));
    await screen.findByText('Status: submitted');
    screen.getByText('Nothing for you to do at this stage.');
    const history = await environment.db.history.toArray();
    expect(history.at(-1)?.type).toBe('submitted');
  });

  // An MQL → Sales packet started in the panel names no receiving team: every sales rep may take it.
  it('lets the receiving team return a packet with a reason, and the giver reopen it', async () => {
    const environment = testEnvironment(actors.rep);
    await submittedByGiver(environment);

    const asReceiver = renderPanel(opportunityRecord, environment);
    await screen.findByText('Accept');
    fireEvent.click(screen.getByText('Return to sender'));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByLabelText('What is missing or wrong?')),
    );
    fireEvent.keyDown(screen.getByLabelText('What is missing or wrong?'), { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('Return to sender')));

    fireEvent.click(screen.getByText('Return to sender'));
    const reason = screen.getByLabelText('What is missing or wrong?');
    const confirm = reason.closest('form')?.querySelector('button[type="submit"]') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.input(reason, { target: { value: 'The buying trigger has no date: when did they ask?' } });
    fireEvent.submit(reason.closest('form') as HTMLFormElement);

    await screen.findByText('Status: returned');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Status: returned'));
    screen.getByText('Returned: The buying trigger has no date: when did they ask?');
    screen.getByText('Nothing for you to do at this stage.');
    asReceiver.unmount();

    renderPanel(opportunityRecord, { ...environment, actor: localActor });
    fireEvent.click(await screen.findByText('Reopen as draft'));
    await screen.findByText('Status: draft');
  });

  it('lets the receiving team accept a submitted packet, and makes the one who accepts its receiver', async () => {
    const environment = testEnvironment(actors.rep);
    const packet = await submittedByGiver(environment);
    expect(packet.owners.receivingUserId).toBeNull();

    renderPanel(opportunityRecord, environment);
    await screen.findByText('Status: submitted');
    const accept = screen.getByText('Accept');
    // The entry criteria (no open conflicts) are met: nothing blocks it.
    expect(accept.getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(accept);

    await screen.findByText('Status: accepted');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Status: accepted'));
    expect(screen.queryByText('Accept')).toBeNull();
    expect(screen.queryByText('Return to sender')).toBeNull();
    // The rep, now its receiver, has the accepted stage's next moves.
    screen.getByText('Kickoff held');
    const stored = (await environment.db.packets.get(packet.id))?.packet;
    expect(stored?.status).toBe('accepted');
    expect(stored?.owners).toMatchObject({ receivingUserId: actors.rep.userId, receivingTeamId: 't-sales' });
    const history = await environment.db.history.toArray();
    expect(history.at(-1)).toMatchObject({ type: 'accepted', actorId: actors.rep.userId });
  });
});

describe('SLA countdown', () => {
  it('ticks live in business time and stops ticking when unmounted', async () => {
    vi.useFakeTimers({
      toFake: ['Date', 'setInterval', 'clearInterval'],
      now: new Date('2026-11-03T16:30:00Z'),
    });
    const environment = testEnvironment(actors.csm);
    const created = fullPacket('sales_to_cs');
    // Submitted Monday 09:00: the 16 business hours of acceptance end Tuesday 17:00 (UTC, 9 to 5).
    const submitted = apply(
      created,
      'transition',
      { packetId, transition: 'submit' },
      context(actors.rep, '2026-11-02T09:00:00.000Z'),
    );
    if (!submitted.ok) throw new Error(submitted.message);
    await environment.db.packets.put(packetRow(submitted.packet));
    await environment.db.history.bulkPut([
      { packetId, seq: 1, type: 'created', at: '2026-11-02T08:00:00.000Z', actorId: 'u-rep', data: {} },
      ...submitted.events,
    ]);

    const { unmount } = renderPanel(opportunityRecord, environment);
    const acceptance = (await screen.findByText('Accepted or returned within 16 business hours')).closest(
      'li',
    ) as HTMLElement;
    expect(within(acceptance).getByRole('timer').textContent).toBe('30 min 0 s of working time left');
    within(acceptance).getByText('Due soon');

    await vi.advanceTimersByTimeAsync(1000);
    await waitFor(() =>
      expect(within(acceptance).getByRole('timer').textContent).toBe('29 min 59 s of working time left'),
    );

    const kickoff = screen
      .getByText('Kickoff within 5 business days of acceptance')
      .closest('li') as HTMLElement;
    expect(within(kickoff).getByRole('timer').textContent).toBe('starts when the packet is accepted');
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    // Preact runs effect cleanups of an unmounted tree just after the unmount.
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0));
  });
});
