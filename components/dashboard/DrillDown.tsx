import { useEffect, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import { type HandoffPoint, handoffPoints } from '@/lib/handoff/handoff-points';
import { type MetricFigure, type MetricPacket, MetricPackets } from '@/lib/handoff/metrics';
import { type Column, DataTable } from './DataTable';
import { DashboardRequestError, type DashboardSource } from './data-source';
import { type DashboardFilters, filterQuery } from './Filters';
import { formatDuration } from './format';

/** Which packets to list: a figure, narrowed to a month, a policy or an owner (`none`: nobody). */
export interface Drill {
  title: string;
  figure: MetricFigure;
  month?: string;
  policy?: string;
  owner?: string;
  /** One handoff point, whatever the filters say (a stage-conversion row). */
  handoffPoint?: HandoffPoint;
}

const durationFigures: ReadonlySet<MetricFigure> = new Set(['time_to_kickoff', 'time_to_first_value']);

function valueColumns(figure: MetricFigure): Array<Column<MetricPacket>> {
  if (durationFigures.has(figure))
    return [
      {
        title: 'Working time',
        show: (row) => formatDuration(row.businessValue, true),
        csv: (row) => row.businessValue,
      },
      { title: 'Elapsed', show: (row) => formatDuration(row.value), csv: (row) => row.value },
    ];
  if (figure === 'data_completeness')
    return [
      {
        title: 'Completeness at submission',
        show: (row) => `${Math.round((row.value ?? 0) * 100)} %`,
        csv: (row) => row.value,
      },
    ];
  if (figure === 'stage_conversion')
    return [
      {
        title: 'Furthest stage',
        show: (row) => stages[row.value ?? 0] ?? '–',
        csv: (row) => stages[row.value ?? 0],
      },
    ];
  if (figure === 'cohort') return [];
  return [
    ...(figure === 'sla_attainment'
      ? [
          {
            title: 'Policy',
            show: (row: MetricPacket) => row.policyId,
            csv: (row: MetricPacket) => row.policyId,
          },
        ]
      : []),
    { title: 'Counts', show: (row) => (row.matches ? 'yes' : 'no'), csv: (row) => row.matches },
  ];
}

const stages = ['created', 'submitted', 'accepted', 'kickoff held', 'first value reached'];

const baseColumns: Array<Column<MetricPacket>> = [
  { title: 'Customer', show: (row) => row.customerName ?? '(no name)', csv: (row) => row.customerName },
  {
    title: 'Handoff point',
    show: (row) => handoffPoints[row.handoffPoint].label,
    csv: (row) => row.handoffPoint,
  },
  {
    title: 'Giving owner',
    show: (row) => row.givingUserName ?? row.givingUserId ?? '–',
    csv: (row) => row.givingUserName ?? row.givingUserId,
  },
  {
    title: 'Receiving owner',
    show: (row) => row.receivingUserName ?? row.receivingUserId ?? 'nobody yet',
    csv: (row) => row.receivingUserName ?? row.receivingUserId,
  },
  {
    title: 'First submitted',
    show: (row) => row.submittedAt?.slice(0, 10) ?? '–',
    csv: (row) => row.submittedAt,
  },
];

const pageSize = 200;

/** The packets behind one figure, a page at a time, with a CSV of what is loaded. */
export function DrillDown(props: {
  source: DashboardSource;
  filters: DashboardFilters;
  drill: Drill;
  onClose: () => void;
}) {
  const { source, filters, drill } = props;
  const [rows, setRows] = useState<MetricPacket[]>([]);
  const [nextOffset, setNextOffset] = useState<number | null>(0);
  const [problem, setProblem] = useState<string | null>(null);

  const load = async (offset: number, replace: boolean) => {
    const query = filterQuery(filters);
    query.set('figure', drill.figure);
    if (drill.month) query.set('month', drill.month);
    if (drill.policy) query.set('policy', drill.policy);
    if (drill.owner) query.set('owner', drill.owner);
    if (drill.handoffPoint) query.set('handoffPoint', drill.handoffPoint);
    query.set('limit', String(pageSize));
    query.set('offset', String(offset));
    try {
      const page = z.parse(MetricPackets, await source.get(`/v1/metrics/packets?${query}`));
      setRows((current) => (replace ? page.packets : [...current, ...page.packets]));
      setNextOffset(page.nextOffset);
      setProblem(null);
    } catch (error) {
      setProblem(
        error instanceof DashboardRequestError ? error.message : 'The API answered in an unexpected shape.',
      );
    }
  };

  useEffect(() => {
    setRows([]);
    void load(0, true);
  }, [drill, filters]);

  return (
    <section class="drill-down" aria-label="Packets behind a figure">
      <div class="table-head">
        <p>
          <strong>{drill.title}</strong>: {rows.length} packet{rows.length === 1 ? '' : 's'}
          {nextOffset !== null ? ' loaded so far' : ''}
        </p>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <DataTable
        caption="Packets"
        filename={`baton-${drill.figure}${drill.month ? `-${drill.month}` : ''}.csv`}
        columns={[...baseColumns, ...valueColumns(drill.figure)]}
        rows={rows}
        empty="No packets."
      />
      {nextOffset !== null && (
        <button type="button" onClick={() => void load(nextOffset, false)}>
          Load more
        </button>
      )}
    </section>
  );
}
