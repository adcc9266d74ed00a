import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Database, openPglite, openPostgres } from '../../../server/db/connection';
import { migrate } from '../../../server/db/migrate';

const postgresUrl = process.env.DATABASE_URL;
const inCi = Boolean(process.env.CI);
const runPostgres = Boolean(postgresUrl) || inCi;

if (!runPostgres) {
  console.warn(
    [
      '',
      '!!! DATABASE_URL is not set: the PostgreSQL half of the server tests is SKIPPED.',
      '!!! Run them with DATABASE_URL=postgres://baton:baton@127.0.0.1:5432/test npm test (after .ci/run has created the role)',
      '',
    ].join('\n'),
  );
}

export const postgresAvailable = runPostgres;

/** A fresh, migrated PostgreSQL schema of its own, so suites running at once never meet. */
export async function openTestPostgres(): Promise<Database> {
  if (!postgresUrl) throw new Error('CI is set but DATABASE_URL is not: the PostgreSQL tests must run in CI');
  const db = await openPostgres(postgresUrl, `test_${randomBytes(6).toString('hex')}`);
  await migrate(db);
  return db;
}

export async function dropTestPostgres(db: Database): Promise<void> {
  await db.query(`DROP SCHEMA ${db.schema} CASCADE`);
  await db.close();
}

export async function openTestPglite(): Promise<Database> {
  const db = await openPglite('memory://');
  await migrate(db);
  return db;
}

/**
 * Declares the same tests once on embedded PGlite (in memory) and once on the PostgreSQL at
 * DATABASE_URL, each on a freshly migrated database, because the server must behave identically on
 * both. In CI a missing DATABASE_URL fails the PostgreSQL half instead of skipping it.
 */
export function describeOnEachDatabase(title: string, tests: (db: () => Database) => void): void {
  describe(`${title} on PGlite`, () => {
    let db: Database | undefined;
    beforeAll(async () => {
      db = await openTestPglite();
    });
    afterAll(async () => {
      await db?.close();
    });
    tests(() => opened(db));
  });

  describe.skipIf(!runPostgres)(`${title} on PostgreSQL`, () => {
    let db: Database | undefined;
    beforeAll(async () => {
      db = await openTestPostgres();
    });
    afterAll(async () => {
      if (db) await dropTestPostgres(db);
    });
    tests(() => opened(db));
  });
}

function opened(db: Database | undefined): Database {
  if (!db) throw new Error('The database did not open; see the error from beforeAll');
  return db;
}
