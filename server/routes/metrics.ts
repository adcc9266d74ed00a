import { Hono } from 'hono';
import { MetricPacketsQuery, MetricsQuery } from '../../lib/api-queries';
import type { Caller } from '../auth-context';
import { inWorkspace } from '../db/workspace-transaction';
import { parseOrFail } from '../http/errors';
import type { ApiEnv } from '../http/types';
import { aggregateMetrics, type MetricsFilter } from '../metrics/aggregate';
import { metricPackets } from '../metrics/drill-down';
import { refreshOutcomes } from '../metrics/refresh-outcomes';
import { metricsScope } from '../metrics/scope';

/** What the caller may see under the query's filters, now; refuses a team they do not manage. */
function filterFor(caller: Caller, query: MetricsQuery): MetricsFilter {
  const params: unknown[] = [caller.workspaceId];
  const scope = metricsScope(caller, query.team, params);
  return { ...query, workspaceId: caller.workspaceId, scope, params, now: new Date() };
}

/** The outcome dashboard's figures, and the packets behind each: for managers and admins only. */
export const metricsRoutes = new Hono<ApiEnv>()
  .get('/', async (c) => {
    const { caller, db } = c.var;
    const filter = filterFor(caller, parseOrFail(MetricsQuery, c.req.query(), 'query'));
    await inWorkspace(db, caller.workspaceId, (tx) => refreshOutcomes(tx, caller.workspaceId, filter.now));
    const metrics = await aggregateMetrics((work) => inWorkspace(db, caller.workspaceId, work), filter);
    return c.json(metrics);
  })
  .get('/packets', async (c) => {
    const query = parseOrFail(MetricPacketsQuery, c.req.query(), 'query');
    const { caller } = c.var;
    const filter = filterFor(caller, query);
    const packets = await inWorkspace(c.var.db, caller.workspaceId, async (tx) => {
      await refreshOutcomes(tx, caller.workspaceId, filter.now);
      return metricPackets(tx, filter, query);
    });
    return c.json(packets);
  });
