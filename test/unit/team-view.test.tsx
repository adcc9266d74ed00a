// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TeamView } from '../../components/team/TeamView';
import type { LoadTeamHandoffs } from '../../components/team/use-team-handoffs';
import { BatonDatabase } from '../../lib/db/database';
import type { Actor } from '../../lib/handoff/actor';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { type PanelEnvironment, PanelEnvironmentContext } from '../../lib/panel/environment';
import { formatInstant } from '../../lib/panel/format';
import {
  type TeamFilters,
  type TeamHandoffsAnswer,
  type TeamHandoffView,
  teamFiltersKey,
} from '../../lib/team/handoffs';
import { actors } from '../support/domain';

configure({ asyncUtilTimeout: 3000 });

// Rows name people through usePeople, whatever its directory knows: here, a fixed one.
vi.mock('../../lib/panel/people', () => {
  const names: Record<string, string> = { 'u-rep': 'Rae Rep', 'u-csm': 'Cass CSM', 'u-rep-2': 'Otto Rep' };
  const teams: Record<string, string> = { 't-sales': 'Sales', 't-cs': 'Customer Success' };
  // One object, as the real hook memoises it: components that depend on it would otherwise render forever.
  const people = {
    nameOf: (userId: string | null) => (userId === null ? 'nobody yet' : (names[userId] ?? 'a colleague')),
    person: () => null,
    teamName: (teamId: string | null) => (teamId === null ? null : (teams[teamId] ?? null)),
    directory: {
      teams: [],
      people: Object.entries(names).map(([id, name]) => ({ id, name, email: '', role: 'rep', teams: [] })),
      eventSources: [],
    },
  };
  return { usePeople: () => people };
});

const databases: BatonDatabase[] = [];
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await Promise.all(databases.splice(0).map((db) => db.delete()));
});

function environment(actor: Actor, signedIn = true): PanelEnvironment {
  const db = new BatonDatabase(`team-view-${crypto.randomUUID()}`);
  databases.push(db);
  return {
    db,
    actor,
    playbook: defaultPlaybook,
    typingPauseMs: 40,
    ...(signedIn ? { sync: { changed: () => {}, search: () => {}, retry: () => {} } } : {}),
  };
}

const minute = 60_000;

function row(id: string, overrides: Partial<TeamHandoffView> = {}): TeamHandoffView {
  return {
    id,
    handoffPoint: 'sales_to_cs',
    status: 'submitted',
    customerName: `Customer ${id}`,
    givingUserId: 'u-rep',
    givingTeamId: 't-sales',
    receivingUserId: null,
    receivingTeamId: 't-cs',
    completeness: 0.8,
    exitMet: true,
    slaState: 'on_track',
    nextDeadline: new Date(Date.now() + 3 * 24 * 60 * minute).toISOString(),
    dueSoonAt: null,
    submittedAt: '2026-11-30T10:00:00.000Z',
    acceptedAt: null,
    updatedAt: '2026-11-30T10:00:00.000Z',
    recordUrl: `https://acme.example/${id}`,
    ...overrides,
  };
}

const fetchedAt = '2026-12-05T09:30:00.000Z';
const answer = (handoffs: TeamHandoffView[], nextOffset: number | null = null): TeamHandoffsAnswer => ({
  ok: true,
  list: { handoffs, nextOffset, skipped: 0, fetchedAt },
});

function show(
  load: LoadTeamHandoffs,
  options: { actor?: Actor; signedIn?: boolean; inPanel?: boolean } = {},
) {
  const openOptions = vi.fn();
  render(
    <PanelEnvironmentContext.Provider
      value={environment(options.actor ?? actors.salesManager, options.signedIn ?? true)}
    >
      <TeamView load={load} inPanel={options.inPanel ?? false} openOptions={openOptions} />
    </PanelEnvironmentContext.Provider>,
  );
  return { openOptions };
}

const shownIds = () =>
  [...document.querySelectorAll<HTMLElement>('.baton-team-row')].map((item) => item.dataset.packetId);
const rowOf = (id: string) => document.querySelector<HTMLElement>(`[data-packet-id="${id}"]`) as HTMLElement;

describe('the team view', () => {
  it('is "Team" for a manager, with the toggle back to the record when it fills the panel', async () => {
    show(async () => answer([]), { inPanel: true });
    expect(screen.getByRole('heading', { name: 'Team' })).toBeTruthy();
    const toggle = screen.getByRole('navigation', { name: 'Panel view' });
    expect(within(toggle).getByText('This record').getAttribute('href')).toBe('/panel.html');
    expect(within(toggle).getByText('Team').getAttribute('aria-current')).toBe('page');
    expect(await screen.findByText('No open handoffs.')).toBeTruthy();
  });

  it('is "My handoffs" for a rep, and an admin\'s is "Team"; no toggle in a tab of its own', async () => {
    show(async () => answer([]), { actor: actors.rep });
    expect(screen.getByRole('heading', { name: 'My handoffs' })).toBeTruthy();
    expect(screen.getByText('Your open handoffs, most urgent first.')).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
    cleanup();
    show(async () => answer([]), { actor: actors.admin });
    expect(screen.getByRole('heading', { name: 'Team' })).toBeTruthy();
  });

  it("lists the rows in the API's order, with customer, owners by name, completeness and countdown", async () => {
    const breached = row('late', {
      customerName: 'Globex',
      slaState: 'due_soon',
      nextDeadline: new Date(Date.now() - 90 * minute).toISOString(),
      completeness: 0.456,
      exitMet: false,
    });
    const taken = row('taken', { receivingUserId: 'u-csm', customerName: 'Initech', recordUrl: null });
    const unknown = row('quiet', {
      givingUserId: 'u-gone',
      receivingTeamId: null,
      customerName: '  ',
      nextDeadline: null,
      slaState: 'not_started',
    });
    show(async () => answer([breached, taken, unknown]));

    await waitFor(() => expect(shownIds()).toEqual(['late', 'taken', 'quiet']));
    const late = rowOf('late');
    // The deadline passed since the API computed "due soon": the row says what the clock says now.
    expect(within(late).getByText('Breached')).toBeTruthy();
    expect(late.classList.contains('baton-sla-breached')).toBe(true);
    expect(within(late).getByRole('timer').textContent).toBe('1 h 30 min overdue');
    expect(late.textContent).toContain('46% complete · exit criteria not met');
    expect(late.textContent).toContain('From Rae Rep to Customer Success (not taken yet)');
    const link = within(late).getByRole('link', { name: 'Globex' });
    expect(link.getAttribute('href')).toBe('https://acme.example/late');
    expect(link.getAttribute('target')).toBe('_blank');

    const takenRow = rowOf('taken');
    expect(takenRow.textContent).toContain('From Rae Rep to Cass CSM');
    expect(within(takenRow).getByRole('timer').textContent).toMatch(/^Due in 3 d 0 h$|^Due in 2 d 23 h$/);
    expect(within(takenRow).queryByRole('link')).toBeNull();
    expect(takenRow.textContent).toContain('This device does not know where this record is yet');

    const quiet = rowOf('quiet');
    expect(quiet.textContent).toContain('Unnamed customer');
    expect(quiet.textContent).toContain('From a colleague to nobody yet');
    expect(within(quiet).getByRole('timer').textContent).toBe('No SLA clock running yet');
    expect(quiet.textContent).toContain('Sales → CS / Onboarding · Submitted');
  });

  it('counts the countdown down live, and turns a row breached at its deadline', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-12-05T10:00:00.000Z'));
    show(async () =>
      answer([
        row('soon', {
          nextDeadline: '2026-12-05T10:01:30.000Z',
          dueSoonAt: '2026-12-05T09:00:00.000Z',
          slaState: 'due_soon',
        }),
      ]),
    );
    const timer = await screen.findByRole('timer');
    expect(timer.textContent).toBe('Due in 1 min 30 s');
    await vi.advanceTimersByTimeAsync(31_000);
    await waitFor(() => expect(screen.getByRole('timer').textContent).toBe('Due in 0 min 59 s'));
    expect(within(rowOf('soon')).getByText('Due soon')).toBeTruthy();
    await vi.advanceTimersByTimeAsync(60_000);
    await waitFor(() => expect(screen.getByRole('timer').textContent).toBe('0 min 1 s overdue'));
    expect(within(rowOf('soon')).getByText('Breached')).toBeTruthy();
  });

  it('asks again with each filter chosen, from the first page', async () => {
    const load = vi.fn<LoadTeamHandoffs>(async (filters: TeamFilters) =>
      filters.slaState === 'breached' ? answer([row('late')]) : answer([row('a'), row('late')]),
    );
    show(load);
    await waitFor(() => expect(shownIds()).toEqual(['a', 'late']));

    fireEvent.change(screen.getByLabelText('SLA'), { target: { value: 'breached' } });
    await waitFor(() => expect(shownIds()).toEqual(['late']));
    expect(load).toHaveBeenLastCalledWith({ slaState: 'breached' }, 0);

    const owner = screen.getByLabelText('Owner') as HTMLSelectElement;
    // People by name, from the directory, in alphabetical order.
    expect([...owner.options].map((option) => option.text)).toEqual([
      'Anyone',
      'Cass CSM',
      'Otto Rep',
      'Rae Rep',
    ]);
    fireEvent.change(owner, { target: { value: 'u-csm' } });
    fireEvent.change(screen.getByLabelText('Handoff point'), { target: { value: 'mql_to_sales' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'returned' } });
    await waitFor(() =>
      expect(load).toHaveBeenLastCalledWith(
        { slaState: 'breached', owner: 'u-csm', handoffPoint: 'mql_to_sales', status: 'returned' },
        0,
      ),
    );

    fireEvent.change(screen.getByLabelText('SLA'), { target: { value: '' } });
    await waitFor(() =>
      expect(load).toHaveBeenLastCalledWith(
        { owner: 'u-csm', handoffPoint: 'mql_to_sales', status: 'returned' },
        0,
      ),
    );
    await waitFor(() => expect(shownIds()).toEqual(['a', 'late']));
  });

  it('ignores a value no option offered, and says when nothing matches', async () => {
    const load = vi.fn<LoadTeamHandoffs>(async () => answer([]));
    show(load);
    await screen.findByText('No open handoffs.');
    const sla = screen.getByLabelText('SLA') as HTMLSelectElement;
    // A forged option: only what the select offered becomes a filter.
    const forged = document.createElement('option');
    forged.value = 'frozen';
    sla.append(forged);
    fireEvent.change(sla, { target: { value: 'frozen' } });
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'draft' } });
    expect(await screen.findByText('No open handoff matches these filters.')).toBeTruthy();
    expect(load).toHaveBeenLastCalledWith({ status: 'draft' }, 0);
  });

  it('drops an answer that comes back after the filters changed', async () => {
    let releaseSlow: (answer: TeamHandoffsAnswer) => void = () => {};
    const load = vi.fn<LoadTeamHandoffs>((filters: TeamFilters) =>
      filters.slaState === 'breached'
        ? Promise.resolve(answer([row('late')]))
        : new Promise((resolve) => {
            releaseSlow = resolve;
          }),
    );
    show(load);
    fireEvent.change(screen.getByLabelText('SLA'), { target: { value: 'breached' } });
    await waitFor(() => expect(shownIds()).toEqual(['late']));
    releaseSlow(answer([row('old')]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shownIds()).toEqual(['late']);
  });

  it('says when the list was fetched, and fetches it again on Refresh', async () => {
    const load = vi.fn<LoadTeamHandoffs>(async () => answer([row('a')]));
    show(load);
    expect(await screen.findByText(`Updated ${formatInstant(fetchedAt)}.`, { exact: false })).toBeTruthy();
    load.mockResolvedValueOnce(answer([row('a'), row('new')]));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(shownIds()).toEqual(['a', 'new']));
    expect(load).toHaveBeenCalledTimes(2);
    expect(load).toHaveBeenLastCalledWith({}, 0);
  });

  it('pages on with "Show more", once per row', async () => {
    const load = vi.fn<LoadTeamHandoffs>(async (_filters, offset) =>
      offset === 0 ? answer([row('a'), row('b')], 2) : answer([row('b'), row('c')], null),
    );
    show(load);
    await waitFor(() => expect(shownIds()).toEqual(['a', 'b']));
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(shownIds()).toEqual(['a', 'b', 'c']));
    expect(load).toHaveBeenLastCalledWith({}, 2);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('says why the next page did not come, and keeps the rows shown', async () => {
    const load = vi.fn<LoadTeamHandoffs>(async (_filters, offset) =>
      offset === 0
        ? answer([row('a')], 1)
        : { ok: false, problem: 'Cannot reach the API. Check your connection.', cached: null },
    );
    show(load);
    fireEvent.click(await screen.findByRole('button', { name: 'Show more' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load more: Cannot reach the API. Check your connection.',
    );
    expect(shownIds()).toEqual(['a']);
  });

  it('shows the list kept on this device, as of when it was fetched, when the API cannot answer', async () => {
    const load = vi.fn<LoadTeamHandoffs>(async () => ({
      ok: false,
      problem: 'Cannot reach the API. Check your connection.',
      cached: { handoffs: [row('kept')], nextOffset: null, skipped: 0, fetchedAt },
    }));
    show(load);
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain(
      `Showing the list as of ${formatInstant(fetchedAt)}: Cannot reach the API. Check your connection.`,
    );
    expect(shownIds()).toEqual(['kept']);

    load.mockResolvedValueOnce(answer([row('fresh')]));
    fireEvent.click(within(notice).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(shownIds()).toEqual(['fresh']));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows the list kept on this device at once, while the background asks the API', async () => {
    const shown = environment(actors.salesManager);
    await shown.db.teamHandoffs.put({
      key: teamFiltersKey({}),
      handoffs: [row('kept')],
      nextOffset: 1,
      skipped: 0,
      fetchedAt,
    });
    let answerNow: (answer: TeamHandoffsAnswer) => void = () => {};
    const load = vi.fn<LoadTeamHandoffs>(
      () =>
        new Promise((resolve) => {
          answerNow = resolve;
        }),
    );
    render(
      <PanelEnvironmentContext.Provider value={shown}>
        <TeamView load={load} inPanel={false} openOptions={() => {}} />
      </PanelEnvironmentContext.Provider>,
    );
    await waitFor(() => expect(shownIds()).toEqual(['kept']));
    expect(
      screen.getByText(
        `Showing the list as of ${formatInstant(fetchedAt)} while Baton asks for a newer one…`,
      ),
    ).toBeTruthy();
    // Its next page waits for the fresh list: the offsets may have moved.
    expect((screen.getByRole('button', { name: 'Show more' }) as HTMLButtonElement).disabled).toBe(true);

    answerNow(answer([row('fresh'), row('kept')]));
    await waitFor(() => expect(shownIds()).toEqual(['fresh', 'kept']));
    expect(screen.getByText(`Updated ${formatInstant(fetchedAt)}.`, { exact: false })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('says why when nothing was kept, and when the background does not answer at all', async () => {
    const load = vi.fn<LoadTeamHandoffs>(async () => ({
      ok: false,
      problem: 'The API no longer accepts your token: sign in again.',
      cached: null,
    }));
    show(load);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Could not load the handoffs: The API no longer accepts your token: sign in again.',
    );
    cleanup();
    show(() => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Baton could not ask for the list: Error: Could not establish connection.',
    );
  });

  it('tells how many rows it could not show', async () => {
    show(async () => ({ ok: true, list: { handoffs: [row('a')], nextOffset: null, skipped: 2, fetchedAt } }));
    expect(await screen.findByText(/2 handoffs not shown: the API sent values/)).toBeTruthy();
  });

  it('sends someone not signed in to the options, and asks nothing', async () => {
    const load = vi.fn<LoadTeamHandoffs>(async () => answer([]));
    const { openOptions } = show(load, { actor: actors.rep, signedIn: false });
    expect(screen.getByText(/Sign in to Baton to see your handoffs/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: "Open Baton's options" }));
    expect(openOptions).toHaveBeenCalledOnce();
    expect(load).not.toHaveBeenCalled();
  });
});
