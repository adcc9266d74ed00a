// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dashboard } from '../../components/dashboard/Dashboard';
import { DashboardRequestError, type DashboardSource } from '../../components/dashboard/data-source';
import { WebDashboard } from '../../components/dashboard/WebDashboard';
import type { Me } from '../../lib/api';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { computeImprove } from '../../lib/handoff/improve';
import { assessMaturity } from '../../lib/handoff/maturity';
import type { MetricPackets, Metrics } from '../../lib/handoff/metrics';

configure({ asyncUtilTimeout: 3000 });

const hour = 3_600_000;
const proportion = (count: number, matching: number) => ({
  count,
  matching,
  rate: count === 0 ? null : matching / count,
});
const durations = (medianMs: number) => ({ count: 4, medianMs, p90Ms: 2 * medianMs, meanMs: 1.5 * medianMs });

const manager: Me = {
  user: { id: 'u-cleo', email: 'cleo@acme.example', name: 'Cleo Manager', role: 'manager' },
  workspace: { id: '0190c6a4-7d2e-7b5a-9f1e-3c4d5e6f7a8b', name: 'Acme Corp' },
  teams: [
    { id: 'cs', name: 'Customer Success', function: 'customer_success', manages: true },
    { id: 'support', name: 'Support', function: 'support', manages: false },
  ],
};

const funnel = (created: number) => ({
  created,
  submitted: created,
  accepted: created,
  kickoffHeld: 0,
  firstValueReached: 0,
  createdToSubmitted: created === 0 ? null : 1,
  submittedToAccepted: created === 0 ? null : 1,
  acceptedToKickoffHeld: created === 0 ? null : 0,
  kickoffHeldToFirstValueReached: null,
});

const month = (name: string, kickoffHours: number) => ({
  month: name,
  cohortSize: 3,
  timeToKickoff: durations(kickoffHours * 3 * hour),
  businessTimeToKickoff: durations(kickoffHours * hour),
  timeToFirstValue: durations(100 * hour),
  businessTimeToFirstValue: durations(40 * hour),
  onboardingCompletion: proportion(2, 1),
  slaAttainment: proportion(4, 3),
  dataCompleteness: { count: 3, mean: 0.8 },
  returnedRate: proportion(3, 1),
});

const metrics: Metrics = {
  from: '2026-06-01T00:00:00.000Z',
  to: '2026-12-06T00:00:00.000Z',
  cohortSize: 6,
  timeToKickoff: durations(30 * hour),
  businessTimeToKickoff: durations(10 * hour),
  timeToFirstValue: durations(100 * hour),
  businessTimeToFirstValue: durations(40 * hour),
  onboardingCompletion: proportion(4, 2),
  slaAttainment: {
    ...proportion(8, 6),
    byPolicy: { acceptance: proportion(6, 5), kickoff: proportion(2, 1) },
    byOwner: [
      { userId: 'u-cass', name: 'Cass, "the" CSM', ...proportion(5, 4) },
      { userId: null, name: null, ...proportion(3, 2) },
    ],
  },
  dataCompleteness: { count: 6, mean: 0.8 },
  rework: { returnedRate: proportion(6, 2), editedAfterAcceptanceRate: proportion(4, 1) },
  stageConversion: {
    mql_to_sales: funnel(0),
    sales_to_cs: funnel(5),
    cs_to_support: funnel(2),
    renewal_expansion: funnel(0),
  },
  months: [month('2026-10', 8), month('2026-11', 12)],
};

const packets: MetricPackets = {
  figure: 'sla_attainment',
  packets: [
    {
      packetId: '00000000-0000-4000-8000-000000000001',
      customerName: '=HYPERLINK("http://evil.example")',
      handoffPoint: 'sales_to_cs',
      givingUserId: 'u-rae',
      givingUserName: 'Rae Rep',
      receivingUserId: 'u-cass',
      receivingUserName: 'Cass, "the" CSM',
      submittedAt: '2026-10-03T10:00:00.000Z',
      policyId: 'acceptance',
      value: null,
      businessValue: null,
      matches: true,
    },
  ],
  nextOffset: null,
};

/** A source answering from the fixtures above, recording every path asked. */
const reportWindow = { from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-12-06T00:00:00Z') };
const improve = computeImprove({
  rows: [],
  playbook: defaultPlaybook,
  handoffPoints: ['sales_to_cs'],
  ...reportWindow,
});
const maturity = assessMaturity(
  {
    playbook: defaultPlaybook,
    points: ['sales_to_cs'],
    cohortSize: 0,
    criteriaRecorded: 0,
    returned: 0,
    meanCompleteness: null,
    slaFinished: 0,
    slaMet: 0,
    firstValueReached: 0,
    onboardingAccepted: 0,
    onboardingFirstValue: 0,
    liveEventSources: 0,
    crmEventsInWindow: 0,
    liveWebhooks: 0,
    managers: 1,
    improveVerdicts: 0,
  },
  reportWindow,
);

function fakeSource(overrides: Record<string, () => unknown> = {}) {
  const asked: string[] = [];
  const source: DashboardSource = {
    async get(path) {
      asked.push(path);
      const route = path.split('?')[0] ?? '';
      if (overrides[route]) return overrides[route]();
      if (route === '/v1/me') return manager;
      if (route === '/v1/metrics') return metrics;
      if (route === '/v1/metrics/packets') return packets;
      if (route === '/v1/improve') return improve;
      if (route === '/v1/maturity') return maturity;
      throw new DashboardRequestError(`no fixture for ${route}`, 404);
    },
  };
  return { source, asked };
}

/** What "Download CSV" saved: the blob handed to an object URL, read back as text. */
let saved: Blob[] = [];

/**
 * happy-dom has no 2D canvas (getContext answers null): uPlot gets a context that accepts every call
 * and property, and measures text as zero wide. The test checks what uPlot builds in the DOM.
 */
function stubCanvas(): void {
  const context = new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, name) =>
      name in target ? target[name] : name === 'measureText' ? () => ({ width: 0 }) : () => undefined,
    set: (target, name, value) => {
      target[name] = value;
      return true;
    },
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => context as never);
  // Nor Path2D, which uPlot draws its lines into.
  vi.stubGlobal(
    'Path2D',
    class {
      constructor() {
        // biome-ignore lint/correctness/noConstructorReturn: every path method is a no-op here
        return new Proxy(this, { get: () => () => undefined });
      }
    },
  );
}

beforeEach(() => {
  stubCanvas();
  saved = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    saved.push(blob as Blob);
    return 'blob:fake';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const now = new Date('2026-12-05T12:00:00Z');

describe('the outcome dashboard', () => {
  it('shows the figures, draws the monthly trends with uPlot, and asks for the last six months by default', async () => {
    const { source, asked } = fakeSource();
    const { container } = render(<Dashboard source={source} now={now} />);

    const outcomes = await screen.findByRole('region', { name: 'Outcomes' });
    expect(within(outcomes).getByText('10.0 working h')).toBeTruthy();
    expect(within(outcomes).getByText('75.0 %')).toBeTruthy();
    expect(asked).toContain('/v1/metrics?from=2026-07-01T00%3A00%3A00Z&to=2026-12-06T00%3A00%3A00Z');
    // uPlot built its charts: one per trend, each with a canvas and a legend naming the series.
    await waitFor(() => expect(container.querySelectorAll('.chart .uplot')).toHaveLength(2));
    const charts = container.querySelectorAll('.chart .uplot');
    expect(charts[0]?.querySelector('canvas')).toBeTruthy();
    expect(charts[0]?.textContent).toContain('Time to kickoff, median');
    expect(charts[1]?.textContent).toContain('SLA attainment');
    expect(screen.getByText('Cleo Manager (manager)', { exact: false })).toBeTruthy();
    const monthly = screen.getByRole('region', { name: 'Monthly cohorts' });
    expect(within(monthly).getByText('2026-11')).toBeTruthy();
  });

  it('asks again when a filter changes, offering only the teams a manager manages', async () => {
    const { source, asked } = fakeSource();
    render(<Dashboard source={source} now={now} />);
    await screen.findByRole('region', { name: 'Outcomes' });

    const team = screen.getByLabelText('Team') as HTMLSelectElement;
    expect([...team.options].map((option) => option.value)).toEqual(['', 'cs']);
    fireEvent.change(team, { target: { value: 'cs' } });
    fireEvent.change(screen.getByLabelText('Handoff point'), { target: { value: 'sales_to_cs' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });

    await waitFor(() =>
      expect(asked.at(-1)).toBe(
        '/v1/metrics?from=2026-01-01T00%3A00%3A00Z&to=2026-12-06T00%3A00%3A00Z&handoffPoint=sales_to_cs&team=cs',
      ),
    );
    fireEvent.change(screen.getByLabelText('To (not included)'), { target: { value: '2025-12-01' } });
    expect((await screen.findByRole('alert')).textContent).toContain('must start before it ends');
  });

  it("lists an owner's SLA clocks and downloads them, and every table, as CSV", async () => {
    const { source, asked } = fakeSource();
    render(<Dashboard source={source} now={now} />);
    const byOwner = await screen.findByRole('region', { name: 'SLA attainment by owner' });

    fireEvent.click(within(byOwner).getAllByRole('button', { name: 'Show' })[0] as HTMLElement);
    const drill = await screen.findByRole('region', { name: 'Packets behind a figure' });
    await within(drill).findByText('Rae Rep');
    expect(asked.at(-1)).toContain('figure=sla_attainment');
    expect(asked.at(-1)).toContain('owner=u-cass');

    fireEvent.click(within(drill).getByRole('button', { name: 'Download CSV' }));
    fireEvent.click(within(byOwner).getByRole('button', { name: 'Download CSV' }));
    const [packetsCsv, ownersCsv] = await Promise.all(saved.map((blob) => blob.text()));
    expect(packetsCsv).toBe(
      'Customer,Handoff point,Giving owner,Receiving owner,First submitted,Policy,Counts\r\n' +
        `"'=HYPERLINK(""http://evil.example"")",sales_to_cs,Rae Rep,"Cass, ""the"" CSM",2026-10-03T10:00:00.000Z,acceptance,yes\r\n`,
    );
    expect(ownersCsv).toBe(
      'Receiving owner,Met,Finished clocks,Attainment\r\n"Cass, ""the"" CSM",4,5,0.8\r\n,2,3,0.6666666666666666\r\n',
    );
  });

  it('shows the Improve loop and the maturity matrix under the same filters as the figures', async () => {
    const { source, asked } = fakeSource();
    render(<Dashboard source={source} now={now} />);
    expect(await screen.findByRole('heading', { name: 'Improve: which criteria pay off' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Handoff maturity' })).toBeTruthy();
    const query = 'from=2026-07-01T00%3A00%3A00Z&to=2026-12-06T00%3A00%3A00Z';
    expect(asked).toEqual(expect.arrayContaining([`/v1/improve?${query}`, `/v1/maturity?${query}`]));
  });

  it("says in the API's words why a report is refused, and still shows the figures", async () => {
    const { source } = fakeSource({
      '/v1/improve': () => {
        throw new DashboardRequestError('The API refused: you do not manage the team cs-emea', 403);
      },
    });
    render(<Dashboard source={source} now={now} />);
    expect((await screen.findByRole('alert')).textContent).toContain('you do not manage the team cs-emea');
    expect(await screen.findByRole('heading', { name: 'Handoff maturity' })).toBeTruthy();
  });

  it("says why when the API refuses, in the API's words", async () => {
    const { source } = fakeSource({
      '/v1/metrics': () => {
        throw new DashboardRequestError(
          'The API refused: metrics are for managers and admins; you are signed in as a rep',
          403,
        );
      },
    });
    render(<Dashboard source={source} now={now} />);
    expect((await screen.findByRole('alert')).textContent).toContain('you are signed in as a rep');
  });
});

describe('the web dashboard', () => {
  function fakeApi(goodToken: string) {
    const requests: Array<{ url: string; authorization: string | null }> = [];
    const fetcher = async (url: string, init: RequestInit) => {
      const authorization = new Headers(init.headers).get('authorization');
      requests.push({ url, authorization });
      if (authorization !== `Bearer ${goodToken}`)
        return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'bad token' } }), {
          status: 401,
        });
      const route = url.split('?')[0];
      return new Response(JSON.stringify(route === '/v1/me' ? manager : metrics), { status: 200 });
    };
    return { fetcher, requests };
  }

  it('signs in with a token kept in session storage, then reads the API on its own origin', async () => {
    const { fetcher, requests } = fakeApi('bt_good');
    const storage = window.sessionStorage;
    storage.clear();
    render(<WebDashboard storage={storage} fetcher={fetcher} />);

    fireEvent.input(screen.getByLabelText('API token'), { target: { value: 'bt_wrong' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That token is not valid.');
    expect(storage.getItem('baton.dashboard.token')).toBeNull();

    fireEvent.input(screen.getByLabelText('API token'), { target: { value: 'bt_good' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Sign in' }));
    await screen.findByRole('region', { name: 'Outcomes' });
    expect(storage.getItem('baton.dashboard.token')).toBe('bt_good');
    expect(requests.some((request) => request.url.startsWith('/v1/metrics?'))).toBe(true);
    expect(requests.every((request) => request.url.startsWith('/v1/'))).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByLabelText('API token')).toBeTruthy();
    expect(storage.getItem('baton.dashboard.token')).toBeNull();
  });
});
