import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { describeOnEachDatabase } from './support/databases';
import { fakeDatabase } from './support/fake-database';

describeOnEachDatabase('GET /healthz', (db) => {
  it('answers ok and names the database it reached', async () => {
    const response = await createApp({ db: db() }).request('/healthz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: db().kind });
  });
});

describe('GET /healthz with an unreachable database', () => {
  const unreachable = fakeDatabase({
    kind: 'postgres',
    query: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
  });

  it('answers 503 without leaking the error to the client', async () => {
    const response = await createApp({ db: unreachable }).request('/healthz');

    expect(response.status).toBe(503);
    expect(await response.text()).toBe(JSON.stringify({ ok: false, database: 'postgres' }));
  });
});

describe('unknown routes', () => {
  it('answer 404 in JSON', async () => {
    const app = createApp({ db: fakeDatabase() });
    const response = await app.request('/v1/nothing-here');

    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });
});
