// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { historyPageSize } from '../../components/panel/HistorySection';
import { packetRow } from '../../lib/db/packet-rows';
import { formatInstant } from '../../lib/panel/format';
import { slaActor, takeSlaStep } from '../../lib/sync/mutators/sla';
import { actors, context } from '../support/domain';
import { fullPacket, packetId } from '../support/packets';
import { kickoffDeadline, slaStep, story } from '../support/stories';
import {
  answerFromBackground,
  change,
  cleanupPanels,
  opportunityRecord,
  renderPanel,
  testEnvironment,
} from './panel-harness';

// The section names people through usePeople, whatever its directory knows: here, a fixed one.
vi.mock('../../lib/panel/people', () => {
  const names: Record<string, string> = {
    'u-rep': 'Rae Rep',
    'u-csm': 'Cass CSM',
    'baton-sla': 'Baton (SLA clock)',
  };
  // One object, as the real hook memoises it: sections that depend on it would otherwise render forever.
  const people = {
    nameOf: (userId: string | null) => names[userId ?? ''] ?? 'nobody',
    person: () => null,
    teamName: () => null,
    directory: { teams: [], people: [], eventSources: [] },
  };
  return { usePeople: () => people };
});

// The words come from the real background page router; the names from the panel.
beforeEach(answerFromBackground);

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanupPanels();
});

/** Rae's packet, submitted, returned by Cass and resubmitted, then nudged by the acceptance clock. */
function returnedAndResubmitted() {
  const packet = story(fullPacket('sales_to_cs'));
  packet.act(actors.rep, 'transition', { transition: 'submit' }, '2026-11-03T09:00:00.000Z');
  packet.act(
    actors.csm,
    'transition',
    { transition: 'return', reason: 'The kickoff date is in the past' },
    '2026-11-03T11:30:00.000Z',
  );
  packet.act(actors.rep, 'transition', { transition: 'reopen' }, '2026-11-04T08:00:00.000Z');
  packet.act(actors.rep, 'transition', { transition: 'submit' }, '2026-11-04T08:05:00.000Z');
  packet.record(
    takeSlaStep(
      packet.packet,
      { step: { ...slaStep('sla_threshold'), policyId: 'acceptance' }, label: 'Accepted within 16 hours' },
      context(slaActor, '2026-11-04T16:05:00.000Z'),
    ),
  );
  return packet;
}

/** The panel on the opportunity, showing this packet with this history, as the sync engine stored them. */
async function showPanel(packet: ReturnType<typeof story>) {
  const environment = testEnvironment(actors.rep);
  await environment.db.packets.put(packetRow(packet.packet));
  await environment.db.history.bulkPut(packet.events);
  renderPanel(opportunityRecord, environment);
  const section = (await screen.findByText('History', { selector: 'h2 button', exact: false })).closest(
    'section',
  ) as HTMLElement;
  return { environment, section, toggle: within(section).getByRole('button', { name: 'History' }) };
}

function shownLines(section: HTMLElement): HTMLElement[] {
  return [...section.querySelectorAll<HTMLElement>('li')];
}

/** A line's words without its time. */
function wordsOf(line: HTMLElement): string {
  return (line.textContent ?? '').replace(line.querySelector('time')?.textContent ?? '', '').trim();
}

describe('the history section', () => {
  it('stays collapsed until opened, then tells who did what when, newest first', async () => {
    const { section, toggle } = await showPanel(returnedAndResubmitted());
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const body = document.getElementById(toggle.getAttribute('aria-controls') ?? '') as HTMLElement;
    expect(body.hidden).toBe(true);
    expect(shownLines(section)).toEqual([]);

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(body.hidden).toBe(false);
    await waitFor(() => expect(shownLines(section)).toHaveLength(5));
    const lines = shownLines(section);
    expect(lines.map(wordsOf)).toEqual([
      `SLA Accepted within 16 hours: due by ${formatInstant(kickoffDeadline)}; the receiving team reminded`,
      'Rae Rep submitted the handoff (completeness 100 %)',
      'Rae Rep reopened the handoff',
      'Return Cass CSM returned it: The kickoff date is in the past',
      'Rae Rep submitted the handoff (completeness 100 %)',
    ]);
    const returned = lines[3]?.querySelector('time');
    expect(returned?.getAttribute('datetime')).toBe('2026-11-03T11:30:00.000Z');
    expect(returned?.textContent).toBe(formatInstant('2026-11-03T11:30:00.000Z'));

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(shownLines(section)).toEqual([]);
  });

  it('sets returns and SLA steps apart from the other changes', async () => {
    const { section, toggle } = await showPanel(returnedAndResubmitted());
    fireEvent.click(toggle);
    await waitFor(() => expect(shownLines(section)).toHaveLength(5));
    const [sla, submitted, , returned] = shownLines(section) as HTMLElement[];
    expect(sla?.className).toContain('baton-history-sla');
    expect(returned?.className).toContain('baton-history-return');
    expect(submitted?.className).toContain('baton-history-change');
    expect(submitted?.querySelector('.baton-tag')).toBeNull();
  });

  it('follows the history live: a change made while it is open shows on top', async () => {
    const { environment, section, toggle } = await showPanel(returnedAndResubmitted());
    fireEvent.click(toggle);
    await waitFor(() => expect(shownLines(section)).toHaveLength(5));
    await change(environment, 'setField', {
      packetId,
      field: 'decisionNotes',
      value: 'Kickoff moved to next Monday',
      baseRev: (await environment.db.packets.get(packetId))?.packet.fields.decisionNotes?.rev ?? null,
    });
    await waitFor(() =>
      expect(wordsOf(shownLines(section)[0] as HTMLElement)).toBe(
        'Rae Rep changed Decision notes to "Kickoff moved to next Monday"',
      ),
    );
  });

  it('shows a long history a page at a time, taking focus to the first older line', async () => {
    const packet = story(fullPacket('sales_to_cs'));
    // Alternating fields, so that no two edits in a row read as one line.
    for (let edit = 1; edit <= 2 * historyPageSize + 5; edit++) {
      const field = edit % 2 === 0 ? 'decisionNotes' : 'scope.exclusions';
      packet.act(actors.rep, 'setField', {
        field,
        value: `Edit ${edit}`,
        baseRev: packet.packet.fields[field]?.rev,
      });
    }
    const { section, toggle } = await showPanel(packet);
    fireEvent.click(toggle);
    await waitFor(() => expect(shownLines(section)).toHaveLength(historyPageSize));
    expect(shownLines(section)[0]?.textContent).toContain('"Edit 45"');
    // Lines take focus only when the section moves it there: Tab does not walk through every one.
    expect(shownLines(section).every((line) => line.tabIndex === -1)).toBe(true);

    fireEvent.click(within(section).getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(shownLines(section)).toHaveLength(2 * historyPageSize));
    expect(document.activeElement).toBe(shownLines(section)[historyPageSize]);
    expect(document.activeElement?.textContent).toContain('"Edit 25"');

    fireEvent.click(within(section).getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(shownLines(section)).toHaveLength(2 * historyPageSize + 5));
    expect(document.activeElement?.textContent).toContain('"Edit 5"');
    expect(within(section).queryByRole('button', { name: 'Show older' })).toBeNull();
  });

  it('opens and closes from a real button in its heading, so a keyboard reaches and works it', async () => {
    const { section, toggle } = await showPanel(returnedAndResubmitted());
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.closest('h2')?.id).toBe(section.getAttribute('aria-labelledby'));
    toggle.focus();
    expect(document.activeElement).toBe(toggle);
    // A browser turns Enter and Space on a button into a click; focus stays on the button as it opens.
    fireEvent.click(toggle);
    await waitFor(() => expect(shownLines(section)).toHaveLength(5));
    expect(document.activeElement).toBe(toggle);
  });
});
