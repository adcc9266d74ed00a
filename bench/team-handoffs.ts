/**
 * GET /v1/team/handoffs over a workspace of 100k packets, as a manager and as an admin, with and
 * without filters: the list managers keep open all day must stay quick as history piles up.
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
/** A second, smaller workspace in the same tables, as on a shared server. */
const neighbourCount = 10_000;
const batchSize = 22_000;
const requestsPerQuery = 160;
/** Past this projected fill time PGlite is skipped, to keep `npm run bench` within a few minutes. */
const pgliteFillBudgetMs = 45_000;
const goal = maximum(50, 'ms');
const verbose = Boolean(process.env.BENCH_VERBOSE);

export async function run(): Promise<Figure[]> {
  const load = startLoadGenerator();
  const figures: Figure[] = [];
  try {
    if (postgresUrl)
      figures.push(
        ...(await figuresOn('team-handoffs', openBenchPostgres, (bench) =>
          measureOn(bench, load, Number.POSITIVE_INFINITY),
        )),
      );
    else warnWithoutPostgres();
    // PGlite in memory: in a temporary directory it is the same engine and plans, only slower to fill.
    figures.push(
      ...(await figuresOn(
        'team-handoffs',
        () => openBenchPglite('memory'),
        (bench) => measureOn(bench, load, pgliteFillBudgetMs),
      )),
    );
  } finally {
    await load.close();
  }
  return figures;
}

async function measureOn(bench: BenchDatabase, load: LoadGenerator, fillBudgetMs: number): Promise<Figure[]> {
  const server = await startServer(
    createApp({ db: bench.db, settings: { rateLimit: { burst: 1_000_000, perSecond: 1_000_000 } } }),
  );
  try {
    const workspace = await seedWorkspace(bench.db, 1);
    const neighbour = await seedWorkspace(bench.db, 1, 'Neighbour Ltd');
    const started = performance.now();
    const filled = await fill(
      bench.db,
      [
        { workspaceId: workspace.id, count: packetCount },
        { workspaceId: neighbour.id, count: neighbourCount },
      ],
      fillBudgetMs,
    );
    if (!filled.done) {
      console.warn(
        `\n!!! team-handoffs on ${bench.description} SKIPPED: the first ${batchSize} packets took ` +
          `${(filled.firstBatchMs / 1000).toFixed(1)} s, so all ${packetCount + neighbourCount} would take about ` +
          `${(filled.projectedMs / 1000).toFixed(0)} s on this machine now (budget ${fillBudgetMs / 1000} s).\n`,
      );
      return [];
    }
    // As autovacuum would soon after: statistics for the planner, and hint bits set, so that the
    // first queries do not pay for writing them.
    await bench.db.query('VACUUM ANALYZE packets');
    console.log(
      `team-handoffs: ${bench.description}; ${packetCount} packets (+${neighbourCount} in another ` +
        `workspace) inserted and analysed in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `${requestsPerQuery} requests per query, one at a time, from a worker thread`,
    );
    const figures: Figure[] = [];
    for (const [label, token, query] of queries(workspace)) {
      const request: LoadRequest = { method: 'GET', path: `/v1/team/handoffs${query}`, token };
      const first = await fetch(`${server.origin}${request.path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const listed = ((await first.json()) as { handoffs?: unknown[] }).handoffs?.length ?? 0;
      if (listed === 0) throw new Error(`${label}: the list is empty, so its time would mean nothing`);
      const send = (count: number) =>
        load.run({
          origin: server.origin,
          lanes: [{ requests: Array(count).fill(request), cycle: false }],
          durationMs: 120_000,
        });
      await send(10);
      const result = await send(requestsPerQuery);
      if (verbose)
        console.log(
          `  ${label}: p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} ms (${query || 'no filter'})`,
        );
      const name = `${bench.label}: team handoffs, ${label}`;
      figures.push(figure(`${name}, p50`, round(result.p50), 'ms'));
      figures.push(figure(`${name}, p95`, round(result.p95), 'ms', goal));
    }
    return figures;
  } finally {
    await server.close();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Inserts the packets in batches and gives up, leaving the rest, once the first batch shows that
 * all of them would take longer than `budgetMs`.
 */
async function fill(
  db: Database,
  workspaces: Array<{ workspaceId: string; count: number }>,
  budgetMs: number,
): Promise<{ done: boolean; firstBatchMs: number; projectedMs: number }> {
  const total = workspaces.reduce((sum, { count }) => sum + count, 0);
  let offset = 0;
  let firstBatchMs = 0;
  for (const { workspaceId, count } of workspaces) {
    for (let from = 1; from <= count; from += batchSize) {
      const started = performance.now();
      await insertPackets(db, workspaceId, from, Math.min(count, from + batchSize - 1), offset);
      if (firstBatchMs === 0) {
        firstBatchMs = performance.now() - started;
        const projectedMs = (firstBatchMs * total) / Math.min(count, batchSize);
        if (projectedMs > budgetMs) return { done: false, firstBatchMs, projectedMs };
      }
    }
    offset += count;
  }
  return { done: true, firstBatchMs, projectedMs: 0 };
}

function queries(workspace: BenchWorkspace): Array<[string, string, string]> {
  const manager = workspace.salesManager.token;
  const admin = workspace.admin.token;
  return [
    ['manager of Sales, open', manager, ''],
    ['manager of Sales, submitted', manager, '?status=submitted'],
    ['manager of Sales, breached', manager, '?slaState=breached'],
    ['manager of Sales, Sales → CS, page 3', manager, '?handoffPoint=sales_to_cs&offset=100'],
    ['admin, open', admin, ''],
    ['admin, due soon or breached', admin, '?slaState=due_soon,breached'],
    ['admin, team CS, on track', admin, '?team=cs&slaState=on_track'],
  ];
}

/**
 * Packets with a realistic spread, written straight into the table: most long closed, the open ones
 * across every status; four handoff points between the four teams; 40 people per team; deadlines
 * from ten days overdue to three weeks out, none on drafts and closed packets. The document is a
 * small one (about 0.5 kB): the list never reads it, and a larger one only makes the fill slower.
 * Row `i` of the series is packet number `offset + i`.
 */
async function insertPackets(
  db: Database,
  workspaceId: string,
  from: number,
  to: number,
  offset: number,
): Promise<void> {
  await db.query(
    `WITH base AS (
         SELECT i, md5('packet' || (i + $4))::uuid AS id,
                (ARRAY['mql_to_sales', 'sales_to_cs', 'cs_to_support', 'renewal_expansion'])[1 + i % 4] AS point,
                CASE WHEN i % 10 < 7 THEN 'closed'
                     ELSE (ARRAY['draft', 'submitted', 'returned', 'accepted', 'kickoff_held', 'first_value_reached'])[1 + (i / 10) % 6]
                END AS status,
                now() - make_interval(days => (i % 720)) AS created
           FROM generate_series($2::int, $3::int) AS i
       ), owned AS (
         SELECT b.*,
                (ARRAY['marketing', 'sales', 'cs', 'cs'])[1 + i % 4] AS giving_team,
                (ARRAY['sales', 'cs', 'support', 'sales'])[1 + i % 4] AS receiving_team,
                CASE WHEN status IN ('draft', 'closed') THEN NULL
                     ELSE now() + make_interval(mins => ((i * 7919) % 44640) - 14400) END AS deadline
           FROM base b
       )
       INSERT INTO packets (workspace_id, id, handoff_point, status, document, customer_name, customer_domain,
         created_by, giving_user_id, giving_team_id, receiving_user_id, receiving_team_id, completeness, exit_met,
         sla_state, due_soon_at, next_deadline, submitted_at, accepted_at, closed_at, version, created_at, updated_at)
       SELECT $1, id, point, status,
              jsonb_build_object(
                'id', id, 'handoffPoint', point, 'status', status, 'seq', 12,
                'records', jsonb_build_array(jsonb_build_object('system', 'salesforce',
                  'instance', 'bench.my.salesforce.com', 'objectKind', 'opportunity', 'id', '006' || i)),
                'fields', jsonb_build_object(
                  'customer.name', jsonb_build_object('value', 'Customer ' || i, 'rev', 'c/1'),
                  'deal.amount', jsonb_build_object('value', 1000 + i % 90000, 'rev', 'c/2'),
                  'lead.intent', jsonb_build_object('value', repeat('Wants SSO and a CRM sync. ', 2), 'rev', 'c/3'),
                  'decisionNotes', jsonb_build_object('value', repeat('Chose us for the price. ', 2), 'rev', 'c/4')),
                'lists', '{}'::jsonb, 'conflicts', '[]'::jsonb),
              'Customer ' || i, 'customer' || i || '.example',
              giving_team || '-' || (i % 40), giving_team || '-' || (i % 40), giving_team,
              CASE WHEN status IN ('draft', 'submitted', 'returned') THEN NULL ELSE receiving_team || '-' || (i % 37) END,
              receiving_team, (i % 100) / 100.0, i % 3 = 0,
              CASE WHEN status = 'closed' THEN (CASE WHEN i % 5 = 0 THEN 'breached' ELSE 'met' END)
                   WHEN status = 'draft' THEN 'not_started'
                   ELSE 'on_track' END,
              deadline - interval '8 hours', deadline,
              CASE WHEN status <> 'draft' THEN created + interval '1 day' END,
              CASE WHEN status IN ('accepted', 'kickoff_held', 'first_value_reached', 'closed') THEN created + interval '2 days' END,
              CASE WHEN status = 'closed' THEN created + interval '30 days' END,
              i + $4, created, created + interval '3 days'
         FROM owned`,
    [workspaceId, from, to, offset],
  );
}
