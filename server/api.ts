import { Hono } from 'hono';
import type { Database } from './db/connection';
import { authenticate, requestDatabase } from './http/authenticate';
import { rateLimiter } from './http/rate-limit';
import type { ApiEnv, ApiSettings } from './http/types';
import { directoryRoutes } from './routes/directory';
import { eventSourceRoutes } from './routes/event-sources';
import { eventIntakeRoute, receivedEventRoutes } from './routes/events';
import { improveRoutes } from './routes/improve';
import { meRoutes } from './routes/me';
import { metricsRoutes } from './routes/metrics';
import { openApiRoute } from './routes/openapi';
import { packetRoutes } from './routes/packets';
import { playbookRoutes } from './routes/playbook';
import { syncRoutes } from './routes/sync';
import { teamRoutes } from './routes/team';
import { userRoutes } from './routes/users';
import { webhookRoutes } from './routes/webhooks';

/**
 * The /v1 API: every route behind a bearer token and a per-token rate limit, except the contract itself
 * and the CRM's signed events.
 */
export function apiRoutes(db: Database, settings: ApiSettings): Hono<ApiEnv> {
  const takeRequest = rateLimiter(settings.rateLimit);
  return new Hono<ApiEnv>()
    .route('/', openApiRoute)
    .route('/', eventIntakeRoute(db, settings))
    .use(async (c, next) => {
      const caller = await authenticate(db, c.req.header('authorization'));
      takeRequest(caller.tokenId);
      c.set('caller', caller);
      c.set('db', requestDatabase(db, caller.tokenId));
      c.set('settings', settings);
      await next();
    })
    .route('/me', meRoutes)
    .route('/directory', directoryRoutes)
    .route('/sync', syncRoutes)
    .route('/packets', packetRoutes)
    .route('/playbook', playbookRoutes)
    .route('/users', userRoutes)
    .route('/event-sources', eventSourceRoutes)
    .route('/webhooks', webhookRoutes)
    .route('/metrics', metricsRoutes)
    .route('/', receivedEventRoutes)
    .route('/', teamRoutes)
    .route('/', improveRoutes);
}
