/**
 * The outcome dashboard: GET /v1/metrics and its drill-down over a workspace of 100k summarised packets,
 * as a manager and as an admin, on PGlite and PostgreSQL; the one-off cost of summarising histories the
 * first time (a generated 5k-packet workspace, every history replayed in Node); and the dashboard page's
 * size, in the extension and on the web.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../server/app';
import type { Database } from '../server/db/connection';
import { buildWebDashboard } from '../test/e2e/support/wxt';
import { generateMetricsWorkspace } from '../test/support/metrics-workspace';
import {
  type BenchDatabase,
  figuresOn,
  openBenchPglite,
  openBenchPostgres,
  postgresUrl,
  warnWithoutPostgres,
} from './support/databases';
import { buildExtension } from './support/extension-build';
import { type Figure, figure, maximum } from './support/figure';
import { type LoadGenerator, type LoadRequest, startLoadGenerator } from './support/load';
import { kB, measure, pageFiles } from './support/page-size';
import { startServer } from './support/server';
import { type BenchWorkspace, seedWorkspace } from './support/workspace';

const packetCount = 100_000;
const summarisedCount = 5_000;
const batchSize = 25_000;
const requestsPerQuery = 120;
const goal = maximum(50, 'ms');
const day = 86_400_000;

export async function run(): Promise<Figure[]> {
  const figures = await sizes();
  const load = startLoadGenerator();
  try {
    if (postgresUrl)
      figures.push(...(await figuresOn('dashboard', openBenchPostgres, (bench) => measureOn(bench, load))));
    else warnWithoutPostgres();
    figures.push(
      ...(await figuresOn(
        'dashboard',
        () => openBenchPglite('memory'),
        (bench) => measureOn(bench, load),
      )),
    );
  } finally {
    await load.close();
  }
  return figures;
}

/** The page as the extension loads it (dashboard.html) and as the API serves it (/dashboard). */
async function sizes(): Promise<Figure[]> {
  const extension = await buildExtension();
  await buildWebDashboard();
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  const inExtension = await measure(extension, await pageFiles(extension, 'dashboard.html'));
  const onWeb = await measure(dist, await pageFiles(dist, join('dashboard', 'index.html')));
  for (const [what, page] of [
    ['extension page', inExtension],
    ['web page', onWeb],
  ] as const)
    console.log(
      `dashboard: ${what}: ${page.parts.map((part) => `${part.file} ${kB(part.gzip)} kB gzip`).join(', ')}`,
    );
  return [
    figure('dashboard page in the extension, gzip', kB(inExtension.gzip), 'kB', maximum(80, 'kB')),
    figure('dashboard page on the web, gzip', kB(onWeb.gzip), 'kB', maximum(80, 'kB')),
  ];
}

async function measureOn(bench: BenchDatabase, load: LoadGenerator): Promise<Figure[]> {
  const server = await startServer(
    createApp({ db: bench.db, settings: { rateLimit: { burst: 1_000_000, perSecond: 1_000_000 } } }),
  );
  try {
    const figures: Figure[] = [];
    // The one-off: histories summarised by the first request after they were written.
    const fresh = await seedWorkspace(bench.db, 1, 'Fresh Ltd');
    const now = Date.now();
    await generateMetricsWorkspace(bench.db, { workspaceId: fresh.id, count: summarisedCount, now });
    const window = `from=${new Date(now - 182 * day).toISOString()}&to=${new Date(now + day).toISOString()}`;
    const started = performance.now();
    const first = await fetch(`${server.origin}/v1/metrics?${window}`, {
      headers: { authorization: `Bearer ${fresh.admin.token}` },
    });
    if (!first.ok) throw new Error(`the first metrics request answered ${first.status}`);
    figures.push(
      figure(
        `${bench.label}: first metrics request, summarising ${summarisedCount} histories`,
        Math.round(performance.now() - started),
        'ms',
      ),
    );

    const workspace = await seedWorkspace(bench.db, 1);
    const filled = performance.now();
    for (let from = 1; from <= packetCount; from += batchSize)
      await insertSummaries(bench.db, workspace.id, from, Math.min(packetCount, from + batchSize - 1));
    await bench.db.query(
      `INSERT INTO outcome_watermarks (workspace_id, version, playbook_version)
       SELECT id, version, 0 FROM workspaces WHERE id = $1`,
      [workspace.id],
    );
    await bench.db.query('VACUUM ANALYZE packets');
    await bench.db.query('VACUUM ANALYZE packet_outcomes');
    await bench.db.query('VACUUM ANALYZE packet_sla_outcomes');
    console.log(
      `dashboard: ${bench.description}; ${packetCount} summarised packets written and analysed in ` +
        `${((performance.now() - filled) / 1000).toFixed(1)} s; ${requestsPerQuery} requests per query, one at a time`,
    );
    for (const [label, token, path] of queries(workspace)) {
      const request: LoadRequest = { method: 'GET', path, token };
      const check = await fetch(`${server.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await check.json()) as { cohortSize?: number; packets?: unknown[] };
      if (!check.ok || (body.cohortSize ?? body.packets?.length ?? 0) === 0)
        throw new Error(`${label}: answered ${check.status} with nothing, so its time would mean nothing`);
      const send = (count: number) =>
        load.run({
          origin: server.origin,
          lanes: [{ requests: Array(count).fill(request), cycle: false }],
          durationMs: 120_000,
        });
      await send(10);
      const result = await send(requestsPerQuery);
      const name = `${bench.label}: dashboard, ${label}`;
      figures.push(figure(`${name}, p50`, round(result.p50), 'ms'));
      figures.push(figure(`${name}, p95`, round(result.p95), 'ms', goal));
    }
    return figures;
  } finally {
    await server.close();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

function queries(workspace: BenchWorkspace): Array<[string, string, string]> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const now = Date.now();
  const sixMonths = `from=${iso(now - 182 * day)}&to=${iso(now + day)}`;
  const year = `from=${iso(now - 365 * day)}&to=${iso(now + day)}`;
  const month = iso(now - 60 * day).slice(0, 7);
  return [
    ['admin, 6 months', workspace.admin.token, `/v1/metrics?${sixMonths}`],
    ['manager of CS, 6 months', workspace.csManager.token, `/v1/metrics?${sixMonths}`],
    ['admin, 12 months, Sales → CS', workspace.admin.token, `/v1/metrics?${year}&handoffPoint=sales_to_cs`],
    [
      'drill-down, SLA clocks, page 1',
      workspace.admin.token,
      `/v1/metrics/packets?${sixMonths}&figure=sla_attainment`,
    ],
    [
      'drill-down, time to kickoff of one month, page 3',
      workspace.csManager.token,
      `/v1/metrics/packets?${sixMonths}&figure=time_to_kickoff&month=${month}&offset=200`,
    ],
  ];
}

/**
 * Packets with their summaries, written straight into the tables as the refresh would leave them: two
 * years of handoffs across the four points and teams, 85% submitted, most accepted, many kicked off,
 * some returned; an SLA clock or two each, met, breached or still running.
 */
async function insertSummaries(db: Database, workspaceId: string, from: number, to: number): Promise<void> {
  await db.query(
    `WITH base AS (
       SELECT i, md5('dashboard' || i)::uuid AS id,
              (ARRAY['mql_to_sales', 'sales_to_cs', 'cs_to_support', 'renewal_expansion'])[1 + i % 4] AS point,
              (ARRAY['marketing', 'sales', 'cs', 'cs'])[1 + i % 4] AS giving_team,
              (ARRAY['sales', 'cs', 'support', 'sales'])[1 + i % 4] AS receiving_team,
              now() - make_interval(days => i % 730, mins => (i * 7919) % 1440) AS created,
              (i * 2654435761) % 1000 AS r
         FROM generate_series($2::int, $3::int) AS i
     ), packets_in AS (
       INSERT INTO packets (workspace_id, id, handoff_point, status, document, customer_name, created_by,
         giving_user_id, giving_team_id, receiving_user_id, receiving_team_id, version, created_at, updated_at)
       SELECT $1, id, point, 'closed', '{}'::jsonb, 'Customer ' || i, giving_team || '-' || i % 40,
              giving_team || '-' || i % 40, giving_team, receiving_team || '-' || i % 37, receiving_team, i, created, created
         FROM base
     ), outcomes_in AS (
       INSERT INTO packet_outcomes (workspace_id, packet_id, version, handoff_point, giving_user_id, giving_team_id,
         receiving_user_id, receiving_team_id, created_at, submitted_at, submitted_month, furthest_stage, kickoff_ms, kickoff_business_ms,
         first_value_ms, first_value_business_ms, completeness_at_submit, ever_accepted, ever_returned,
         edited_after_acceptance, reached_first_value)
       SELECT $1, id, i, point, giving_team || '-' || i % 40, giving_team, receiving_team || '-' || i % 37, receiving_team,
              created, CASE WHEN r < 850 THEN created + interval '1 day' END,
              CASE WHEN r < 850 THEN date_trunc('month', (created + interval '1 day') AT TIME ZONE 'UTC')::date END,
              CASE WHEN r >= 850 THEN 0 WHEN r >= 700 THEN 1 WHEN r >= 400 THEN 2 WHEN r >= 150 THEN 3 ELSE 4 END,
              CASE WHEN r < 400 THEN (r + 1) * 3600000::bigint END, CASE WHEN r < 400 THEN (r + 1) * 1200000::bigint END,
              CASE WHEN r < 150 THEN (r + 20) * 86400000::bigint END, CASE WHEN r < 150 THEN (r + 20) * 28800000::bigint END,
              CASE WHEN r < 850 THEN (r % 100) / 100.0 END, r < 700, r % 5 = 0, r < 700 AND r % 3 = 0, r < 150
         FROM base
     )
     INSERT INTO packet_sla_outcomes (workspace_id, packet_id, policy_id, handoff_point, giving_user_id, giving_team_id,
       receiving_user_id, receiving_team_id, submitted_at, submitted_month, state, stopped, deadline)
     SELECT $1, id, policy, point, giving_team || '-' || i % 40, giving_team, receiving_team || '-' || i % 37,
            receiving_team, created + interval '1 day',
            date_trunc('month', (created + interval '1 day') AT TIME ZONE 'UTC')::date,
            CASE WHEN r % 7 = 0 THEN 'on_track' WHEN r % 5 = 0 THEN 'breached' ELSE 'met' END, r % 7 <> 0,
            created + interval '3 days'
       FROM base, unnest(CASE WHEN point = 'sales_to_cs' AND r < 700 THEN ARRAY['acceptance', 'kickoff'] ELSE ARRAY['acceptance'] END) AS policy
      WHERE r < 850`,
    [workspaceId, from, to],
  );
}
