/**
 * GET /v1/metrics and its drill-down over a generated workspace of 10k packets, checked figure by figure
 * against test/support/metrics-expected.ts, which imports nothing from lib/ or server/ (this file uses
 * the server only through the test harness: a database, the app, and HTTP).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Expected, expectedMetrics, meanOf, percentile } from '../support/metrics-expected';
import { type GeneratedPacket, generateMetricsWorkspace, type Point } from '../support/metrics-workspace';
import { type Api, api, type SeededWorkspace, seedWorkspace } from './support/api';
import { describeOnEachDatabase } from './support/databases';

const DAY = 86_400_000;
// biome-ignore lint/suspicious/noExplicitAny: the API's answer, read as a client would
type Body = any;

describeOnEachDatabase('outcome metrics over a generated workspace', (db) => {
  let ws: SeededWorkspace;
  let service: Api;
  let packets: GeneratedPacket[];
  const now = Date.now();

  beforeAll(async () => {
    ws = await seedWorkspace(db(), 'Generated Co');
    service = api(db());
    packets = await generateMetricsWorkspace(db(), { workspaceId: ws.id, count: 10_000, now, months: 8 });
  }, 120_000);

  async function get(path: string, token: string): Promise<Body> {
    const response = await service.call('GET', path, token);
    if (response.status !== 200)
      throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  function expectDurations(actual: Body, values: number[]) {
    expect(actual.count).toBe(values.length);
    expect(actual.medianMs).toBe(percentile(values, 50));
    expect(actual.p90Ms).toBe(percentile(values, 90));
    const mean = meanOf(values);
    if (mean === null) expect(actual.meanMs).toBeNull();
    else expect(actual.meanMs).toBeCloseTo(mean, 3);
  }

  const proportion = ([count, matching]: [number, number]) => ({
    count,
    matching,
    rate: count === 0 ? null : matching / count,
  });

  function expectAll(metrics: Body, expected: Expected) {
    expect(metrics.cohortSize).toBe(expected.cohortSize);
    expectDurations(metrics.timeToKickoff, expected.kickoff);
    expectDurations(metrics.businessTimeToKickoff, expected.kickoffBusiness);
    expectDurations(metrics.timeToFirstValue, expected.firstValue);
    expectDurations(metrics.businessTimeToFirstValue, expected.firstValueBusiness);
    expect(metrics.onboardingCompletion).toEqual(proportion(expected.onboarding));
    expect(metrics.slaAttainment).toMatchObject(proportion(expected.sla));
    expect(metrics.slaAttainment.byPolicy).toEqual(
      Object.fromEntries(Object.entries(expected.slaByPolicy).map(([id, pair]) => [id, proportion(pair)])),
    );
    const byOwner = Object.fromEntries(
      metrics.slaAttainment.byOwner.map((row: Body) => [row.userId ?? 'nobody', [row.count, row.matching]]),
    );
    expect(byOwner).toEqual(expected.slaByOwner);
    expect(metrics.dataCompleteness.count).toBe(expected.completeness.length);
    expect(metrics.dataCompleteness.mean).toBeCloseTo(meanOf(expected.completeness) ?? Number.NaN, 9);
    expect(metrics.rework.returnedRate).toEqual(proportion(expected.returned));
    expect(metrics.rework.editedAfterAcceptanceRate).toEqual(proportion(expected.edited));
    for (const [point, furthest] of Object.entries(expected.funnel)) {
      const reached = (stage: number) => furthest.filter((value) => value >= stage).length;
      expect(metrics.stageConversion[point as Point]).toMatchObject({
        created: furthest.length,
        submitted: reached(1),
        accepted: reached(2),
        kickoffHeld: reached(3),
        firstValueReached: reached(4),
      });
    }
    expect(metrics.months.map((row: Body) => row.month)).toEqual(Object.keys(expected.months).sort());
    for (const row of metrics.months) {
      const month = expected.months[row.month];
      expect(row.cohortSize).toBe(month?.cohortSize);
      expect(row.timeToKickoff.medianMs).toBe(percentile(month?.kickoff ?? [], 50));
      expect(row.slaAttainment).toEqual(proportion(month?.sla ?? [0, 0]));
      expect(row.returnedRate.matching).toBe(month?.returned);
      expect(row.dataCompleteness.mean).toBeCloseTo(meanOf(month?.completeness ?? []) ?? Number.NaN, 9);
    }
  }

  it('agrees with an independent computation for an admin over the last six months', async () => {
    const from = now - 182 * DAY;
    const to = now + DAY;
    const metrics = await get(
      `/v1/metrics?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      ws.tokens.admin,
    );
    const expected = expectedMetrics(packets, { from, to, now, keep: () => true });

    expect(expected.cohortSize).toBeGreaterThan(5_000);
    expect(Object.keys(expected.months).length).toBeGreaterThanOrEqual(6);
    expectAll(metrics, expected);
  });

  it("agrees for a manager's teams, a handoff point and an older window", async () => {
    const from = now - 240 * DAY;
    const to = now - 60 * DAY;
    const window = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
    const cs = (packet: GeneratedPacket) => packet.givingTeamId === 'cs' || packet.receivingTeamId === 'cs';

    expectAll(
      await get(`/v1/metrics?${window}`, ws.tokens.csManager),
      expectedMetrics(packets, { from, to, now, keep: cs }),
    );
    expectAll(
      await get(`/v1/metrics?${window}&handoffPoint=sales_to_cs&team=cs`, ws.tokens.csManager),
      expectedMetrics(packets, {
        from,
        to,
        now,
        keep: (packet) => cs(packet) && packet.handoffPoint === 'sales_to_cs',
      }),
    );
    expectAll(
      await get(`/v1/metrics?${window}&team=support`, ws.tokens.admin),
      expectedMetrics(packets, { from, to, now, keep: (packet) => packet.receivingTeamId === 'support' }),
    );
  });

  describe('drill-down', () => {
    const from = now - 182 * DAY;
    const to = now + DAY;
    const window = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;

    async function all(query: string): Promise<Body[]> {
      const rows: Body[] = [];
      for (let offset: number | null = 0; offset !== null; ) {
        const page: Body = await get(
          `/v1/metrics/packets?${window}&${query}&limit=1000&offset=${offset}`,
          ws.tokens.admin,
        );
        rows.push(...page.packets);
        offset = page.nextOffset;
      }
      return rows;
    }

    it('lists the packets behind time-to-kickoff with their durations, owners and customers', async () => {
      const rows = await all('figure=time_to_kickoff');
      const expected = expectedMetrics(packets, { from, to, now, keep: () => true });

      expect(rows).toHaveLength(expected.kickoff.length);
      expect(rows.map((row) => row.value).sort((a, b) => a - b)).toEqual(
        [...expected.kickoff].sort((a, b) => a - b),
      );
      const byId = new Map(packets.map((packet) => [packet.id, packet]));
      const sample = rows[0];
      const packet = byId.get(sample.packetId);
      expect(sample).toMatchObject({
        customerName: packet?.customerName,
        handoffPoint: packet?.handoffPoint,
        givingUserId: packet?.givingUserId,
        receivingUserId: packet?.receivingUserId,
      });
      expect(sample.givingUserName).toMatch(/ owner \d$/);
    });

    it("lists one policy's clocks of one owner in one month, matching the figure's counts", async () => {
      const metrics = await get(`/v1/metrics?${window}`, ws.tokens.admin);
      const owner = metrics.slaAttainment.byOwner.find((row: Body) => row.userId !== null);
      const month = metrics.months[1].month;

      const ofOwner = await all(`figure=sla_attainment&owner=${owner.userId}`);
      expect(ofOwner).toHaveLength(owner.count);
      expect(ofOwner.filter((row) => row.matches)).toHaveLength(owner.matching);
      expect(new Set(ofOwner.map((row) => row.receivingUserId))).toEqual(new Set([owner.userId]));

      const kickoff = await all('figure=sla_attainment&policy=kickoff');
      expect(kickoff).toHaveLength(metrics.slaAttainment.byPolicy.kickoff.count);

      const returned = await all(`figure=returned&month=${month}`);
      expect(returned).toHaveLength(metrics.months[1].cohortSize);
      expect(returned.filter((row) => row.matches)).toHaveLength(metrics.months[1].returnedRate.matching);
      expect(returned.every((row) => row.submittedAt.startsWith(month))).toBe(true);
    });
  });

  it('refuses reps, and managers asking for a team they do not manage, with a message', async () => {
    const window = `from=${new Date(now - DAY).toISOString()}&to=${new Date(now).toISOString()}`;
    for (const [token, path, message] of [
      [ws.tokens.rep, `/v1/metrics?${window}`, /managers and admins.*rep/],
      [ws.tokens.csm, `/v1/metrics/packets?${window}&figure=cohort`, /managers and admins.*csm/],
      [ws.tokens.csManager, `/v1/metrics?${window}&team=sales`, /do not manage the team "sales"/],
      [ws.tokens.salesManager, `/v1/metrics/packets?${window}&figure=returned&team=cs`, /do not manage/],
    ] as const) {
      const response = await service.call('GET', path, token);
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(message),
      });
    }
  });

  it('summarises a packet again once it changes', async () => {
    const window = `from=${new Date(now - 400 * DAY).toISOString()}&to=${new Date(now + DAY).toISOString()}`;
    const before = await get(`/v1/metrics?${window}`, ws.tokens.admin);
    const target = packets.find(
      (packet) =>
        packet.events.some((event) => event.type === 'submitted') &&
        !packet.events.some((event) => event.type === 'returned'),
    );
    if (!target) throw new Error('the generator made no submitted packet without a return');
    const seq = (target.events.at(-1)?.seq ?? 0) + 1;
    await db().query(
      `INSERT INTO events (workspace_id, packet_id, seq, type, at, actor_id, data) VALUES ($1, $2, $3, 'returned', $4, 'x', '{}')`,
      [ws.id, target.id, seq, new Date(now - 1000).toISOString()],
    );
    await db().query(
      `WITH counter AS (UPDATE workspaces SET version = version + 1 WHERE id = $1 RETURNING version)
       UPDATE packets SET version = (SELECT version FROM counter) WHERE workspace_id = $1 AND id = $2`,
      [ws.id, target.id],
    );
    // Several first readers at once: one summarises, the others wait for it and find the work done.
    const [after, ...others] = await Promise.all(
      [1, 2, 3].map(() => get(`/v1/metrics?${window}`, ws.tokens.admin)),
    );

    expect(after.rework.returnedRate.matching).toBe(before.rework.returnedRate.matching + 1);
    expect(others).toEqual([after, after]);
  });
});
