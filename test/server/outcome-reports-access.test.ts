import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, api, type SeededWorkspace, seedWorkspace, syncClient } from './support/api';
import { describeOnEachDatabase } from './support/databases';
import {
  addItem,
  create,
  expectApplied,
  expectErrorShape,
  newId,
  opportunity,
  salesToCsAnswers,
  transition,
} from './support/handoffs';

const window = 'from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';
const reports = ['/v1/improve', '/v1/maturity'];

describeOnEachDatabase('outcome reports: who may read them, and bad queries', (db) => {
  let ws: SeededWorkspace;
  let service: Api;

  beforeAll(async () => {
    ws = await seedWorkspace(db());
    service = api(db());
  });

  describe('access', () => {
    it('refuses people who manage no team, with a message that says who may', async () => {
      for (const path of reports)
        for (const who of ['rep', 'csm', 'support', 'marketer'] as const) {
          const response = await service.call('GET', `${path}?${window}`, ws.tokens[who]);
          expect(response.status).toBe(403);
          expectErrorShape(response.body, 'forbidden');
          expect(response.body.error.message).toContain('only managers and admins');
        }
    });

    it('refuses a manager asking for a team they do not manage, and serves their own', async () => {
      for (const path of reports) {
        const other = await service.call('GET', `${path}?${window}&team=cs`, ws.tokens.salesManager);
        expect(other.status).toBe(403);
        expectErrorShape(other.body, 'forbidden');
        expect(other.body.error.message).toBe('you do not manage the team cs');
        const own = await service.call('GET', `${path}?${window}&team=sales`, ws.tokens.salesManager);
        expect(own.status).toBe(200);
        const all = await service.call('GET', `${path}?${window}&team=cs`, ws.tokens.admin);
        expect(all.status).toBe(200);
      }
    });

    it('asks for a token', async () => {
      for (const path of reports)
        expect((await service.call('GET', `${path}?${window}`, null)).status).toBe(401);
    });
  });

  describe('bad queries', () => {
    const bad: Array<[string, string]> = [
      ['no window', ''],
      ['no end', 'from=2026-01-01T00:00:00Z'],
      ['a date that is not one', 'from=yesterday&to=2026-02-01T00:00:00Z'],
      ['from after to', 'from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z'],
      ['an unknown handoff point', `${window}&handoffPoint=sales_to_marketing`],
      ['an empty team', `${window}&team=`],
    ];
    for (const [title, query] of bad)
      it(`answers 400 with the bad path for ${title}`, async () => {
        for (const path of reports) {
          const response = await service.call('GET', `${path}?${query}`, ws.tokens.admin);
          expect(response.status).toBe(400);
          expectErrorShape(response.body, 'invalid_request');
          expect(response.body.error.issues.length).toBeGreaterThan(0);
        }
      });
  });

  it('counts a packet pushed and submitted through the API, with the criteria its submission met', async () => {
    const id = newId();
    const push = syncClient(service, ws.tokens.rep);
    expectApplied(
      await push.push([
        create(id, opportunity('improve')),
        ...salesToCsAnswers(id),
        addItem(id, 'buyingCommittee', 'champion', { name: 'Cal Champion', role: 'champion' }),
        transition(id, 'submit'),
      ]),
    );
    const history = await service.call('GET', `/v1/packets/${id}/history`, ws.tokens.admin);
    const submitted = history.body.events.find((event: { type: string }) => event.type === 'submitted');
    expect(submitted.data.criteriaMet).toEqual(expect.arrayContaining(['customer-name', 'champion']));
    expect(submitted.data.criteriaMet).not.toContain('milestones');

    const response = await service.call(
      'GET',
      `/v1/improve?${window}&handoffPoint=sales_to_cs`,
      ws.tokens.salesManager,
    );
    expect(response.status).toBe(200);
    const [section] = response.body.handoffPoints;
    expect(section.cohortSize).toBe(1);
    const factor = (factorId: string) => section.factors.find((f: { id: string }) => f.id === factorId);
    expect(factor('champion')).toMatchObject({ met: { packets: 1 }, unmet: { packets: 0 }, unknown: 0 });
    expect(factor('milestones')).toMatchObject({ met: { packets: 0 }, unmet: { packets: 1 } });
    expect(factor('champion').verdict).toBe('not_enough_data');
    expect(factor('champion').sentence).toContain('at least 20');
    expect(factor('champion').met.slaAttainment).toMatchObject({ count: 0, matching: 0 });

    // Its acceptance clock runs past the deadline with no write since: breached now, in whole days (the
    // rollup) and in a window of part days (straight from the rows) alike.
    // (Its breach step, not yet taken by the sweeper, is then due too.)
    await db().query(
      `UPDATE packets SET next_deadline = now() - interval '1 hour', next_action_at = now() - interval '1 hour'
        WHERE id = $1`,
      [id],
    );
    const hour = 3_600_000;
    const nearNow = `from=${new Date(Date.now() - hour).toISOString()}&to=${new Date(Date.now() + hour).toISOString()}`;
    for (const query of [window, nearNow]) {
      const late = await service.call(
        'GET',
        `/v1/improve?${query}&handoffPoint=sales_to_cs`,
        ws.tokens.admin,
      );
      const champion = late.body.handoffPoints[0].factors.find((f: { id: string }) => f.id === 'champion');
      expect(champion.met.slaAttainment).toMatchObject({ count: 1, matching: 0 });
      expect(champion.met.packets).toBe(1);
    }

    // The CS manager sees it too: the packet goes to their team.
    const cs = await service.call('GET', `/v1/improve?${window}&team=cs`, ws.tokens.csManager);
    expect(
      cs.body.handoffPoints.find((p: { handoffPoint: string }) => p.handoffPoint === 'sales_to_cs')
        .cohortSize,
    ).toBe(1);
  });
});
