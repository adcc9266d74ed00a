import { HandoffPoint } from '../../lib/handoff/handoff-points';
import type {
  DurationStats,
  Metrics,
  MonthlyCohort,
  OwnerAttainment,
  Proportion,
  StageFunnel,
} from '../../lib/handoff/metrics';
import type { Tx } from '../db/workspace-transaction';

export interface MetricsFilter {
  workspaceId: string;
  from: string;
  to: string;
  handoffPoint?: HandoffPoint;
  /** A condition on packet_outcomes `o` (see metricsScope), with its parameters already in `params`. */
  scope: string;
  params: unknown[];
  now: Date;
}

/**
 * The packets `o` a filter keeps (packet_outcomes, or packet_sla_outcomes, which has the same filter
 * columns): its scope and handoff point; `$1` is the workspace. */
export function filterConditions(filter: MetricsFilter): string[] {
  const where = ['o.workspace_id = $1', filter.scope];
  if (filter.handoffPoint) {
    filter.params.push(filter.handoffPoint);
    where.push(`o.handoff_point = $${filter.params.length}`);
  }
  return where;
}

/** A column's values sorted once, their count and mean, for `percentiles` to read (inner query). */
function sortedColumn(column: string, as: string): string {
  return `count(${column})::int AS ${as}_count, avg(${column})::float8 AS ${as}_mean,
    array_agg(${column} ORDER BY ${column}) FILTER (WHERE ${column} IS NOT NULL) AS ${as}_sorted`;
}

/**
 * Nearest-rank median and 90th percentile from `sortedColumn`: rank ceil(p × n / 100) computed in
 * integers (an index past the array, as for n = 0, is NULL).
 */
function percentiles(as: string): string {
  return `${as}_count, ${as}_mean,
    (${as}_sorted[(50 * ${as}_count + 99) / 100])::float8 AS ${as}_median,
    (${as}_sorted[(90 * ${as}_count + 99) / 100])::float8 AS ${as}_p90`;
}

const durations = ['kickoff', 'kickoff_business', 'first_value', 'first_value_business'];

type Row = Record<string, number | string | null>;

function durationStats(row: Row, as: string): DurationStats {
  return {
    count: Number(row[`${as}_count`]),
    medianMs: numberOrNull(row[`${as}_median`]),
    p90Ms: numberOrNull(row[`${as}_p90`]),
    meanMs: numberOrNull(row[`${as}_mean`]),
  };
}

function numberOrNull(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function proportion(count: unknown, matching: unknown): Proportion {
  const total = Number(count);
  const met = Number(matching);
  return { count: total, matching: met, rate: total === 0 ? null : met / total };
}

/**
 * Every figure of the dashboard for one filter: three aggregate queries over the packet summaries, each
 * in a transaction of its own so that PostgreSQL runs them at once on pooled connections.
 */
export async function aggregateMetrics(
  read: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>,
  filter: MetricsFilter,
): Promise<Metrics> {
  const where = filterConditions(filter);
  const params = filter.params;
  params.push(filter.from, filter.to);
  const window = (column: string) => `${column} >= $${params.length - 1} AND ${column} < $${params.length}`;
  const cohortWhere = [...where, window('o.submitted_at')].join(' AND ');
  const createdWhere = [...where, window('o.created_at')].join(' AND ');
  const windowParams = [...params];
  const slaParams = [...params, filter.now];
  const now = `$${slaParams.length}`;

  const [cohortRows, slaRows, funnelRows] = await Promise.all([
    read((tx) =>
      tx.query<Row>(
        `SELECT to_char(month, 'YYYY-MM') AS month, overall, cohort_size, ${durations.map(percentiles).join(', ')},
                onboarding_count, onboarding_matching, completeness_count, completeness_mean, returned, accepted, edited
           FROM (SELECT o.submitted_month AS month, GROUPING(o.submitted_month) AS overall, count(*)::int AS cohort_size,
                        ${sortedColumn('o.kickoff_ms', 'kickoff')},
                        ${sortedColumn('o.kickoff_business_ms', 'kickoff_business')},
                        ${sortedColumn('o.first_value_ms', 'first_value')},
                        ${sortedColumn('o.first_value_business_ms', 'first_value_business')},
                        count(*) FILTER (WHERE o.handoff_point = 'sales_to_cs' AND o.ever_accepted)::int AS onboarding_count,
                        count(*) FILTER (WHERE o.handoff_point = 'sales_to_cs' AND o.ever_accepted AND o.reached_first_value)::int
                          AS onboarding_matching,
                        count(o.completeness_at_submit)::int AS completeness_count,
                        avg(o.completeness_at_submit)::float8 AS completeness_mean,
                        count(*) FILTER (WHERE o.ever_returned)::int AS returned,
                        count(*) FILTER (WHERE o.ever_accepted)::int AS accepted,
                        count(*) FILTER (WHERE o.ever_accepted AND o.edited_after_acceptance)::int AS edited
                   FROM packet_outcomes o WHERE ${cohortWhere}
                  GROUP BY ROLLUP (o.submitted_month)) grouped
          ORDER BY overall DESC, month`,
        windowParams,
      ),
    ),
    read((tx) =>
      tx.query<Row>(
        `WITH grouped AS (
           SELECT GROUPING(o.policy_id, o.receiving_user_id, o.submitted_month) AS grouping, o.policy_id,
                  o.receiving_user_id, to_char(o.submitted_month, 'YYYY-MM') AS month,
                  count(*) FILTER (WHERE o.state IN ('met', 'breached')
                                      OR (NOT o.stopped AND o.deadline IS NOT NULL AND o.deadline < ${now}))::int AS count,
                  count(*) FILTER (WHERE o.state = 'met')::int AS matching
             FROM packet_sla_outcomes o WHERE ${cohortWhere}
            GROUP BY GROUPING SETS ((o.policy_id), (o.receiving_user_id), (o.submitted_month), ())
         )
         SELECT g.*, u.name FROM grouped g
           LEFT JOIN users u ON u.workspace_id = $1 AND u.id = g.receiving_user_id AND g.grouping = 5
          ORDER BY g.policy_id, u.name, g.receiving_user_id, g.month`,
        slaParams,
      ),
    ),
    read((tx) =>
      tx.query<Row>(
        `SELECT o.handoff_point, count(*)::int AS created,
                count(*) FILTER (WHERE o.furthest_stage >= 1)::int AS submitted,
                count(*) FILTER (WHERE o.furthest_stage >= 2)::int AS accepted,
                count(*) FILTER (WHERE o.furthest_stage >= 3)::int AS kickoff_held,
                count(*) FILTER (WHERE o.furthest_stage >= 4)::int AS first_value_reached
           FROM packet_outcomes o WHERE ${createdWhere} GROUP BY o.handoff_point`,
        windowParams,
      ),
    ),
  ]);

  return assemble(filter, cohortRows, slaRows, funnelRows);
}

/** GROUPING bits, first argument highest: policy_id 4, receiving_user_id 2, month 1. */
const byPolicy = 3;
const byOwner = 5;
const byMonth = 6;
const overall = 7;

function assemble(filter: MetricsFilter, cohortRows: Row[], slaRows: Row[], funnelRows: Row[]): Metrics {
  const slaOf = (grouping: number) => slaRows.filter((row) => Number(row.grouping) === grouping);
  const slaTotal = slaOf(overall)[0];
  const slaByMonth = new Map(slaOf(byMonth).map((row) => [String(row.month), row]));
  // ROLLUP yields its grand total even over no rows, as an aggregate without GROUP BY does.
  const total = cohortRows.find((row) => Number(row.overall) === 1);
  if (!total) throw new Error('the cohort query answered without its grand total');
  const months: MonthlyCohort[] = cohortRows
    .filter((row) => Number(row.overall) === 0)
    .map((row) => {
      const sla = slaByMonth.get(String(row.month));
      return {
        month: String(row.month),
        cohortSize: Number(row.cohort_size),
        timeToKickoff: durationStats(row, 'kickoff'),
        businessTimeToKickoff: durationStats(row, 'kickoff_business'),
        timeToFirstValue: durationStats(row, 'first_value'),
        businessTimeToFirstValue: durationStats(row, 'first_value_business'),
        onboardingCompletion: proportion(row.onboarding_count, row.onboarding_matching),
        slaAttainment: proportion(sla?.count ?? 0, sla?.matching ?? 0),
        dataCompleteness: meanScore(row),
        returnedRate: proportion(row.cohort_size, row.returned),
      };
    });
  const owners: OwnerAttainment[] = slaOf(byOwner).map((row) => ({
    userId: row.receiving_user_id === null ? null : String(row.receiving_user_id),
    name: row.name === null ? null : String(row.name),
    ...proportion(row.count, row.matching),
  }));
  const funnels = new Map(funnelRows.map((row) => [String(row.handoff_point), row]));
  return {
    from: new Date(filter.from).toISOString(),
    to: new Date(filter.to).toISOString(),
    cohortSize: Number(total.cohort_size),
    timeToKickoff: durationStats(total, 'kickoff'),
    businessTimeToKickoff: durationStats(total, 'kickoff_business'),
    timeToFirstValue: durationStats(total, 'first_value'),
    businessTimeToFirstValue: durationStats(total, 'first_value_business'),
    onboardingCompletion: proportion(total.onboarding_count, total.onboarding_matching),
    slaAttainment: {
      ...proportion(slaTotal?.count ?? 0, slaTotal?.matching ?? 0),
      byPolicy: Object.fromEntries(
        slaOf(byPolicy).map((row) => [String(row.policy_id), proportion(row.count, row.matching)]),
      ),
      byOwner: owners,
    },
    dataCompleteness: meanScore(total),
    rework: {
      returnedRate: proportion(total.cohort_size, total.returned),
      editedAfterAcceptanceRate: proportion(total.accepted, total.edited),
    },
    stageConversion: Object.fromEntries(
      HandoffPoint.options.map((point) => [point, stageFunnel(funnels.get(point))]),
    ) as Record<HandoffPoint, StageFunnel>,
    months,
  };
}

function meanScore(row: Row) {
  return { count: Number(row.completeness_count), mean: numberOrNull(row.completeness_mean) };
}

function stageFunnel(row: Row | undefined): StageFunnel {
  const count = (name: string) => Number(row?.[name] ?? 0);
  const ratio = (numerator: number, denominator: number) =>
    denominator === 0 ? null : numerator / denominator;
  const created = count('created');
  const submitted = count('submitted');
  const accepted = count('accepted');
  const kickoffHeld = count('kickoff_held');
  const firstValueReached = count('first_value_reached');
  return {
    created,
    submitted,
    accepted,
    kickoffHeld,
    firstValueReached,
    createdToSubmitted: ratio(submitted, created),
    submittedToAccepted: ratio(accepted, submitted),
    acceptedToKickoffHeld: ratio(kickoffHeld, accepted),
    kickoffHeldToFirstValueReached: ratio(firstValueReached, kickoffHeld),
  };
}
