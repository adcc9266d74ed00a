import type { Hono } from 'hono';
import type { NewUser } from '../../../lib/api';
import { createApp } from '../../../server/app';
import type { Database } from '../../../server/db/connection';
import { createTeam, createUser, createWorkspace } from '../../../server/directory';
import type { ApiSettings } from '../../../server/http/types';

export interface SeededWorkspace {
  id: string;
  tokens: Record<
    'marketer' | 'rep' | 'otherRep' | 'csm' | 'salesManager' | 'csManager' | 'support' | 'admin',
    string
  >;
  userIds: Record<keyof SeededWorkspace['tokens'], string>;
}

const people: Record<keyof SeededWorkspace['tokens'], Omit<NewUser, 'email'>> = {
  marketer: { name: 'Mia Marketer', role: 'marketer', teams: ['marketing'] },
  rep: { name: 'Rae Rep', role: 'rep', teams: ['sales'] },
  otherRep: { name: 'Otto Rep', role: 'rep', teams: ['sales'] },
  csm: { name: 'Cass CSM', role: 'csm', teams: ['cs'] },
  salesManager: { name: 'Sam Sales-Manager', role: 'manager', teams: [], manages: ['sales'] },
  csManager: { name: 'Cleo CS-Manager', role: 'manager', teams: [], manages: ['cs'] },
  support: { name: 'Sol Support', role: 'support', teams: ['support'] },
  admin: { name: 'Ada Admin', role: 'admin', teams: [] },
};

/** A workspace with the four teams and one person of each kind, as the table owner sets it up. */
export async function seedWorkspace(db: Database, name = 'Acme Inc'): Promise<SeededWorkspace> {
  return db.transaction(async (tx) => {
    const id = await createWorkspace(tx, name);
    await createTeam(tx, id, { id: 'marketing', name: 'Marketing', function: 'marketing' });
    await createTeam(tx, id, { id: 'sales', name: 'Sales', function: 'sales' });
    await createTeam(tx, id, { id: 'cs', name: 'Customer Success', function: 'customer_success' });
    await createTeam(tx, id, { id: 'support', name: 'Support', function: 'support' });
    const tokens = {} as SeededWorkspace['tokens'];
    const userIds = {} as SeededWorkspace['userIds'];
    for (const [key, person] of Object.entries(people) as [
      keyof typeof people,
      (typeof people)[keyof typeof people],
    ][]) {
      const created = await createUser(tx, id, {
        ...person,
        email: `${key}@${name.replace(/\W/g, '').toLowerCase()}.example`,
      });
      tokens[key] = created.token;
      userIds[key] = created.id;
    }
    return { id, tokens, userIds };
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies the way a client would
type ResponseBody = any;

export interface Api {
  app: Hono;
  call(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<{ status: number; body: ResponseBody }>;
}

export function api(db: Database, settings: Partial<ApiSettings> = {}): Api {
  const app = createApp({ db, settings: { rateLimit: { burst: 100_000, perSecond: 100_000 }, ...settings } });
  return {
    app,
    async call(method, path, token, body) {
      const response = await app.request(path, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, body: parsed };
    },
  };
}

let clientCounter = 0;

/** A sync client: pushes numbered mutations, as the extension's outbox would. */
export function syncClient(
  service: Api,
  token: string,
  clientId = `client-${process.pid}-${++clientCounter}`,
) {
  let nextId = 1;
  return {
    clientId,
    push(mutations: Array<{ name: string; args: unknown }>) {
      const numbered = mutations.map((mutation) => ({
        id: nextId++,
        createdAt: new Date().toISOString(),
        ...mutation,
      }));
      return service.call('POST', '/v1/sync/push', token, { clientId, mutations: numbered });
    },
    pushRaw(body: unknown) {
      return service.call('POST', '/v1/sync/push', token, body);
    },
    pull(cursor = 0) {
      return service.call('GET', `/v1/sync/pull?clientId=${clientId}&cursor=${cursor}`, token);
    },
  };
}
