// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ImproveSection } from '../../components/dashboard/ImproveSection';
import { MaturitySection } from '../../components/dashboard/MaturitySection';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { computeImprove, type ImproveRow } from '../../lib/handoff/improve';
import { assessMaturity } from '../../lib/handoff/maturity';

afterEach(cleanup);

const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

/** A group of `packets` identical sales → CS packets. */
function row(criteriaMet: string[] | null, packets: number, returned: number, days: number): ImproveRow {
  return {
    handoffPoint: 'sales_to_cs',
    criteriaMet,
    completeEnough: criteriaMet !== null && criteriaMet.length > 1,
    packets,
    returned,
    slaFinished: packets,
    slaMet: packets - returned,
    // Half the packets at `days`, half a day later: a real spread for the interval.
    firstValueDays: {
      count: packets,
      sum: packets * days + packets / 2,
      sumOfSquares: (packets / 2) * days ** 2 + (packets / 2) * (days + 1) ** 2,
    },
    completenessSum: packets * 0.9,
    completenessCount: packets,
    accepted: packets,
    acceptedFirstValue: packets,
  };
}

const improve = computeImprove({
  rows: [row(['champion', 'milestones'], 60, 3, 10), row(['milestones'], 60, 30, 20), row(null, 5, 1, 12)],
  playbook: defaultPlaybook,
  handoffPoints: ['sales_to_cs', 'cs_to_support'],
  ...window,
});

describe('ImproveSection', () => {
  it('shows a table per handoff point, named by its caption', () => {
    render(<ImproveSection report={improve} />);
    expect(screen.getByRole('heading', { name: 'Improve: which criteria pay off' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Sales → CS / Onboarding · 125 packets' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'CS → Support / Services · 0 packets' })).toBeTruthy();
  });

  it('gives each criterion its met and unmet counts, rates with intervals, verdict and sentence', () => {
    render(<ImproveSection report={improve} />);
    const table = screen.getByRole('table', { name: /Sales → CS/ });
    const champion = within(table).getByRole('rowheader', { name: /Champion/ });
    const metRow = champion.closest('tr') as HTMLElement;
    const cells = within(metRow)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    // 60 met, 3 returned: 5% with its Wilson interval; 60 × 10.5 days.
    expect(cells.slice(0, 3)).toEqual(['Met', '60', '5% (2%–14%)']);
    expect(cells[3]).toContain('10.5');
    expect(cells[5]).toBe('Pays off');
    const unmetRow = metRow.nextElementSibling as HTMLElement;
    expect(within(unmetRow).getAllByRole('cell')[1]?.textContent).toBe('60');
    const sentenceRow = unmetRow.nextElementSibling as HTMLElement;
    expect(sentenceRow.textContent).toContain('It pays off.');
    expect(sentenceRow.textContent).toContain('5 packets were handed over before Baton recorded this.');
  });

  it('says "not enough data" where a side has too few packets', () => {
    render(<ImproveSection report={improve} />);
    const table = screen.getByRole('table', { name: /CS → Support/ });
    expect(within(table).getAllByText('Not enough data').length).toBe(4);
  });
});

describe('MaturitySection', () => {
  const maturity = assessMaturity(
    {
      playbook: defaultPlaybook,
      points: ['sales_to_cs'],
      cohortSize: 125,
      criteriaRecorded: 120,
      returned: 34,
      meanCompleteness: 0.9,
      slaFinished: 125,
      slaMet: 91,
      firstValueReached: 125,
      onboardingAccepted: 125,
      onboardingFirstValue: 125,
      liveEventSources: 0,
      crmEventsInWindow: 0,
      liveWebhooks: 0,
      managers: 2,
      improveVerdicts: 3,
    },
    window,
  );

  it('lists the six capabilities with their level, evidence and next step', () => {
    render(<MaturitySection report={maturity} />);
    const rows = screen.getAllByRole('rowheader');
    expect(rows.map((header) => header.firstChild?.textContent)).toEqual([
      'Entry/exit criteria',
      'Transfer packet',
      'SLAs & alerts',
      'Lifecycle content',
      'Data continuity',
      'Executive visibility',
    ]);
    const continuity = screen
      .getByRole('rowheader', { name: /Data continuity/ })
      .closest('tr') as HTMLElement;
    expect(within(continuity).getByLabelText('Data continuity: level 1 of 3, Defined')).toBeTruthy();
    expect(continuity.textContent).toContain('Connect a CRM event source');
    const criteria = screen
      .getByRole('rowheader', { name: /Entry\/exit criteria/ })
      .closest('tr') as HTMLElement;
    // 120 of 125 recorded: 96%, shown as a share; the playbook version as a count.
    expect(
      within(criteria).getByText('Share recording the criteria met').nextElementSibling?.textContent,
    ).toBe('96%');
    expect(within(criteria).getByText('Playbook version').nextElementSibling?.textContent).toBe('1');
  });

  it('says what to keep doing at the top rung', () => {
    const top = {
      ...maturity,
      capabilities: maturity.capabilities.map((c) => ({
        ...c,
        rung: 'operationalized' as const,
        score: 3,
        nextStep: null,
      })),
    };
    render(<MaturitySection report={top} />);
    expect(screen.getAllByText('Operationalized: keep reviewing it each quarter.')).toHaveLength(6);
  });
});
