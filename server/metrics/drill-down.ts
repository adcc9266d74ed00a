import type { MetricPacketsQuery } from '../../lib/api-queries';
import type { MetricFigure, MetricPackets } from '../../lib/handoff/metrics';
import type { Tx } from '../db/workspace-transaction';
import { filterConditions, type MetricsFilter } from './aggregate';

/** The UTC month of a packet's creation, `YYYY-MM`: stage conversion's cohort. */
const createdMonth = `to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM')`;

/**
 * Per figure, which packets (or SLA clocks) make its denominator, and the SQL of each row's value,
 * working-time value and whether it counts in the numerator: the same conditions as aggregateMetrics.
 */
const figures: Record<
  MetricFigure,
  {
    cohort: 'submitted' | 'created';
    where?: string;
    value?: string;
    businessValue?: string;
    matches?: string;
  }
> = {
  cohort: { cohort: 'submitted' },
  time_to_kickoff: {
    cohort: 'submitted',
    where: 'o.kickoff_ms IS NOT NULL',
    value: 'o.kickoff_ms',
    businessValue: 'o.kickoff_business_ms',
  },
  time_to_first_value: {
    cohort: 'submitted',
    where: 'o.first_value_ms IS NOT NULL',
    value: 'o.first_value_ms',
    businessValue: 'o.first_value_business_ms',
  },
  onboarding_completion: {
    cohort: 'submitted',
    where: `o.handoff_point = 'sales_to_cs' AND o.ever_accepted`,
    matches: 'o.reached_first_value',
  },
  sla_attainment: { cohort: 'submitted', matches: `o.state = 'met'` },
  data_completeness: {
    cohort: 'submitted',
    where: 'o.completeness_at_submit IS NOT NULL',
    value: 'o.completeness_at_submit',
  },
  returned: { cohort: 'submitted', matches: 'o.ever_returned' },
  edited_after_acceptance: {
    cohort: 'submitted',
    where: 'o.ever_accepted',
    matches: 'o.edited_after_acceptance',
  },
  stage_conversion: { cohort: 'created', value: 'o.furthest_stage' },
};

/** The packets behind one figure, in order of first submission (of creation for stage conversion). */
export async function metricPackets(
  tx: Tx,
  filter: MetricsFilter,
  query: MetricPacketsQuery,
): Promise<MetricPackets> {
  const figure = figures[query.figure];
  const where = filterConditions(filter);
  const params = filter.params;
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const column = figure.cohort === 'submitted' ? 'o.submitted_at' : 'o.created_at';
  where.push(`${column} >= ${add(filter.from)} AND ${column} < ${add(filter.to)}`);
  if (figure.where) where.push(figure.where);
  if (query.month)
    where.push(
      figure.cohort === 'submitted'
        ? `o.submitted_month = to_date(${add(query.month)}, 'YYYY-MM')`
        : `${createdMonth} = ${add(query.month)}`,
    );
  if (query.owner === 'none') where.push('o.receiving_user_id IS NULL');
  else if (query.owner) where.push(`o.receiving_user_id = ${add(query.owner)}`);
  const clocks = query.figure === 'sla_attainment';
  if (clocks) {
    const now = add(filter.now);
    where.push(
      `(o.state IN ('met', 'breached') OR (NOT o.stopped AND o.deadline IS NOT NULL AND o.deadline < ${now}))`,
    );
    if (query.policy) where.push(`o.policy_id = ${add(query.policy)}`);
  }
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  const rows = await tx.query<{
    packetId: string;
    customerName: string | null;
    handoffPoint: MetricPackets['packets'][number]['handoffPoint'];
    givingUserId: string | null;
    givingUserName: string | null;
    receivingUserId: string | null;
    receivingUserName: string | null;
    submittedAt: Date | string | null;
    policyId: string | null;
    value: number | null;
    businessValue: number | null;
    matches: boolean | null;
  }>(
    `SELECT o.packet_id::text AS "packetId", p.customer_name AS "customerName", o.handoff_point AS "handoffPoint",
            o.giving_user_id AS "givingUserId", g.name AS "givingUserName",
            o.receiving_user_id AS "receivingUserId", r.name AS "receivingUserName",
            o.submitted_at AS "submittedAt", ${clocks ? 'o.policy_id' : 'NULL::text'} AS "policyId",
            (${figure.value ?? 'NULL'})::float8 AS "value", (${figure.businessValue ?? 'NULL'})::float8 AS "businessValue",
            (${figure.matches ?? 'NULL'})::boolean AS "matches"
       FROM ${clocks ? 'packet_sla_outcomes' : 'packet_outcomes'} o
       JOIN packets p ON p.workspace_id = o.workspace_id AND p.id = o.packet_id
       LEFT JOIN users g ON g.workspace_id = o.workspace_id AND g.id = o.giving_user_id
       LEFT JOIN users r ON r.workspace_id = o.workspace_id AND r.id = o.receiving_user_id
      WHERE ${where.join(' AND ')}
      ORDER BY ${column}, o.packet_id${clocks ? ', o.policy_id' : ''}
      LIMIT ${add(limit + 1)} OFFSET ${add(offset)}`,
    params,
  );
  const more = rows.length > limit;
  return {
    figure: query.figure,
    packets: rows.slice(0, limit).map((row) => ({
      ...row,
      submittedAt: row.submittedAt === null ? null : new Date(row.submittedAt).toISOString(),
      value: row.value === null ? null : Number(row.value),
      businessValue: row.businessValue === null ? null : Number(row.businessValue),
    })),
    nextOffset: more ? offset + limit : null,
  };
}
