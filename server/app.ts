import './zod-messages';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { apiRoutes } from './api';
import { dashboardPageRoutes } from './dashboard-page';
import type { Database } from './db/connection';
import { demoCrmRoutes } from './demo/routes';
import { ApiFailure, errorBody, sendFailure } from './http/errors';
import { type ApiSettings, defaultApiSettings } from './http/types';

export interface AppDeps {
  db: Database;
  /** Serve the demo CRM at /demo/ (only `npm start` wants it). */
  demoCrm?: boolean;
  settings?: Partial<ApiSettings>;
}

export function createApp({ db, demoCrm = false, settings = {} }: AppDeps): Hono {
  const merged: ApiSettings = { ...defaultApiSettings, ...settings };
  const app = new Hono();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Method, route and status only: never bodies, query strings (customer names) or tokens.
    merged.log?.({
      at: new Date().toISOString(),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  app.get('/healthz', async (c) => {
    try {
      await db.query('select 1');
      return c.json({ ok: true, database: db.kind });
    } catch (error) {
      console.error(`healthz: database ${db.kind} unreachable: ${describe(error)}`);
      return c.json({ ok: false, database: db.kind }, 503);
    }
  });

  app.route('/v1', apiRoutes(db, merged));
  app.route('/', dashboardPageRoutes());

  if (demoCrm) app.route('/', demoCrmRoutes());

  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));

  // Clients get a status and a code, never a stack trace; the details stay in the server log.
  app.onError((error, c) => {
    if (error instanceof ApiFailure) return sendFailure(c, error);
    if (error instanceof HTTPException) return error.getResponse();
    console.error(`${c.req.method} ${c.req.routePath} failed: ${describe(error)}`);
    return c.json(errorBody('internal_error', 'something went wrong on the server'), 500);
  });

  return app;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
