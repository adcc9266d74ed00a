/**
 * GET /v1/improve and GET /v1/maturity over a generated workspace (10k packets, six teams, six
 * months), checked figure by figure against a computation written here from the definitions in
 * docs/improve.md and docs/maturity.md. Nothing of lib/ or server/ is imported by this file: the
 * generator and the API harness are the only support, and what the generator hands back is plain data
 * (the facts it chose for each packet), from which every expected number below is derived.
 */
import { beforeAll, expect, it } from 'vitest';
import { type Api, api } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import {
  type GeneratedPacket,
  generateOutcomeWorkspace,
  type OutcomeWorkspace,
} from './support/outcome-workspace';

const PACKETS = 10_000;
const MINIMUM = 20;
const THRESHOLD = 0.9;
const Z = 1.959963984540054;
const DAY = 86_400_000;
const POINTS = ['mql_to_sales', 'sales_to_cs', 'cs_to_support', 'renewal_expansion'] as const;

interface PlaybookJson {
  version: number;
  content: unknown[];
  handoffPoints: Record<
    string,
    {
      exitCriteria: Array<{ id: string; severity: string; weight: number }>;
      entryCriteria: Array<{ id: string; severity: string; weight: number }>;
      slas: Array<{
        id: string;
        start: string;
        stop: string[];
        target: { amount: number; unit: string };
        reminders: number[];
        escalation: Array<{ action: string }>;
      }>;
      templates: Array<{ kind: string }>;
    }
  >;
}

/** One cohort packet as this test reads it. */
interface Observed {
  point: string;
  /** Recommended criteria met at first submission; null when the event did not record them. */
  met: Set<string> | null;
  completeness: number;
  returned: boolean;
  firstValueDays: number | null;
  accepted: boolean;
  sla: 'met' | 'breached' | null;
}

// --- Statistics, from their formulas -------------------------------------------------------------

/** Wilson (1927): (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n). */
function wilson(k: number, n: number): { low: number; high: number } | null {
  if (n === 0) return null;
  const p = k / n;
  const d = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / d;
  const half = (Z / d) * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Newcombe (1998) method 10, from the two Wilson intervals. */
function newcombe(k1: number, n1: number, k2: number, n2: number) {
  const w1 = wilson(k1, n1);
  const w2 = wilson(k2, n2);
  if (!w1 || !w2) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  return {
    low: p1 - p2 - Math.hypot(p1 - w1.low, w2.high - p2),
    high: p1 - p2 + Math.hypot(w1.high - p1, p2 - w2.low),
  };
}

function meanAndVariance(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

function meanInterval(values: number[]) {
  if (values.length < 2) return null;
  const { mean, variance } = meanAndVariance(values);
  const half = Z * Math.sqrt(variance / values.length);
  return { low: mean - half, high: mean + half };
}

function welch(a: number[], b: number[]) {
  if (a.length < 2 || b.length < 2) return null;
  const x = meanAndVariance(a);
  const y = meanAndVariance(b);
  const half = Z * Math.sqrt(x.variance / a.length + y.variance / b.length);
  return { low: x.mean - y.mean - half, high: x.mean - y.mean + half };
}

function finding(interval: { low: number; high: number } | null, sizes: number[], lowerIsBetter: boolean) {
  if (!interval || Math.min(...sizes) < MINIMUM) return 'not_enough_data';
  if (interval.high < 0) return lowerIsBetter ? 'better' : 'worse';
  if (interval.low > 0) return lowerIsBetter ? 'worse' : 'better';
  return 'no_clear_difference';
}

// --- What each packet comes to -------------------------------------------------------------------

/**
 * A clock's outcome from calendar time alone. A calendar-time target is exact. For a business-time
 * one the generator keeps every gap far from the target (under it in calendar time, so also in
 * business time; or over three times it plus four days, more than any weekend stretch), so the
 * calendar cannot change the answer; a gap in between would make this test unsound, so it throws.
 */
function clockOutcome(
  events: GeneratedPacket['events'],
  policy: PlaybookJson['handoffPoints'][string]['slas'][number],
): 'met' | 'breached' | null {
  const starts = events
    .map((event, index) => [event, index] as const)
    .filter(([e]) => e.type === policy.start);
  const last = starts.at(-1);
  if (!last) return null;
  const [start, index] = last;
  const stop = events.slice(index + 1).find((event) => policy.stop.includes(event.type));
  if (!stop) return 'breached'; // still running, and every start is months before today
  const gapDays = (Date.parse(stop.at) - Date.parse(start.at)) / DAY;
  const { amount, unit } = policy.target;
  const targetDays = unit.endsWith('hours') ? amount / 24 : amount;
  if (unit.startsWith('calendar')) return gapDays < targetDays ? 'met' : 'breached';
  if (gapDays < targetDays) return 'met';
  if (gapDays > 3 * targetDays + 4) return 'breached';
  throw new Error(`a ${policy.id} gap of ${gapDays} days is too close to its target to judge here`);
}

function observe(packet: GeneratedPacket, playbook: PlaybookJson): Observed {
  const point = playbook.handoffPoints[packet.handoffPoint];
  if (!point) throw new Error('unknown point');
  const criteria = [...point.exitCriteria, ...point.entryCriteria];
  const filled = new Set(packet.recommendedFilled);
  // Required criteria are always met at submission (the API refuses otherwise), and no packet has conflicts.
  const metWeight = criteria
    .filter((c) => c.severity === 'required' || filled.has(c.id))
    .reduce((sum, c) => sum + c.weight, 0);
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  const first = (type: string) => packet.events.find((event) => event.type === type);
  const submitted = first('submitted');
  const firstValue = first('first_value_reached');
  const outcomes = point.slas.map((policy) => clockOutcome(packet.events, policy));
  return {
    point: packet.handoffPoint,
    met: packet.legacy ? null : filled,
    completeness: metWeight / totalWeight,
    returned: first('returned') !== undefined,
    firstValueDays:
      submitted && firstValue ? (Date.parse(firstValue.at) - Date.parse(submitted.at)) / DAY : null,
    accepted: first('accepted') !== undefined,
    sla: outcomes.includes('breached') ? 'breached' : outcomes.includes('met') ? 'met' : null,
  };
}

interface Scope {
  from: string;
  to: string;
  handoffPoint?: string;
  team?: string;
  /** A manager's teams when no team is asked for; undefined for an admin. */
  managed?: string[];
}

function cohort(ws: OutcomeWorkspace, playbook: PlaybookJson, scope: Scope): Observed[] {
  const from = Date.parse(scope.from);
  const to = Date.parse(scope.to);
  const teams = scope.team ? [scope.team] : scope.managed;
  return ws.packets
    .filter((packet) => {
      const submitted = packet.events.find((event) => event.type === 'submitted');
      if (!submitted) return false;
      const at = Date.parse(submitted.at);
      if (at < from || at >= to) return false;
      if (scope.handoffPoint && packet.handoffPoint !== scope.handoffPoint) return false;
      return !teams || teams.includes(packet.givingTeamId) || teams.includes(packet.receivingTeamId);
    })
    .map((packet) => observe(packet, playbook));
}

function expectedGroup(packets: Observed[]) {
  const days = packets.flatMap((p) => (p.firstValueDays === null ? [] : [p.firstValueDays]));
  const returned = packets.filter((p) => p.returned).length;
  const finished = packets.filter((p) => p.sla !== null);
  const slaMet = finished.filter((p) => p.sla === 'met').length;
  return {
    packets: packets.length,
    days,
    returned,
    finished: finished.length,
    slaMet,
  };
}

type Interval = { low: number; high: number } | null;

function expectClose(actual: number | null, expected: number | null, digits = 9) {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, digits);
}

function expectIntervalClose(actual: Interval, expected: Interval, digits = 9) {
  if (expected === null) expect(actual).toBeNull();
  else {
    expect(actual).not.toBeNull();
    expectClose(actual?.low ?? null, expected.low, digits);
    expectClose(actual?.high ?? null, expected.high, digits);
  }
}

/** Checks one factor of the report against the packets on each side of it. */
// biome-ignore lint/suspicious/noExplicitAny: the response read as a client would
function checkFactor(factor: any, met: Observed[], unmet: Observed[], unknown: number) {
  const a = expectedGroup(met);
  const b = expectedGroup(unmet);
  expect(factor.unknown).toBe(unknown);
  for (const [side, group] of [
    [factor.met, a],
    [factor.unmet, b],
  ] as const) {
    expect(side.packets).toBe(group.packets);
    expect(side.rework).toMatchObject({ count: group.packets, matching: group.returned });
    expectClose(side.rework.rate, group.packets === 0 ? null : group.returned / group.packets);
    expectIntervalClose(side.rework.interval, wilson(group.returned, group.packets));
    expect(side.slaAttainment).toMatchObject({ count: group.finished, matching: group.slaMet });
    expectIntervalClose(side.slaAttainment.interval, wilson(group.slaMet, group.finished));
    expect(side.timeToFirstValue.count).toBe(group.days.length);
    expectClose(
      side.timeToFirstValue.meanDays,
      group.days.length === 0 ? null : meanAndVariance(group.days).mean,
      6,
    );
    expectIntervalClose(side.timeToFirstValue.interval, meanInterval(group.days), 6);
  }
  const ttfv = welch(a.days, b.days);
  const rework = newcombe(a.returned, a.packets, b.returned, b.packets);
  const sla = newcombe(a.slaMet, a.finished, b.slaMet, b.finished);
  expectIntervalClose(factor.differences.timeToFirstValue.interval, ttfv, 6);
  expectIntervalClose(factor.differences.rework.interval, rework);
  expectIntervalClose(factor.differences.slaAttainment.interval, sla);
  const findings = [
    finding(ttfv, [a.days.length, b.days.length], true),
    finding(rework, [a.packets, b.packets], true),
    finding(sla, [a.finished, b.finished], false),
  ];
  expect([
    factor.differences.timeToFirstValue.finding,
    factor.differences.rework.finding,
    factor.differences.slaAttainment.finding,
  ]).toEqual(findings);
  let verdict: string;
  if (Math.min(a.packets, b.packets) < MINIMUM || findings.every((f) => f === 'not_enough_data'))
    verdict = 'not_enough_data';
  else if (findings.includes('better') && !findings.includes('worse')) verdict = 'pays_off';
  else if (findings.includes('worse') && !findings.includes('better')) verdict = 'costs';
  else verdict = 'no_clear_difference';
  expect(factor.verdict).toBe(verdict);
  const opening = {
    pays_off: 'It pays off.',
    costs: 'It costs.',
    no_clear_difference: 'No clear difference.',
    not_enough_data: 'Not enough data yet',
  }[verdict];
  expect(factor.sentence.startsWith(opening)).toBe(true);
  return verdict;
}

function checkImprove(
  // biome-ignore lint/suspicious/noExplicitAny: the response read as a client would
  report: any,
  packets: Observed[],
  playbook: PlaybookJson,
  points: readonly string[],
): string[] {
  const verdicts: string[] = [];
  expect(report.handoffPoints.map((p: { handoffPoint: string }) => p.handoffPoint)).toEqual(points);
  for (const section of report.handoffPoints) {
    const here = packets.filter((p) => p.point === section.handoffPoint);
    expect(section.cohortSize).toBe(here.length);
    const point = playbook.handoffPoints[section.handoffPoint];
    const recommended = [...(point?.exitCriteria ?? []), ...(point?.entryCriteria ?? [])]
      .filter((c) => c.severity === 'recommended')
      .map((c) => c.id);
    expect(section.factors.map((f: { id: string }) => f.id)).toEqual([...recommended, 'completeness']);
    for (const factor of section.factors) {
      if (factor.id === 'completeness') {
        verdicts.push(
          checkFactor(
            factor,
            here.filter((p) => p.completeness >= THRESHOLD),
            here.filter((p) => p.completeness < THRESHOLD),
            0,
          ),
        );
        continue;
      }
      const known = here.filter((p) => p.met !== null);
      verdicts.push(
        checkFactor(
          factor,
          known.filter((p) => p.met?.has(factor.id)),
          known.filter((p) => !p.met?.has(factor.id)),
          here.length - known.length,
        ),
      );
    }
  }
  return verdicts;
}

// --- The maturity rubric of docs/maturity.md -------------------------------------------------------

function pointOf(playbook: PlaybookJson, point: string) {
  const found = playbook.handoffPoints[point];
  if (!found) throw new Error(`the playbook has no ${point}`);
  return found;
}

function expectedMaturity(
  packets: Observed[],
  playbook: PlaybookJson,
  asked: readonly string[],
  workspace: { webhooks: number; eventSources: number; crmEvents: number; managers: number },
  verdicts: string[],
) {
  const used = asked.filter((point) => packets.some((p) => p.point === point));
  const points = (used.length > 0 ? used : asked).map((point) => pointOf(playbook, point));
  const n = packets.length;
  const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  const returned = rate(packets.filter((p) => p.returned).length, n);
  const recorded = rate(packets.filter((p) => p.met !== null).length, n);
  const meanCompleteness = n === 0 ? null : packets.reduce((s, p) => s + p.completeness, 0) / n;
  const finished = packets.filter((p) => p.sla !== null);
  const sla = rate(finished.filter((p) => p.sla === 'met').length, finished.length);
  const onboarding = packets.filter((p) => p.point === 'sales_to_cs' && p.accepted);
  const onboarded = rate(onboarding.filter((p) => p.firstValueDays !== null).length, onboarding.length);
  const policies = points.flatMap((p) => p.slas);
  const kinds = new Set(pointOf(playbook, 'sales_to_cs').templates.map((t) => t.kind));
  const lowRework = n >= 20 && returned !== null && returned <= 0.15;
  const ge = (value: number | null, threshold: number) => value !== null && value >= threshold;
  const rung = (...steps: boolean[]) => {
    const failed = steps.indexOf(false);
    return failed === -1 ? 3 : failed;
  };
  return {
    entry_exit_criteria: {
      score: rung(
        points.every((p) => p.exitCriteria.some((c) => c.severity === 'required')),
        n >= 20 && ge(recorded, 0.95),
        playbook.version >= 2 && lowRework,
      ),
      evidence: [points.length, points.length, n, recorded, returned, playbook.version],
    },
    transfer_packet: {
      score: rung(
        n > 0,
        n >= 20 && ge(meanCompleteness, 0.75),
        ge(meanCompleteness, 0.9) && points.every((p) => p.templates.length > 0),
      ),
      evidence: [n, meanCompleteness, points.filter((p) => p.templates.length > 0).length],
    },
    slas_alerts: {
      score: rung(
        points.every((p) => p.slas.length > 0),
        policies.every((p) => p.reminders.length + p.escalation.length > 0) &&
          finished.length >= 20 &&
          ge(sla, 0.8),
        points.every((p) => p.slas.some((s) => s.escalation.some((e) => e.action === 'reassign'))) &&
          ge(sla, 0.9),
      ),
      evidence: [
        policies.length,
        policies.filter((p) => p.reminders.length + p.escalation.length > 0).length,
        points.filter((p) => p.slas.some((s) => s.escalation.some((e) => e.action === 'reassign'))).length,
        finished.length,
        sla,
      ],
    },
    lifecycle_content: {
      score: rung(
        points.some((p) => p.templates.length > 0),
        kinds.size === 3 && playbook.content.length > 0,
        playbook.content.length >= 3 && onboarding.length >= 20 && ge(onboarded, 0.6),
      ),
      evidence: [
        points.reduce((s, p) => s + p.templates.length, 0),
        kinds.size,
        playbook.content.length,
        onboarding.length,
        onboarded,
      ],
    },
    data_continuity: {
      score: rung(
        n > 0,
        workspace.eventSources > 0 && workspace.crmEvents > 0,
        workspace.webhooks > 0 && lowRework,
      ),
      evidence: [n, workspace.eventSources, workspace.crmEvents, workspace.webhooks, returned],
    },
    executive_visibility: {
      score: rung(
        workspace.managers > 0,
        n >= 20 && packets.some((p) => p.firstValueDays !== null),
        verdicts.some((v) => v !== 'not_enough_data'),
      ),
      evidence: [
        workspace.managers,
        n,
        packets.filter((p) => p.firstValueDays !== null).length,
        verdicts.filter((v) => v !== 'not_enough_data').length,
      ],
    },
  };
}

const RUNGS = ['ad_hoc', 'defined', 'managed', 'operationalized'];

describeOnEachDatabase('outcome reports over a generated workspace', (db) => {
  let ws: OutcomeWorkspace;
  let service: Api;
  let playbook: PlaybookJson;

  beforeAll(async () => {
    ws = await generateOutcomeWorkspace(db(), PACKETS);
    service = api(db());
    playbook = (await service.call('GET', '/v1/playbook', ws.tokens.admin)).body;
    const webhook = await service.call('POST', '/v1/webhooks', ws.tokens.admin, {
      url: 'https://hooks.outcomes.example/baton',
    });
    expect(webhook.status).toBe(201);
  }, 600_000);

  const scopes: Array<[string, () => string, Scope]> = [
    [
      'an admin, the whole half-year',
      () => ws.tokens.admin,
      { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' },
    ],
    [
      'the manager of Sales, three months, their teams',
      () => ws.tokens.salesManager,
      { from: '2026-02-01T00:00:00Z', to: '2026-05-01T00:00:00Z', managed: ['sales'] },
    ],
    [
      'the manager of CS EMEA, their team at Sales → CS',
      () => ws.tokens.emeaCsManager,
      {
        from: '2026-01-01T00:00:00Z',
        to: '2026-07-01T00:00:00Z',
        team: 'cs-emea',
        handoffPoint: 'sales_to_cs',
      },
    ],
    [
      'an admin, a window starting and ending inside days',
      () => ws.tokens.admin,
      { from: '2026-02-03T10:30:00Z', to: '2026-05-20T10:30:00Z' },
    ],
    [
      'an admin, part of one day',
      () => ws.tokens.admin,
      { from: '2026-03-02T09:00:00Z', to: '2026-03-02T23:00:00Z' },
    ],
    [
      'an admin, team Support, one month',
      () => ws.tokens.admin,
      { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', team: 'support' },
    ],
  ];

  for (const [title, token, scope] of scopes) {
    const search = new URLSearchParams({
      from: scope.from,
      to: scope.to,
      ...(scope.team ? { team: scope.team } : {}),
      ...(scope.handoffPoint ? { handoffPoint: scope.handoffPoint } : {}),
    });
    const asked = scope.handoffPoint ? [scope.handoffPoint] : POINTS;

    it(`GET /v1/improve: every count, rate, interval and verdict, for ${title}`, async () => {
      const response = await service.call('GET', `/v1/improve?${search}`, token());
      expect(response.status).toBe(200);
      const packets = cohort(ws, playbook, scope);
      expect(packets.length).toBeGreaterThan(scope.from.startsWith('2026-03-02') ? 20 : 100);
      const verdicts = checkImprove(response.body, packets, playbook, asked);
      expect(response.body).toMatchObject({
        from: new Date(scope.from).toISOString(),
        minimumGroup: MINIMUM,
      });
      // The generated effects are strong enough that the whole half-year shows some.
      if (title.endsWith('the whole half-year')) expect(verdicts).toContain('pays_off');
    });

    it(`GET /v1/maturity: every rung and every piece of evidence, for ${title}`, async () => {
      const improve = await service.call('GET', `/v1/improve?${search}`, token());
      const response = await service.call('GET', `/v1/maturity?${search}`, token());
      expect(response.status).toBe(200);
      const packets = cohort(ws, playbook, scope);
      const verdicts = improve.body.handoffPoints.flatMap((p: { factors: Array<{ verdict: string }> }) =>
        p.factors.map((f) => f.verdict),
      );
      const expected = expectedMaturity(
        packets,
        playbook,
        asked,
        { webhooks: 1, eventSources: 0, crmEvents: 0, managers: 2 },
        verdicts,
      );
      const capabilities = response.body.capabilities as Array<{
        capability: keyof typeof expected;
        rung: string;
        score: number;
        evidence: Array<{ value: number | null }>;
        nextStep: string | null;
      }>;
      expect(capabilities.map((c) => c.capability)).toEqual(Object.keys(expected));
      for (const capability of capabilities) {
        const want = expected[capability.capability];
        expect({ capability: capability.capability, score: capability.score }).toEqual({
          capability: capability.capability,
          score: want.score,
        });
        expect(capability.rung).toBe(RUNGS[want.score]);
        expect(capability.evidence).toHaveLength(want.evidence.length);
        capability.evidence.forEach((item, index) => {
          expectClose(item.value, want.evidence[index] ?? null, 9);
        });
        if (want.score === 3) expect(capability.nextStep).toBeNull();
        else expect(capability.nextStep).toEqual(expect.any(String));
      }
    });
  }
});
