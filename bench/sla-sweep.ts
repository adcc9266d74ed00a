/**
 * The SLA sweep over a workspace of 100k open packets, and signed CRM events posted to the API:
 * - an idle sweep (nothing due: what every API instance pays every 30 s);
 * - a sweep that takes a step on 1,000 packets come due at once;
 * - a catch-up after downtime, 10,000 packets due;
 * - POST /v1/events, closed-won on records that have a packet, one at a time over HTTP, p50 and p95.
 */
import { createHmac } from 'node:crypto';
import { defaultPlaybook } from '../lib/handoff/default-playbook';
import type { Playbook } from '../lib/handoff/playbook';
import { createApp } from '../server/app';
import { createEventSource } from '../server/crm-events/sources';
import type { Database } from '../server/db/connection';
import { inWorkspace } from '../server/db/workspace-transaction';
import { sweepSlas } from '../server/sla/sweeper';
import { savePlaybook } from '../server/sync/playbook-store';
import {
  type BenchDatabase,
  figuresOn,
  openBenchPglite,
  openBenchPostgres,
  postgresUrl,
  warnWithoutPostgres,
} from './support/databases';
import { type Figure, figure, maximum, percentile } from './support/figure';
import { startServer } from './support/server';
import { type BenchWorkspace, seedWorkspace } from './support/workspace';

const packetCount = 100_000;
const batchSize = 20_000;
const idleSweeps = 5;
const dueRounds = 3;
const duePerRound = 1_000;
const catchUpCount = 10_000;
const eventPosts = 300;
const sweepGoal = maximum(1000, 'ms');
const eventGoal = maximum(30, 'ms');
/** Past this projected fill time PGlite is skipped, to keep `npm run bench` within a few minutes. */
const pgliteFillBudgetMs = 60_000;

/** The acceptance clock in calendar hours, so that the fill can place every step with SQL. */
const benchPlaybook: Playbook = (() => {
  const playbook = structuredClone(defaultPlaybook);
  const [acceptance] = playbook.handoffPoints.sales_to_cs.slas;
  if (!acceptance) throw new Error('the default playbook has an acceptance SLA');
  Object.assign(acceptance, {
    target: { amount: 10, unit: 'calendar_hours' },
    reminders: [0.5],
    escalation: [{ afterBreach: { amount: 0, unit: 'calendar_hours' }, action: 'notify_manager' }],
  });
  return playbook;
})();

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (postgresUrl)
    figures.push(...(await figuresOn('sla-sweep', openBenchPostgres, (bench) => measureOn(bench, Infinity))));
  else warnWithoutPostgres();
  figures.push(
    ...(await figuresOn(
      'sla-sweep',
      () => openBenchPglite('memory'),
      (bench) => measureOn(bench, pgliteFillBudgetMs),
    )),
  );
  return figures;
}

async function measureOn(bench: BenchDatabase, fillBudgetMs: number): Promise<Figure[]> {
  const { db } = bench;
  const workspace = await seedWorkspace(db, 1);
  await inWorkspace(db, workspace.id, (tx) => savePlaybook(tx, workspace.id, benchPlaybook, null));
  const started = performance.now();
  for (let from = 1; from <= packetCount; from += batchSize) {
    const batchStarted = performance.now();
    await insertSubmittedPackets(db, workspace, from, Math.min(packetCount, from + batchSize - 1));
    const projectedMs = ((performance.now() - batchStarted) * packetCount) / batchSize;
    if (from === 1 && projectedMs > fillBudgetMs) {
      console.warn(
        `\n!!! sla-sweep on ${bench.description} SKIPPED: ${packetCount} packets would take about ` +
          `${(projectedMs / 1000).toFixed(0)} s to fill on this machine now (budget ${fillBudgetMs / 1000} s).\n`,
      );
      return [];
    }
  }
  // As autovacuum would soon after the fill: statistics for the planner on every table the fill wrote.
  for (const table of ['packets', 'packet_records', 'events']) await db.query(`VACUUM ANALYZE ${table}`);
  console.log(
    `sla-sweep: ${bench.description}; ${packetCount} submitted packets with running clocks, filled in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const label = bench.label;
  // Events first, on tables as autovacuum keeps them: the sweeps below rewrite thousands of rows.
  const figures: Figure[] = await eventFigures(bench, workspace);
  const idle: number[] = [];
  for (let round = 0; round < idleSweeps; round++) idle.push((await timedSweep(db, 0)).ms);
  idle.sort((a, b) => a - b);
  figures.push(
    figure(
      `${label}: SLA sweep, nothing due (${packetCount / 1000}k open), median`,
      round1(percentile(idle, 0.5)),
      'ms',
      sweepGoal,
    ),
  );

  const due: number[] = [];
  for (let round = 0; round < dueRounds; round++) {
    await bringDue(db, workspace.id, duePerRound);
    due.push((await timedSweep(db, duePerRound)).ms);
  }
  due.sort((a, b) => a - b);
  figures.push(
    figure(
      `${label}: SLA sweep, ${duePerRound} steps due, median`,
      round1(percentile(due, 0.5)),
      'ms',
      sweepGoal,
    ),
  );
  figures.push(
    figure(
      `${label}: SLA sweep, ${duePerRound} steps due, worst of ${dueRounds}`,
      round1(due.at(-1) ?? Number.NaN),
      'ms',
    ),
  );

  await bringDue(db, workspace.id, catchUpCount);
  const catchUp = await timedSweep(db, catchUpCount);
  figures.push(figure(`${label}: SLA catch-up, ${catchUpCount} steps due`, round1(catchUp.ms), 'ms'));
  return figures;
}

async function timedSweep(db: Database, expectedSteps: number): Promise<{ ms: number }> {
  const started = performance.now();
  const result = await sweepSlas(db);
  const ms = performance.now() - started;
  if (result.steps !== expectedSteps)
    throw new Error(
      `a sweep took ${result.steps} steps where ${expectedSteps} were due: its time would mislead`,
    );
  return { ms };
}

/**
 * Moves the clocks of `count` packets with no step taken yet back by six hours: their first reminder
 * (at half of ten hours) has come due.
 */
async function bringDue(db: Database, workspaceId: string, count: number): Promise<void> {
  await db.query(
    `WITH chosen AS (
       SELECT id FROM packets
        WHERE workspace_id = $1 AND status = 'submitted' AND next_action_at > now()
          AND NOT EXISTS (SELECT 1 FROM sla_steps s WHERE s.workspace_id = $1 AND s.packet_id = packets.id)
        ORDER BY id LIMIT $2
     ), moved AS (
       UPDATE events e SET at = e.at - interval '6 hours'
         FROM chosen WHERE e.workspace_id = $1 AND e.packet_id = chosen.id
     )
     UPDATE packets p SET next_action_at = p.next_action_at - interval '6 hours',
                          next_deadline = p.next_deadline - interval '6 hours',
                          due_soon_at = p.due_soon_at - interval '6 hours'
       FROM chosen WHERE p.workspace_id = $1 AND p.id = chosen.id`,
    [workspaceId, count],
  );
}

/** POST /v1/events: closed-won on records that have a packet, signed as a CRM would, one at a time. */
async function eventFigures(bench: BenchDatabase, workspace: BenchWorkspace): Promise<Figure[]> {
  const server = await startServer(
    createApp({ db: bench.db, settings: { rateLimit: { burst: 1_000_000, perSecond: 1_000_000 } } }),
  );
  try {
    const source = await inWorkspace(bench.db, workspace.id, (tx) =>
      createEventSource(tx, workspace.id, 'Bench CRM'),
    );
    const post = async (index: number) => {
      const body = JSON.stringify({
        id: `bench-${index}-${Date.now()}`,
        type: 'closed_won',
        occurredAt: new Date().toISOString(),
        record: {
          system: 'salesforce',
          instance: 'bench',
          objectKind: 'opportunity',
          id: `006bench${index}`,
        },
        stage: 'Closed Won',
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', source.secret).update(`${timestamp}.${body}`).digest('hex');
      const started = performance.now();
      const response = await fetch(`${server.origin}/v1/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-baton-source': source.id,
          'x-baton-timestamp': timestamp,
          'x-baton-signature': `v1=${signature}`,
        },
        body,
      });
      const answer = (await response.json()) as { outcome?: string };
      if (answer.outcome !== 'clock_started') throw new Error(`event ${index}: ${JSON.stringify(answer)}`);
      return performance.now() - started;
    };
    for (let index = 1; index <= 20; index++) await post(packetCount - index);
    const latencies: number[] = [];
    for (let index = 1; index <= eventPosts; index++) latencies.push(await post(index * 97));
    latencies.sort((a, b) => a - b);
    return [
      figure(`${bench.label}: POST /v1/events (closed-won), p50`, round1(percentile(latencies, 0.5)), 'ms'),
      figure(
        `${bench.label}: POST /v1/events (closed-won), p95`,
        round1(percentile(latencies, 0.95)),
        'ms',
        eventGoal,
      ),
    ];
  } finally {
    await server.close();
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Submitted Sales → CS packets, written straight into the tables as a push would leave them: each with its
 * `created` and `submitted` events, its record link, and its next SLA step (the first reminder, five hours
 * after submission) an hour or more ahead, so that nothing is due until the bench says so.
 */
async function insertSubmittedPackets(db: Database, workspace: BenchWorkspace, from: number, to: number) {
  const rep = workspace.reps[0]?.id ?? 'rep';
  await db.query(
    `WITH base AS (
       SELECT i, md5('sweep' || i)::uuid AS id,
              now() - make_interval(mins => 60 + i % 180) AS submitted
         FROM generate_series($2::int, $3::int) AS i
     ), packet_rows AS (
       INSERT INTO packets (workspace_id, id, handoff_point, status, document, customer_name, created_by,
         giving_user_id, giving_team_id, receiving_user_id, receiving_team_id, completeness, exit_met, sla_state,
         due_soon_at, next_deadline, next_action_at, submitted_at, version, created_at, updated_at)
       SELECT $1, id, 'sales_to_cs', 'submitted',
              jsonb_build_object(
                'id', id, 'handoffPoint', 'sales_to_cs', 'status', 'submitted', 'seq', 2,
                'records', jsonb_build_array(jsonb_build_object('system', 'salesforce', 'instance', 'bench',
                  'objectKind', 'opportunity', 'id', '006bench' || i)),
                'owners', jsonb_build_object('givingUserId', $4::text, 'givingTeamId', 'sales',
                  'receivingUserId', NULL, 'receivingTeamId', 'cs'),
                'returnReason', NULL,
                'fields', jsonb_build_object('customer.name', jsonb_build_object('value', 'Customer ' || i,
                  'rev', 'c/1', 'setBy', $4::text, 'setAt', to_char(submitted, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                  'source', 'typed')),
                'lists', '{}'::jsonb, 'conflicts', '[]'::jsonb, 'createdBy', $4::text,
                'createdAt', to_char(submitted, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                'updatedAt', to_char(submitted, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
              'Customer ' || i, $4, $4, 'sales', NULL, 'cs', 0.5, true, 'on_track',
              submitted + interval '5 hours', submitted + interval '10 hours', submitted + interval '5 hours',
              submitted, 1, submitted, submitted
         FROM base
     ), record_rows AS (
       INSERT INTO packet_records (workspace_id, packet_id, system, instance, object_kind, record_id, handoff_point, open)
       SELECT $1, id, 'salesforce', 'bench', 'opportunity', '006bench' || i, 'sales_to_cs', true FROM base
     )
     INSERT INTO events (workspace_id, packet_id, seq, type, at, actor_id, data)
     SELECT $1, id, 1, 'created', submitted, $4, '{}'::jsonb FROM base
     UNION ALL
     SELECT $1, id, 2, 'submitted', submitted, $4, '{}'::jsonb FROM base`,
    [workspace.id, from, to, rep],
  );
}
