import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { type DemoTokens, ensureDemoWorkspace } from '../../server/demo/seed';
import { type Api, api } from './support/api';
import { describeOnEachDatabase } from './support/databases';

// A Monday in the afternoon, so that the newest handoffs are waiting within office hours.
const now = new Date('2026-11-30T15:00:00Z');
const dayMs = 86_400_000;

interface Row {
  customerName: string;
  status: string;
  slaState: string;
  receivingUserId: string | null;
}

describeOnEachDatabase('demo handoff history', (db) => {
  let dataDir: string;
  let demo: DemoTokens;
  let service: Api;
  const tokenOf = (email: string) => demo.tokens.find((person) => person.email === email)?.token ?? '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-demo-'));
    demo = await ensureDemoWorkspace(db(), dataDir, { now });
    service = api(db());
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fills the team view with open handoffs, some breached and some due soon', async () => {
    const { status, body } = await service.call(
      'GET',
      '/v1/team/handoffs?limit=200',
      tokenOf('morgan@demo.example'),
    );
    expect(status).toBe(200);
    const rows = (body as { handoffs: Row[] }).handoffs;
    const states = new Set(rows.map((row) => row.slaState));
    expect(rows.length).toBeGreaterThan(5);
    expect(states).toContain('breached');
    expect(states.has('due_soon') || states.has('on_track')).toBe(true);
    expect(new Set(rows.map((row) => row.status))).toContain('submitted');
    // Both CSMs own some of the accepted work.
    expect(new Set(rows.flatMap((row) => row.receivingUserId ?? [])).size).toBeGreaterThanOrEqual(2);
  });

  it('gives the dashboard months of outcomes: kickoffs, first value and returns', async () => {
    const from = new Date(now.getTime() - 150 * dayMs).toISOString();
    const { status, body } = await service.call(
      'GET',
      `/v1/metrics?from=${from}&to=${now.toISOString()}`,
      tokenOf('ada@demo.example'),
    );
    expect(status).toBe(200);
    const metrics = body as {
      cohortSize: number;
      timeToKickoff: { count: number };
      timeToFirstValue: { count: number };
      rework: { returnedRate: { matching: number } };
      slaAttainment: { count: number; matching: number };
    };
    expect(metrics.cohortSize).toBeGreaterThanOrEqual(50);
    expect(metrics.timeToKickoff.count).toBeGreaterThan(15);
    expect(metrics.timeToFirstValue.count).toBeGreaterThan(10);
    expect(metrics.rework.returnedRate.matching).toBeGreaterThan(3);
    // Some clocks were met and some breached: the demo is neither perfect nor hopeless.
    expect(metrics.slaAttainment.matching).toBeGreaterThan(0);
    expect(metrics.slaAttainment.matching).toBeLessThan(metrics.slaAttainment.count);
  });

  it("names only customers that the demo CRM lists, so every row's record opens there", async () => {
    const { body } = await service.call('GET', '/v1/team/handoffs?limit=200', tokenOf('ada@demo.example'));
    const names = new Set((body as { handoffs: Row[] }).handoffs.map((row) => row.customerName));
    const crm = createApp({ db: db(), demoCrm: true });
    const accounts = await (await crm.request('/demo/')).text();
    expect(names.size).toBeGreaterThan(5);
    for (const name of names) expect(accounts).toContain(`>${name.replaceAll('&', '&amp;')}<`);
  });
});
