import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod/mini';
import { formatPath } from '../../lib/handoff/playbook-validation';

export interface Issue {
  path: string;
  message: string;
}

/** Thrown anywhere in a request; the error handler turns it into the API's one error shape. */
export class ApiFailure extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, issues?: Issue[]) {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

export function sendFailure(c: Context, failure: ApiFailure): Response {
  for (const [name, value] of Object.entries(failure.headers ?? {})) c.header(name, value);
  return c.json(errorBody(failure.code, failure.message, failure.issues), failure.status);
}

/** Parses untrusted input with its schema, or fails the request with a 400 naming every bad path. */
export function parseOrFail<S extends z.ZodMiniType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = z.safeParse(schema, input);
  if (parsed.success) return parsed.data;
  throw new ApiFailure(
    400,
    'invalid_request',
    `the ${what} is not valid`,
    parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}
