import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics, Metrics } from '../../lib/handoff/metrics';

// The expected values are computed here from plain objects with code of their own, deliberately not
// reusing anything from lib/, so that a shared mistake cannot make both sides agree.

type Point = 'mql_to_sales' | 'sales_to_cs' | 'cs_to_support' | 'renewal_expansion';
type Lifecycle =
  | 'created'
  | 'submitted'
  | 'accepted'
  | 'returned'
  | 'reopened'
  | 'kickoff_held'
  | 'first_value_reached'
  | 'closed';
type Edit = 'field_set' | 'item_added' | 'item_updated' | 'item_removed';
type Other = 'reassigned' | 'linked' | 'sla_threshold' | 'conflict_opened';
type ClockState = 'not_started' | 'on_track' | 'due_soon' | 'breached' | 'met' | 'paused';

interface TestEvent {
  packetId: string;
  seq: number;
  type: Lifecycle | Edit | Other;
  at: string;
  actorId: string;
  data: Record<string, unknown>;
}

interface TestPacket {
  id: string;
  handoffPoint: Point;
  events: TestEvent[];
  slaClocks: { policyId: string; state: ClockState }[];
}

const points: Point[] = ['mql_to_sales', 'sales_to_cs', 'cs_to_support', 'renewal_expansion'];
const edits: Edit[] = ['field_set', 'item_added', 'item_updated', 'item_removed'];
const others: Other[] = ['reassigned', 'linked', 'sla_threshold', 'conflict_opened'];
const clockStates: ClockState[] = ['not_started', 'on_track', 'due_soon', 'breached', 'met', 'paused'];
const policyIds = ['accept-within-2d', 'kickoff-within-5d', 'first-value-within-30d'];

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const base = Date.UTC(2025, 2, 1);

function packetId(index: number): string {
  return `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/** An ISO timestamp of `ms` written in a given UTC offset, as a browser in another timezone would. */
function isoAt(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * minute).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}

// ---- The independent computation -------------------------------------------------------------------

function timeOf(event: TestEvent): number {
  return new Date(event.at).getTime();
}

function firstIndexOf(events: TestEvent[], type: string): number {
  for (let i = 0; i < events.length; i++) {
    if (events[i]?.type === type) return i;
  }
  return -1;
}

/** Nearest rank: the smallest 1-based rank k with k / n >= p / 100. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  let rank = 1;
  while (rank * 100 < p * sorted.length) rank++;
  return sorted[rank - 1] ?? null;
}

function average(values: number[]): number | null {
  if (values.length === 0) return null;
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

function durations(values: number[]) {
  return {
    count: values.length,
    medianMs: percentile(values, 50),
    p90Ms: percentile(values, 90),
    meanMs: average(values),
  };
}

function share(matching: number, count: number) {
  return { count, matching, rate: count === 0 ? null : matching / count };
}

function expectedMetrics(packets: TestPacket[], from: Date, to: Date) {
  const start = from.getTime();
  const end = to.getTime();
  const inside = (event: TestEvent) => timeOf(event) >= start && timeOf(event) < end;

  let cohortSize = 0;
  const kickoffs: number[] = [];
  const firstValues: number[] = [];
  const scores: number[] = [];
  let salesToCsAccepted = 0;
  let salesToCsFirstValue = 0;
  let returnedPackets = 0;
  let acceptedPackets = 0;
  let editedAfterAccepted = 0;
  const clocksByPolicy: Record<string, { met: number; finished: number }> = {};
  const stageNames = ['submitted', 'accepted', 'kickoff_held', 'first_value_reached'];
  const funnel: Record<string, number[]> = {};
  for (const point of points) funnel[point] = [0, 0, 0, 0, 0];

  for (const packet of packets) {
    const events = packet.events;
    const created = events[firstIndexOf(events, 'created')];
    if (created && inside(created)) {
      const counts = funnel[packet.handoffPoint] ?? [];
      counts[0] = (counts[0] ?? 0) + 1;
      for (let stage = 0; stage < stageNames.length; stage++) {
        const laterStages = stageNames.slice(stage);
        if (events.some((event) => laterStages.includes(event.type))) {
          counts[stage + 1] = (counts[stage + 1] ?? 0) + 1;
        }
      }
    }

    const submission = events[firstIndexOf(events, 'submitted')];
    if (!submission || !inside(submission)) continue;
    cohortSize++;

    const kickoff = events[firstIndexOf(events, 'kickoff_held')];
    if (kickoff) kickoffs.push(timeOf(kickoff) - timeOf(submission));
    const firstValue = events[firstIndexOf(events, 'first_value_reached')];
    if (firstValue) firstValues.push(timeOf(firstValue) - timeOf(submission));

    const score = submission.data.completeness;
    if (typeof score === 'number' && score >= 0 && score <= 1) scores.push(score);

    const accepted = firstIndexOf(events, 'accepted');
    if (accepted >= 0) {
      acceptedPackets++;
      if (packet.handoffPoint === 'sales_to_cs') {
        salesToCsAccepted++;
        if (firstValue) salesToCsFirstValue++;
      }
      let edited = false;
      for (let i = accepted + 1; i < events.length; i++) {
        if ((edits as string[]).includes(events[i]?.type ?? '')) edited = true;
      }
      if (edited) editedAfterAccepted++;
    }
    if (firstIndexOf(events, 'returned') >= 0) returnedPackets++;

    for (const clock of packet.slaClocks) {
      const policy = clocksByPolicy[clock.policyId] ?? { met: 0, finished: 0 };
      clocksByPolicy[clock.policyId] = policy;
      if (clock.state === 'met') policy.met++;
      if (clock.state === 'met' || clock.state === 'breached') policy.finished++;
    }
  }

  let met = 0;
  let finished = 0;
  const byPolicy: Record<string, ReturnType<typeof share>> = {};
  for (const [policyId, policy] of Object.entries(clocksByPolicy)) {
    met += policy.met;
    finished += policy.finished;
    byPolicy[policyId] = share(policy.met, policy.finished);
  }

  const stageConversion: Record<string, unknown> = {};
  for (const point of points) {
    const [created = 0, submitted = 0, accepted = 0, kickoffHeld = 0, firstValueReached = 0] =
      funnel[point] ?? [];
    stageConversion[point] = {
      created,
      submitted,
      accepted,
      kickoffHeld,
      firstValueReached,
      createdToSubmitted: share(submitted, created).rate,
      submittedToAccepted: share(accepted, submitted).rate,
      acceptedToKickoffHeld: share(kickoffHeld, accepted).rate,
      kickoffHeldToFirstValueReached: share(firstValueReached, kickoffHeld).rate,
    };
  }

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    cohortSize,
    timeToKickoff: durations(kickoffs),
    timeToFirstValue: durations(firstValues),
    onboardingCompletion: share(salesToCsFirstValue, salesToCsAccepted),
    slaAttainment: { ...share(met, finished), byPolicy },
    dataCompleteness: { count: scores.length, mean: average(scores) },
    rework: {
      returnedRate: share(returnedPackets, cohortSize),
      editedAfterAcceptanceRate: share(editedAfterAccepted, acceptedPackets),
    },
    stageConversion,
  };
}

/** The expected value with every number compared to 9 decimals, since sums may run in another order. */
function approximately(value: unknown): unknown {
  if (typeof value === 'number') return expect.closeTo(value, 9);
  if (Array.isArray(value)) return value.map(approximately);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, approximately(entry)]));
  }
  return value;
}

// ---- Random but plausible histories ----------------------------------------------------------------

/**
 * A packet as a list of dice rolls (0..99) that `buildPacket` plays through the lifecycle, so that
 * fast-check can shrink a failing history by shortening or lowering the rolls.
 */
const packetScript = fc.record({
  handoffPoint: fc.constantFrom(...points),
  createdMinute: fc.noBias(fc.integer({ min: -40 * 24 * 60, max: 100 * 24 * 60 })),
  offsetMinutes: fc.constantFrom(0, 0, 120, -330, 345),
  rolls: fc.array(fc.noBias(fc.nat(99)), { minLength: 30, maxLength: 60 }),
  slaClocks: fc.array(
    fc.record({ policyId: fc.constantFrom(...policyIds), state: fc.constantFrom(...clockStates) }),
    { maxLength: 3 },
  ),
});
type PacketScript = typeof packetScript extends fc.Arbitrary<infer Script> ? Script : never;

function buildPacket(script: PacketScript, index: number): TestPacket {
  const id = packetId(index);
  let next = 0;
  const roll = () => script.rolls[next++] ?? 0;
  let atMs = base + script.createdMinute * minute;
  const events: TestEvent[] = [];
  const record = (type: TestEvent['type'], data: Record<string, unknown> = {}) => {
    events.push({
      packetId: id,
      seq: events.length + 1,
      type,
      at: isoAt(atMs, script.offsetMinutes),
      actorId: `user-${roll() % 5}`,
      data,
    });
    // Mostly minutes to hours apart, sometimes weeks, so durations spread and cross the window edges.
    const gapRoll = roll();
    atMs += (1 + gapRoll * (gapRoll > 90 ? 300 : 20)) * minute;
  };
  const submit = () => {
    // Mostly scores spread over 0..1, a few missing or not numeric, and the exact ends 0 and 1.
    const scoreRoll = roll();
    if (scoreRoll < 3) record('submitted');
    else if (scoreRoll === 3) record('submitted', { completeness: null });
    else if (scoreRoll === 4) record('submitted', { completeness: 0 });
    else record('submitted', { completeness: (scoreRoll - 5) / 94 });
  };

  record('created');
  let status: Lifecycle = 'created';
  for (let step = 0; step < 20 && status !== 'closed'; step++) {
    const dice = roll();
    if (dice < 12) {
      record(edits[dice % edits.length] ?? 'field_set', { field: 'scope' });
      continue;
    }
    if (dice < 16) {
      record(others[dice % others.length] ?? 'linked');
      continue;
    }
    if (dice >= 94) break; // the history ends here: the packet still sits in its status
    if (status === 'created' || status === 'reopened') {
      if (dice < 25) break;
      submit();
      status = 'submitted';
    } else if (status === 'submitted') {
      status = dice < 45 ? 'returned' : 'accepted';
      record(status, status === 'returned' ? { reason: 'missing success plan' } : {});
    } else if (status === 'returned') {
      status = dice < 80 ? 'reopened' : 'closed';
      record(status);
    } else if (status === 'accepted') {
      status = dice < 70 ? 'kickoff_held' : dice < 80 ? 'reopened' : 'closed';
      record(status);
    } else if (status === 'kickoff_held') {
      status = dice < 70 ? 'first_value_reached' : 'closed';
      record(status);
    } else {
      status = 'closed';
      record(status);
    }
  }
  return { id, handoffPoint: script.handoffPoint, events, slaClocks: script.slaClocks };
}

/** A window in minutes from `base`; either edge may snap onto a packet's first submission. */
const windowScript = fc.record({
  fromMinute: fc.noBias(fc.integer({ min: -10 * 24 * 60, max: 60 * 24 * 60 })),
  lengthMinutes: fc.noBias(fc.integer({ min: -24 * 60, max: 90 * 24 * 60 })),
  snapFromTo: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, fc.nat()),
  snapToTo: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, fc.nat()),
});
type WindowScript = typeof windowScript extends fc.Arbitrary<infer Script> ? Script : never;

function buildWindow(script: WindowScript, packets: TestPacket[]): { from: Date; to: Date } {
  const submissions = packets.flatMap((packet) =>
    packet.events.filter((event) => event.type === 'submitted'),
  );
  const snapped = (choice: number | null) =>
    choice === null || submissions.length === 0
      ? null
      : timeOf(submissions[choice % submissions.length] as TestEvent);
  const fromMs = snapped(script.snapFromTo) ?? base + script.fromMinute * minute;
  const toMs = snapped(script.snapToTo) ?? fromMs + script.lengthMinutes * minute;
  return { from: new Date(fromMs), to: new Date(toMs) };
}

describe('computeMetrics against an independent computation', () => {
  it('agrees on every metric for random histories and windows', () => {
    fc.assert(
      fc.property(fc.array(packetScript, { maxLength: 40, size: 'max' }), windowScript, (scripts, window) => {
        const packets = scripts.map(buildPacket);
        const { from, to } = buildWindow(window, packets);
        expect(computeMetrics({ packets, from, to })).toEqual(
          approximately(expectedMetrics(packets, from, to)),
        );
      }),
      { seed: 20250301, numRuns: 60 },
    );
  });

  it('agrees on one large population, where every metric has plenty to compute over', () => {
    const scripts = fc.sample(packetScript, { seed: 7, numRuns: 400 });
    const packets = scripts.map(buildPacket);
    const from = new Date(base);
    const to = new Date(base + 45 * day);
    const actual = computeMetrics({ packets, from, to });

    expect(actual).toEqual(approximately(expectedMetrics(packets, from, to)));
    // Guards against a generator that drifted into producing nothing worth comparing.
    expect(actual.cohortSize).toBeGreaterThan(50);
    expect(actual.cohortSize).toBeLessThan(packets.length);
    expect(actual.timeToKickoff.count).toBeGreaterThan(10);
    expect(actual.timeToFirstValue.count).toBeGreaterThan(10);
    expect(actual.onboardingCompletion.count).toBeGreaterThan(5);
    expect(actual.slaAttainment.count).toBeGreaterThan(10);
    expect(actual.rework.returnedRate.matching).toBeGreaterThan(0);
    expect(actual.rework.editedAfterAcceptanceRate.matching).toBeGreaterThan(0);
    expect(actual.dataCompleteness.count).toBeLessThan(actual.cohortSize);
  });

  it('produces an object that survives JSON and validates against the Metrics schema', () => {
    const packets = fc.sample(packetScript, { seed: 11, numRuns: 100 }).map(buildPacket);
    const metrics = computeMetrics({ packets, from: new Date(base), to: new Date(base + 30 * day) });
    expect(Metrics.parse(JSON.parse(JSON.stringify(metrics)))).toEqual(metrics);
  });
});

// ---- Hand-written examples -------------------------------------------------------------------------

type Step = [type: TestEvent['type'], at: string, data?: Record<string, unknown>];

function packet(index: number, handoffPoint: Point, steps: Step[], slaClocks: TestPacket['slaClocks'] = []) {
  const id = packetId(index);
  const events = steps.map(([type, at, data = {}], i) => ({
    packetId: id,
    seq: i + 1,
    type,
    at,
    actorId: 'u1',
    data,
  }));
  return { id, handoffPoint, events, slaClocks };
}

const march = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') };

/** A sales → CS packet submitted at 2025-03-10 09:00 UTC whose kickoff came `kickoffAfterMs` later. */
function kickedOffAfter(index: number, kickoffAfterMs: number) {
  const submittedAt = Date.parse('2025-03-10T09:00:00Z');
  return packet(index, 'sales_to_cs', [
    ['created', '2025-03-09T12:00:00Z'],
    ['submitted', new Date(submittedAt).toISOString(), { completeness: 0.8 }],
    ['accepted', new Date(submittedAt + hour / 2).toISOString()],
    ['kickoff_held', new Date(submittedAt + kickoffAfterMs).toISOString()],
  ]);
}

describe('computeMetrics examples', () => {
  it('gives the nearest-rank median and p90 and the mean of three known durations', () => {
    const packets = [kickedOffAfter(1, 2 * day), kickedOffAfter(2, 1 * day), kickedOffAfter(3, 6 * day)];
    expect(computeMetrics({ packets, ...march }).timeToKickoff).toEqual({
      count: 3,
      medianMs: 2 * day,
      p90Ms: 6 * day, // rank ceil(0.9 × 3) = 3
      meanMs: 3 * day,
    });
  });

  it('takes the lower middle value as the median of an even count, and rank 9 of 10 as p90', () => {
    const packets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((hours) => kickedOffAfter(hours, hours * hour));
    expect(computeMetrics({ packets, ...march }).timeToKickoff).toEqual({
      count: 10,
      medianMs: 5 * hour,
      p90Ms: 9 * hour,
      meanMs: 5.5 * hour,
    });
  });

  it('returns nulls with zero counts for no packets', () => {
    const funnel = {
      created: 0,
      submitted: 0,
      accepted: 0,
      kickoffHeld: 0,
      firstValueReached: 0,
      createdToSubmitted: null,
      submittedToAccepted: null,
      acceptedToKickoffHeld: null,
      kickoffHeldToFirstValueReached: null,
    };
    const none = { count: 0, matching: 0, rate: null };
    const noDurations = { count: 0, medianMs: null, p90Ms: null, meanMs: null };
    expect(computeMetrics({ packets: [], ...march })).toEqual({
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
      cohortSize: 0,
      timeToKickoff: noDurations,
      timeToFirstValue: noDurations,
      onboardingCompletion: none,
      slaAttainment: { ...none, byPolicy: {} },
      dataCompleteness: { count: 0, mean: null },
      rework: { returnedRate: none, editedAfterAcceptanceRate: none },
      stageConversion: {
        mql_to_sales: funnel,
        sales_to_cs: funnel,
        cs_to_support: funnel,
        renewal_expansion: funnel,
      },
    });
  });

  it('takes the cohort from the first submission, in [from, to), whatever the timestamp offset', () => {
    const submittedAt = (index: number, at: string) =>
      packet(index, 'mql_to_sales', [
        ['created', '2025-02-01T00:00:00Z'],
        ['submitted', at, { completeness: index / 10 }],
      ]);
    const packets = [
      submittedAt(1, '2025-02-28T23:59:59.999Z'), // just before `from`
      submittedAt(2, '2025-03-01T00:00:00Z'), // exactly `from`
      submittedAt(3, '2025-03-01T02:00:00+02:00'), // `from` again, written in UTC+2
      submittedAt(4, '2025-03-31T23:59:59.999Z'), // just before `to`
      submittedAt(5, '2025-04-01T00:00:00Z'), // exactly `to`
      submittedAt(6, '2025-03-31T20:00:00-05:00'), // 2025-04-01T01:00Z, after `to`
      packet(7, 'mql_to_sales', [
        ['created', '2025-02-01T00:00:00Z'],
        ['submitted', '2025-02-10T00:00:00Z', { completeness: 0.5 }],
        ['returned', '2025-02-11T00:00:00Z'],
        ['reopened', '2025-02-12T00:00:00Z'],
        ['submitted', '2025-03-05T00:00:00Z', { completeness: 0.9 }], // resubmitted in range: not moved
      ]),
      packet(8, 'mql_to_sales', [['created', '2025-03-05T00:00:00Z']]), // never submitted
    ];
    const metrics = computeMetrics({ packets, ...march });
    expect(metrics.cohortSize).toBe(3);
    expect(metrics.dataCompleteness).toEqual({ count: 3, mean: expect.closeTo((0.2 + 0.3 + 0.4) / 3, 12) });
    expect(metrics.rework.returnedRate).toEqual({ count: 3, matching: 0, rate: 0 });
  });

  it('scores completeness at the first submission, not at a better resubmission', () => {
    const packets = [
      packet(1, 'sales_to_cs', [
        ['created', '2025-03-01T00:00:00Z'],
        ['submitted', '2025-03-02T00:00:00Z', { completeness: 0.4 }],
        ['returned', '2025-03-02T06:00:00Z'],
        ['reopened', '2025-03-02T07:00:00Z'],
        ['field_set', '2025-03-02T08:00:00Z'],
        ['submitted', '2025-03-03T00:00:00Z', { completeness: 1 }],
      ]),
      packet(2, 'sales_to_cs', [
        ['created', '2025-03-01T00:00:00Z'],
        ['submitted', '2025-03-02T00:00:00Z', { completeness: 0.9 }],
      ]),
      packet(3, 'sales_to_cs', [
        ['created', '2025-03-01T00:00:00Z'],
        ['submitted', '2025-03-02T00:00:00Z'], // no score recorded: left out of the mean
      ]),
      packet(4, 'sales_to_cs', [
        ['created', '2025-03-01T00:00:00Z'],
        ['submitted', '2025-03-02T00:00:00Z', { completeness: 0 }], // an empty packet still counts
      ]),
    ];
    const metrics = computeMetrics({ packets, ...march });
    expect(metrics.dataCompleteness).toEqual({ count: 3, mean: expect.closeTo((0.4 + 0.9 + 0) / 3, 12) });
    expect(metrics.rework.returnedRate).toEqual({ count: 4, matching: 1, rate: 0.25 });
  });

  it('counts onboarding completion, edits after acceptance and time to first value', () => {
    const packets = [
      packet(1, 'sales_to_cs', [
        ['created', '2025-03-01T00:00:00Z'],
        ['field_set', '2025-03-01T01:00:00Z'], // before acceptance: not rework
        ['submitted', '2025-03-02T00:00:00Z', { completeness: 1 }],
        ['accepted', '2025-03-02T01:00:00Z'],
        ['kickoff_held', '2025-03-04T00:00:00Z'],
        ['first_value_reached', '2025-03-12T00:00:00Z'],
        ['closed', '2025-03-20T00:00:00Z'],
      ]),
      packet(2, 'sales_to_cs', [
        ['created', '2025-03-01T00:00:00Z'],
        ['submitted', '2025-03-02T00:00:00Z', { completeness: 1 }],
        ['accepted', '2025-03-03T00:00:00Z'],
        ['item_added', '2025-03-03T02:00:00Z'],
        ['kickoff_held', '2025-03-09T00:00:00Z'],
        ['first_value_reached', '2025-05-01T00:00:00Z'], // after `to`: the cohort is followed to now
      ]),
      packet(3, 'sales_to_cs', [
        ['created', '2025-03-01T00:00:00Z'],
        ['submitted', '2025-03-02T00:00:00Z', { completeness: 1 }],
        ['accepted', '2025-03-03T00:00:00Z'],
        ['item_removed', '2025-03-03T02:00:00Z'],
      ]),
      packet(4, 'cs_to_support', [
        ['created', '2025-03-01T00:00:00Z'],
        ['submitted', '2025-03-02T00:00:00Z', { completeness: 1 }],
        ['accepted', '2025-03-03T00:00:00Z'],
        ['first_value_reached', '2025-03-05T00:00:00Z'],
      ]),
    ];
    const metrics = computeMetrics({ packets, ...march });
    expect(metrics.onboardingCompletion).toEqual({ count: 3, matching: 2, rate: 2 / 3 });
    expect(metrics.rework.editedAfterAcceptanceRate).toEqual({ count: 4, matching: 2, rate: 0.5 });
    expect(metrics.timeToFirstValue).toEqual({
      count: 3,
      medianMs: 10 * day,
      p90Ms: 60 * day,
      meanMs: (10 * day + 3 * day + 60 * day) / 3,
    });
  });

  it('attains SLAs over met and breached clocks only, overall and per policy', () => {
    const steps: Step[] = [
      ['created', '2025-03-01T00:00:00Z'],
      ['submitted', '2025-03-02T00:00:00Z', { completeness: 1 }],
    ];
    const packets = [
      packet(1, 'sales_to_cs', steps, [
        { policyId: 'accept', state: 'met' },
        { policyId: 'kickoff', state: 'breached' },
      ]),
      packet(2, 'sales_to_cs', steps, [
        { policyId: 'accept', state: 'met' },
        { policyId: 'kickoff', state: 'on_track' },
        { policyId: 'first-value', state: 'not_started' },
      ]),
      packet(3, 'sales_to_cs', steps, [
        { policyId: 'accept', state: 'breached' },
        { policyId: 'kickoff', state: 'paused' },
      ]),
      packet(
        4,
        'sales_to_cs',
        [['created', '2025-03-01T00:00:00Z']],
        [{ policyId: 'accept', state: 'breached' }],
      ),
    ];
    expect(computeMetrics({ packets, ...march }).slaAttainment).toEqual({
      count: 4,
      matching: 2,
      rate: 0.5,
      byPolicy: {
        accept: { count: 3, matching: 2, rate: 2 / 3 },
        'first-value': { count: 0, matching: 0, rate: null },
        kickoff: { count: 1, matching: 0, rate: 0 },
      },
    });
  });

  it('builds the stage funnel from packets created in range, drafts included', () => {
    const packets = [
      packet(1, 'renewal_expansion', [['created', '2025-03-01T00:00:00Z']]),
      packet(2, 'renewal_expansion', [
        ['created', '2025-03-02T00:00:00Z'],
        ['submitted', '2025-03-03T00:00:00Z', { completeness: 1 }],
        ['returned', '2025-03-04T00:00:00Z'],
      ]),
      packet(3, 'renewal_expansion', [
        ['created', '2025-03-30T00:00:00Z'],
        ['submitted', '2025-04-03T00:00:00Z', { completeness: 1 }], // submitted after `to`: still converts
        ['accepted', '2025-04-04T00:00:00Z'],
        ['kickoff_held', '2025-04-05T00:00:00Z'],
      ]),
      packet(4, 'renewal_expansion', [
        ['created', '2025-02-27T00:00:00Z'], // created before `from`: not in the funnel
        ['submitted', '2025-03-03T00:00:00Z', { completeness: 1 }],
      ]),
    ];
    const metrics = computeMetrics({ packets, ...march });
    expect(metrics.stageConversion.renewal_expansion).toEqual({
      created: 3,
      submitted: 2,
      accepted: 1,
      kickoffHeld: 1,
      firstValueReached: 0,
      createdToSubmitted: 2 / 3,
      submittedToAccepted: 0.5,
      acceptedToKickoffHeld: 1,
      kickoffHeldToFirstValueReached: 0,
    });
    expect(metrics.stageConversion.sales_to_cs.created).toBe(0);
    expect(metrics.cohortSize).toBe(2);
  });
});
