import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { openPglite } from '../../server/db/connection';
import { describeOnEachDatabase } from './support/databases';
import { fakeDatabase } from './support/fake-database';

describeOnEachDatabase('GET /healthz', (db) => {
  it('answers ok and names the database it reached', async () => {
    const response = await createApp({ db: db() }).request('/healthz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: db().kind });
  });
});

// The shared helper keeps PGlite in memory for speed; `npm start` keeps it in a folder.
describe('GET /healthz on PGlite kept in a data folder', () => {
  it('answers ok, and the folder keeps its data across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'baton-pglite-'));
    try {
      const first = await openPglite(dataDir);
      await first.query('CREATE TABLE kept (note text)');
      await first.query('INSERT INTO kept VALUES ($1)', ['still here']);
      await first.close();

      const reopened = await openPglite(dataDir);
      const response = await createApp({ db: reopened }).request('/healthz');
      const rows = await reopened.query('SELECT note FROM kept');
      await reopened.close();

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, database: 'pglite' });
      expect(rows).toEqual([{ note: 'still here' }]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
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
    const response = await app.request('/nothing-here');

    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });
});
