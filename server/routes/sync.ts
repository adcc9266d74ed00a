import { Hono } from 'hono';
import { PullQuery, PushRequest } from '../../lib/sync/protocol';
import { ApiFailure, parseOrFail, refuseUnstorableText, validate } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import type { ApiEnv } from '../http/types';
import { PullCursorAheadError, pull } from '../sync/pull';
import { PushError, push } from '../sync/push';

export const syncRoutes = new Hono<ApiEnv>()
  .post('/push', async (c) => {
    const request = validate(PushRequest, await readJsonBody(c, c.var.settings.bodyLimitBytes), 'push');
    // Text the database cannot store refuses the push when it is in the envelope, and only its own
    // mutation when it is in a mutation's args (see push.ts), like any other invalid argument.
    const envelopes = request.mutations.map(({ args: _args, ...envelope }) => envelope);
    refuseUnstorableText({ ...request, mutations: envelopes }, 'push');
    try {
      return c.json(await push(c.var.db, c.var.caller, request));
    } catch (error) {
      if (error instanceof PushError) throw new ApiFailure(error.status, error.code, error.message);
      throw error;
    }
  })
  .get('/pull', async (c) => {
    const query = parseOrFail(PullQuery, c.req.query(), 'query');
    try {
      return c.json(await pull(c.var.db, c.var.caller, query.clientId, query.cursor ?? 0));
    } catch (error) {
      if (error instanceof PullCursorAheadError) throw new ApiFailure(409, 'cursor_ahead', error.message);
      throw error;
    }
  });
