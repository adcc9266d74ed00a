/*
 * The outcome metrics of a generated workspace, computed from scratch from the definitions in the README
 * and the default playbook's SLA policies, importing nothing from lib/ or server/: what the API's SQL
 * aggregates must agree with. The calendar is the default one (UTC, Monday to Friday, 09:00–17:00).
 */
import type { GeneratedEvent, GeneratedPacket, Point } from './metrics-workspace';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN = 9 * HOUR;
const CLOSE = 17 * HOUR;

const isWorkday = (dayStart: number) => {
  const weekday = new Date(dayStart).getUTCDay();
  return weekday >= 1 && weekday <= 5;
};

/** Working ms in [a, b), day by day. */
export function workingMsBetween(a: number, b: number): number {
  let total = 0;
  for (let day = Math.floor(a / DAY) * DAY; day < b; day += DAY) {
    if (!isWorkday(day)) continue;
    total += Math.max(0, Math.min(b, day + CLOSE) - Math.max(a, day + OPEN));
  }
  return total;
}

/** The earliest instant by which `ms` of working time have passed since `start`. */
function workingDeadline(start: number, ms: number): number {
  let remaining = ms;
  for (let day = Math.floor(start / DAY) * DAY; ; day += DAY) {
    if (!isWorkday(day)) continue;
    const from = Math.max(start, day + OPEN);
    const available = Math.max(0, day + CLOSE - from);
    if (available >= remaining) return from + remaining;
    remaining -= available;
  }
}

interface Policy {
  id: string;
  start: string;
  stop: string[];
  /** Working ms, or calendar ms when `calendar`. */
  targetMs: number;
  calendar?: boolean;
}

const acceptance = (hours: number): Policy => ({
  id: 'acceptance',
  start: 'submitted',
  stop: ['accepted', 'returned', 'closed'],
  targetMs: hours * HOUR,
});

/** The default playbook's SLA policies, restated. */
const policies: Record<Point, Policy[]> = {
  mql_to_sales: [acceptance(8)],
  sales_to_cs: [
    acceptance(16),
    { id: 'kickoff', start: 'accepted', stop: ['kickoff_held', 'closed'], targetMs: 5 * 8 * HOUR },
    {
      id: 'kickoff-from-close',
      start: 'closed_won',
      stop: ['kickoff_held', 'closed'],
      targetMs: 10 * 8 * HOUR,
    },
    {
      id: 'first-value',
      start: 'kickoff_held',
      stop: ['first_value_reached', 'closed'],
      targetMs: 30 * DAY,
      calendar: true,
    },
  ],
  cs_to_support: [acceptance(4)],
  renewal_expansion: [
    acceptance(16),
    { id: 'renewal-meeting', start: 'accepted', stop: ['kickoff_held', 'closed'], targetMs: 10 * 8 * HOUR },
  ],
};

/** The latest cycle of a clock: met, breached (stopped late, or running past its deadline), or neither. */
function clockOutcome(policy: Policy, events: GeneratedEvent[], now: number): 'met' | 'breached' | null {
  let start: number | null = null;
  let stop: number | null = null;
  for (const event of events) {
    if (start === null || stop !== null) {
      if (event.type === policy.start) {
        start = event.at;
        stop = null;
      }
    } else if (policy.stop.includes(event.type)) stop = event.at;
  }
  if (start === null) return null;
  const deadline = policy.calendar ? start + policy.targetMs : workingDeadline(start, policy.targetMs);
  if (stop !== null) return stop > deadline ? 'breached' : 'met';
  return now > deadline ? 'breached' : null;
}

export interface Expected {
  cohortSize: number;
  kickoff: number[];
  kickoffBusiness: number[];
  firstValue: number[];
  firstValueBusiness: number[];
  onboarding: [count: number, matching: number];
  sla: [number, number];
  slaByPolicy: Record<string, [number, number]>;
  slaByOwner: Record<string, [number, number]>;
  completeness: number[];
  returned: [number, number];
  edited: [number, number];
  funnel: Record<Point, number[]>;
  months: Record<
    string,
    { cohortSize: number; kickoff: number[]; sla: [number, number]; returned: number; completeness: number[] }
  >;
}

const edits = new Set(['field_set', 'item_added', 'item_updated', 'item_removed']);
const stages = ['submitted', 'accepted', 'kickoff_held', 'first_value_reached'];

export function expectedMetrics(
  packets: GeneratedPacket[],
  window: { from: number; to: number; now: number; keep: (packet: GeneratedPacket) => boolean },
): Expected {
  const expected: Expected = {
    cohortSize: 0,
    kickoff: [],
    kickoffBusiness: [],
    firstValue: [],
    firstValueBusiness: [],
    onboarding: [0, 0],
    sla: [0, 0],
    slaByPolicy: {},
    slaByOwner: {},
    completeness: [],
    returned: [0, 0],
    edited: [0, 0],
    funnel: { mql_to_sales: [], sales_to_cs: [], cs_to_support: [], renewal_expansion: [] },
    months: {},
  };
  const inWindow = (at: number | undefined) => at !== undefined && at >= window.from && at < window.to;
  const tally = (pair: [number, number], matches: boolean) => {
    pair[0]++;
    if (matches) pair[1]++;
  };
  for (const packet of packets) {
    if (!window.keep(packet)) continue;
    const { events } = packet;
    const first = (type: string) => events.find((event) => event.type === type);
    if (inWindow(first('created')?.at)) {
      let furthest = 0;
      for (const event of events) furthest = Math.max(furthest, stages.indexOf(event.type) + 1);
      expected.funnel[packet.handoffPoint].push(furthest);
    }
    const submitted = first('submitted');
    if (!submitted || !inWindow(submitted.at)) continue;
    const month = new Date(submitted.at).toISOString().slice(0, 7);
    expected.months[month] ??= { cohortSize: 0, kickoff: [], sla: [0, 0], returned: 0, completeness: [] };
    const monthly = expected.months[month];
    expected.cohortSize++;
    monthly.cohortSize++;
    const kickoff = first('kickoff_held');
    if (kickoff) {
      expected.kickoff.push(kickoff.at - submitted.at);
      monthly.kickoff.push(kickoff.at - submitted.at);
      expected.kickoffBusiness.push(workingMsBetween(submitted.at, kickoff.at));
    }
    const firstValue = first('first_value_reached');
    if (firstValue) {
      expected.firstValue.push(firstValue.at - submitted.at);
      expected.firstValueBusiness.push(workingMsBetween(submitted.at, firstValue.at));
    }
    const score = submitted.data.completeness;
    if (typeof score === 'number') {
      expected.completeness.push(score);
      monthly.completeness.push(score);
    }
    const acceptedAt = events.findIndex((event) => event.type === 'accepted');
    if (acceptedAt !== -1) {
      if (packet.handoffPoint === 'sales_to_cs') tally(expected.onboarding, firstValue !== undefined);
      tally(
        expected.edited,
        events.slice(acceptedAt + 1).some((event) => edits.has(event.type)),
      );
    }
    const returned = first('returned') !== undefined;
    tally(expected.returned, returned);
    if (returned) monthly.returned++;
    for (const policy of policies[packet.handoffPoint]) {
      const outcome = clockOutcome(policy, events, window.now);
      if (outcome === null) continue;
      const met = outcome === 'met';
      tally(expected.sla, met);
      tally(monthly.sla, met);
      const owner = packet.receivingUserId ?? 'nobody';
      const ofPolicy = expected.slaByPolicy[policy.id] ?? [0, 0];
      const ofOwner = expected.slaByOwner[owner] ?? [0, 0];
      expected.slaByPolicy[policy.id] = ofPolicy;
      expected.slaByOwner[owner] = ofOwner;
      tally(ofPolicy, met);
      tally(ofOwner, met);
    }
  }
  return expected;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], percent: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((percent * sorted.length) / 100) - 1] ?? null;
}

export function meanOf(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}
