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
  refuseUnstorableText(input, what);
  return validate(schema, input, what);
}

/** `parseOrFail` without the check for text the database cannot store, for input checked part by part. */
export function validate<S extends z.ZodMiniType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = z.safeParse(schema, input);
  if (parsed.success) return parsed.data;
  throw new ApiFailure(400, 'invalid_request', `the ${what} is not valid`, issuesOf(parsed.error.issues, []));
}

type ZodIssue = { path: PropertyKey[]; message: string; code?: string; errors?: ZodIssue[][] };

/** A union that matched no branch names the paths each branch found wrong, not just its own root. */
function issuesOf(issues: readonly ZodIssue[], prefix: PropertyKey[]): Issue[] {
  const found = issues.flatMap((issue) =>
    issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0
      ? issue.errors.flatMap((branch) => issuesOf(branch, [...prefix, ...issue.path]))
      : [{ path: formatPath([...prefix, ...issue.path]), message: issue.message }],
  );
  return found.filter(
    (issue, index) =>
      found.findIndex((other) => other.path === issue.path && other.message === issue.message) === index,
  );
}

export function refuseUnstorableText(input: unknown, what: string): void {
  const unstorable = unstorableText(input);
  if (unstorable) throw new ApiFailure(400, 'invalid_request', `the ${what} is not valid`, [unstorable]);
}

const unpairedSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL stores neither NUL characters nor unpaired UTF-16 surrogates in text or jsonb, so input
 * holding them is refused here, naming where, instead of failing in the database with a 500. The walk
 * keeps its own stack (JSON.parse accepts nesting deeper than the call stack) and builds a path only
 * for what it refuses.
 */
export function unstorableText(input: unknown): Issue | null {
  type Step = { value: unknown; key?: PropertyKey; parent?: Step };
  const bad = (text: string) => text.includes('\u0000') || unpairedSurrogate.test(text);
  const pathOf = (step: Step | undefined): string => {
    const keys: PropertyKey[] = [];
    for (let at = step; at?.key !== undefined; at = at.parent) keys.push(at.key);
    return formatPath(keys.reverse());
  };
  const pending: Step[] = [{ value: input }];
  for (let step = pending.pop(); step; step = pending.pop()) {
    const { value } = step;
    if (typeof value === 'string' && bad(value))
      return { path: pathOf(step), message: 'must not contain NUL characters or unpaired surrogates' };
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
      if (typeof key === 'string' && bad(key))
        return {
          path: pathOf(step),
          message: 'names must not contain NUL characters or unpaired surrogates',
        };
      pending.push({ value: item, key, parent: step });
    }
  }
  return null;
}
