import * as z from 'zod/mini';
import { ApiError, Me } from '../api';
import type { PacketsQuery, TeamHandoffsQuery } from '../api-queries';
import { Directory } from '../directory';
import { emptyDirectory } from '../directory-names';
import type { HistoryEvent } from '../handoff/history';
import { Packet } from '../handoff/packet';
import type { Playbook } from '../handoff/playbook';
import { parsePlaybook } from '../handoff/playbook-validation';
import { HistoryResponse, PullResponse, type PushRequest, PushResponse } from '../sync/protocol';
import { TeamHandoff, TeamHandoffsPage } from '../team/handoffs';

/** A `fetch`, or anything that answers a request the way it does (an in-process app in tests). */
export type Transport = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Why a request failed, sorted by what the caller does about it: `offline`, `rate_limited` and `server`
 * pass with time; `unauthorized` needs a new sign-in; `refused` needs a person to look.
 */
export type FailureKind = 'offline' | 'unauthorized' | 'rate_limited' | 'server' | 'refused';

export class ApiRequestError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    /** What the server's Retry-After asked for. */
    readonly retryAfterMs: number | null = null,
    /** The paths the API found wrong in what was sent, each with why. */
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export interface ApiClient {
  me(): Promise<Me>;
  /** Who is who in the workspace; empty from an API that predates the directory. */
  directory(): Promise<Directory>;
  playbook(): Promise<Playbook>;
  /** Replaces the adoption content map (marketers and admins); the playbook as saved. */
  saveContent(content: unknown[]): Promise<Playbook>;
  push(request: PushRequest): Promise<PushResponse>;
  pull(clientId: string, cursor: number): Promise<PullResponse>;
  /** Null when the API has no such packet (or none this person may see). */
  packet(id: string): Promise<Packet | null>;
  history(id: string): Promise<HistoryEvent[] | null>;
  packets(query: PacketsQuery): Promise<Packet[]>;
  /** One page of the open handoffs the caller may follow, most urgent first. */
  teamHandoffs(query: TeamHandoffsQuery): Promise<TeamHandoffs>;
  /** The JSON answer to GET `path`, unparsed: for a caller that parses it with its own schema (the dashboard). */
  read(path: string): Promise<unknown>;
}

/** A page of the team view; rows in a shape this build does not know are counted, not shown. */
export interface TeamHandoffs {
  handoffs: TeamHandoff[];
  nextOffset: number | null;
  skipped: number;
}

const PacketList = z.object({ packets: z.array(Packet) });

/** The API's base URL as typed, checked and without a trailing slash; null when it is not http(s). */
export function normaliseApiUrl(input: string): string | null {
  if (!URL.canParse(input.trim())) return null;
  const url = new URL(input.trim());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function createApiClient(options: {
  url: string;
  token: string;
  transport: Transport;
  timeoutMs?: number;
}): ApiClient {
  const { url, token, transport, timeoutMs = 15_000 } = options;
  const origin = new URL(url).origin;

  /** The answer's body, or null for a 404 when `missingIsNull`. */
  async function send(
    path: string,
    init: { body?: unknown; method?: 'PUT'; missingIsNull?: boolean } = {},
  ): Promise<unknown | null> {
    const target = `${url}${path}`;
    // The token goes to the configured API and nowhere else, whatever a path turns out to hold.
    if (new URL(target).origin !== origin)
      throw new ApiRequestError('refused', `not the API's origin: ${path}`);
    let response: Response;
    try {
      response = await transport(target, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ApiRequestError('offline', `the API at ${origin} could not be reached (${describe(error)})`);
    }
    if (response.status === 404 && init.missingIsNull) return null;
    if (!response.ok) throw await failure(response);
    try {
      return await response.json();
    } catch (error) {
      throw new ApiRequestError('offline', `the API's answer was cut short (${describe(error)})`);
    }
  }

  async function get<T>(path: string, schema: z.ZodMiniType<T>, body?: unknown): Promise<T> {
    return shaped(path, schema, await send(path, { body }));
  }

  async function find<T>(path: string, schema: z.ZodMiniType<T>): Promise<T | null> {
    const body = await send(path, { missingIsNull: true });
    return body === null ? null : shaped(path, schema, body);
  }

  function playbookFrom(body: unknown): Playbook {
    const result = parsePlaybook(body);
    if (!result.ok) throw new ApiRequestError('server', 'the API sent a playbook that is not valid');
    return result.playbook;
  }

  return {
    me: () => get('/v1/me', Me),
    directory: async () => (await find('/v1/directory', Directory)) ?? emptyDirectory,
    playbook: async () => playbookFrom(await send('/v1/playbook')),
    saveContent: async (content) =>
      playbookFrom(await send('/v1/playbook/content', { body: content, method: 'PUT' })),
    push: (request) => get('/v1/sync/push', PushResponse, request),
    pull: (clientId, cursor) =>
      get(`/v1/sync/pull?${new URLSearchParams({ clientId, cursor: String(cursor) })}`, PullResponse),
    packet: (id) => find(`/v1/packets/${encodeURIComponent(id)}`, Packet),
    history: async (id) =>
      (await find(`/v1/packets/${encodeURIComponent(id)}/history`, HistoryResponse))?.events ?? null,
    packets: async (query) => {
      const params = new URLSearchParams(
        'q' in query
          ? { q: query.q }
          : {
              system: query.system,
              instance: query.instance,
              objectKind: query.objectKind,
              recordId: query.recordId,
            },
      );
      return (await get(`/v1/packets?${params}`, PacketList)).packets;
    },
    teamHandoffs: async (query) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query))
        if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(',') : String(value));
      const page = await get(`/v1/team/handoffs?${params}`, TeamHandoffsPage);
      const rows = page.handoffs.map((row) => z.safeParse(TeamHandoff, row));
      const handoffs = rows.flatMap((row) => (row.success ? [row.data] : []));
      return { handoffs, nextOffset: page.nextOffset, skipped: rows.length - handoffs.length };
    },
    read: (path) => send(path),
  };
}

function shaped<T>(path: string, schema: z.ZodMiniType<T>, body: unknown): T {
  const parsed = z.safeParse(schema, body);
  if (!parsed.success)
    throw new ApiRequestError('server', `the API answered ${path.split('?')[0]} in an unexpected shape`);
  return parsed.data;
}

async function failure(response: Response): Promise<ApiRequestError> {
  const body = z.safeParse(ApiError, await response.json().catch(() => null));
  const code = body.success ? body.data.error.code : null;
  const message = body.success ? body.data.error.message : `the API answered ${response.status}`;
  const { status } = response;
  if (status === 401) return new ApiRequestError('unauthorized', message, status, code);
  if (status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
    return new ApiRequestError('rate_limited', message, status, code, retryAfterMs);
  }
  // A proxy in front of the API answers 502–504 while the API restarts: that passes like being offline.
  if (status >= 500) return new ApiRequestError('server', message, status, code);
  const issues = body.success ? (body.data.error.issues ?? []) : [];
  return new ApiRequestError('refused', message, status, code, null, issues);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
