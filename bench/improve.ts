/**
 * GET /v1/improve and GET /v1/maturity over a workspace of 100k submitted packets, as an admin (the
 * whole year, and one handoff point) and as the manager of Sales: reports a manager opens at each
 * quarterly review must not make them wait, however much history there is.
 */
import { createApp } from '../server/app';
import type { Database } from '../server/db/connection';
import {
  type BenchDatabase,
  figuresOn,
  openBenchPglite,
  openBenchPostgres,
  postgresUrl,
  warnWithoutPostgres,
} from './support/databases';
import { type Figure, figure, maximum } from './support/figure';
import { type LoadGenerator, type LoadRequest, startLoadGenerator } from './support/load';
import { startServer } from './support/server';
import { type BenchWorkspace, seedWorkspace } from './support/workspace';

const packetCount = 100_000;
const batchSize = 25_000;
const requestsPerQuery = 100;
const goal = maximum(50, 'ms');
const year = 'from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z';
/** The quarterly review the playbook asks for: a quarter of the year's packets. */
const quarter = 'from=2025-04-01T00:00:00Z&to=2025-07-01T00:00:00Z';
/** The same from noon to noon: half a day at each end read from the packet rows, not the rollup. */
const quarterAtNoon = 'from=2025-04-01T12:00:00Z&to=2025-07-01T12:00:00Z';

export async function run(): Promise<Figure[]> {
  const load = startLoadGenerator();
  const figures: Figure[] = [];
  try {
    if (postgresUrl)
      figures.push(...(await figuresOn('improve', openBenchPostgres, (b) => measureOn(b, load))));
    else warnWithoutPostgres();
    figures.push(
      ...(await figuresOn(
        'improve',
        () => openBenchPglite('memory'),
        (b) => measureOn(b, load),
      )),
    );
  } finally {
    await load.close();
  }
  return figures;
}

async function measureOn(bench: BenchDatabase, load: LoadGenerator): Promise<Figure[]> {
  const server = await startServer(
    createApp({ db: bench.db, settings: { rateLimit: { burst: 1_000_000, perSecond: 1_000_000 } } }),
  );
  try {
    const workspace = await seedWorkspace(bench.db, 1);
    const started = performance.now();
    for (let from = 1; from <= packetCount; from += batchSize)
      await insertPackets(bench.db, workspace.id, from, Math.min(packetCount, from + batchSize - 1));
    await bench.db.query('VACUUM ANALYZE packets');
    console.log(
      `improve: ${bench.description}; ${packetCount} packets inserted and analysed in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s; ${requestsPerQuery} requests per query`,
    );
    const figures: Figure[] = [];
    for (const [label, token, path] of queries(workspace)) {
      const request: LoadRequest = { method: 'GET', path, token };
      const first = await fetch(`${server.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await first.json()) as {
        handoffPoints?: Array<{ cohortSize: number }>;
        capabilities?: unknown[];
      };
      const size =
        body.handoffPoints?.reduce((sum, point) => sum + point.cohortSize, 0) ?? body.capabilities?.length;
      if (!first.ok || !size) throw new Error(`${label}: answered ${first.status} with nothing to measure`);
      const send = (count: number) =>
        load.run({
          origin: server.origin,
          lanes: [{ requests: Array(count).fill(request), cycle: false }],
          durationMs: 120_000,
        });
      await send(10);
      const result = await send(requestsPerQuery);
      const name = `${bench.label}: ${label}`;
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
  const admin = workspace.admin.token;
  const manager = workspace.salesManager.token;
  return [
    ['improve, admin, a quarter', admin, `/v1/improve?${quarter}`],
    ['improve, manager of Sales, a quarter', manager, `/v1/improve?${quarter}`],
    ['maturity, admin, a quarter', admin, `/v1/maturity?${quarter}`],
    ['improve, admin, a quarter from noon to noon', admin, `/v1/improve?${quarterAtNoon}`],
    ['improve, admin, a year (all 100k)', admin, `/v1/improve?${year}`],
    ['improve, admin, Sales → CS, a year', admin, `/v1/improve?${year}&handoffPoint=sales_to_cs`],
    ['maturity, manager of Sales, a year', manager, `/v1/maturity?${year}`],
  ];
}

/**
 * Submitted packets through 2025 with the summary columns the write path keeps: the recommended
 * criteria met at first submission drawn from the default playbook's (a few combinations per point,
 * as in real teams), 5% without a record (older events), a completeness between 0.6 and 1, one in
 * five returned, most accepted and most of those reaching first value after 1 to 60 days.
 */
async function insertPackets(db: Database, workspaceId: string, from: number, to: number): Promise<void> {
  await db.query(
    `WITH base AS (
         SELECT i, md5('improve' || i)::uuid AS id,
                (ARRAY['mql_to_sales', 'sales_to_cs', 'cs_to_support', 'renewal_expansion'])[1 + i % 4] AS point,
                timestamptz '2025-01-01' + make_interval(mins => (i * 5.25)::int) AS submitted
           FROM generate_series($2::int, $3::int) AS i
       ), shaped AS (
         SELECT b.*,
                (ARRAY['marketing', 'sales', 'cs', 'cs'])[1 + i % 4] AS giving_team,
                (ARRAY['sales', 'cs', 'support', 'sales'])[1 + i % 4] AS receiving_team,
                CASE point
                  WHEN 'mql_to_sales' THEN string_to_array((ARRAY['customer-domain', 'customer-domain,first-contact', 'first-contact'])[1 + i % 3], ',')
                  WHEN 'sales_to_cs' THEN string_to_array((ARRAY['champion,milestones,seats', 'go-live,products,risks', 'champion,use-cases,integrations', 'exclusions,seats,milestones'])[1 + (i / 4) % 4], ',')
                  WHEN 'cs_to_support' THEN string_to_array((ARRAY['open-issues', 'risks,use-cases', 'open-issues,risks'])[1 + i % 3], ',')
                  ELSE string_to_array((ARRAY['expansion', 'risks', 'expansion,risks'])[1 + i % 3], ',')
                END AS met,
                i % 10 < 8 AS accepted,
                i % 10 < 6 AS valued
           FROM base b
       )
       INSERT INTO packets (workspace_id, id, handoff_point, status, document, customer_name, created_by,
         giving_user_id, giving_team_id, receiving_user_id, receiving_team_id, completeness, exit_met, sla_state,
         submitted_at, accepted_at, first_value_at, submit_criteria_met, submit_completeness, returned_at,
         sla_outcome, version, created_at, updated_at)
       SELECT $1, id, point, CASE WHEN valued THEN 'first_value_reached' WHEN accepted THEN 'accepted' ELSE 'submitted' END,
              jsonb_build_object('id', id, 'handoffPoint', point), 'Customer ' || i, giving_team || '-' || (i % 40),
              giving_team || '-' || (i % 40), giving_team, receiving_team || '-' || (i % 37), receiving_team,
              0.6 + (i % 41) / 100.0, true, CASE WHEN i % 7 = 0 THEN 'breached' ELSE 'met' END,
              submitted,
              CASE WHEN accepted THEN submitted + interval '4 hours' END,
              CASE WHEN valued THEN submitted + make_interval(hours => 24 + (i * 7919) % 1416) END,
              CASE WHEN i % 20 = 0 THEN NULL ELSE met END,
              0.6 + (i % 41) / 100.0,
              CASE WHEN i % 5 = 0 THEN submitted + interval '2 hours' END,
              CASE WHEN i % 7 = 0 THEN 'breached' WHEN accepted THEN 'met' END,
              i, submitted - interval '1 day', submitted + interval '5 days'
         FROM shaped`,
    [workspaceId, from, to],
  );
}
