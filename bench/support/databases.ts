import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openPglite, openPostgres, type Queryable } from '../../server/db/connection';
import { migrate } from '../../server/db/migrate';
import type { Figure } from './figure';

export interface BenchDatabase {
  /** `pglite` or `postgres`, the first word of every figure measured on it. */
  label: string;
  /** Said once in the output: what exactly was measured. */
  description: string;
  db: Database;
  /** Drops what the bench created and closes the database. */
  dispose(): Promise<void>;
}

/** A freshly migrated PGlite, in memory (`memory`) or in a temporary directory removed afterwards. */
export async function openBenchPglite(where: 'memory' | 'tempdir' = 'memory'): Promise<BenchDatabase> {
  if (where === 'memory') {
    const db = await openPglite('memory://');
    await migrate(db);
    return { label: 'pglite', description: 'PGlite in memory (memory://)', db, dispose: () => db.close() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'baton-bench-'));
  const db = await openPglite(dir);
  await migrate(db);
  return {
    label: 'pglite',
    description: `PGlite in a temporary directory (${dir})`,
    db,
    async dispose() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const postgresUrl = process.env.DATABASE_URL || undefined;

const withoutPostgres = [
  '',
  '!!! DATABASE_URL is not set: the PostgreSQL benchmarks are SKIPPED (PGlite only).',
  // The API refuses to run as a superuser; .ci/run creates this ordinary role.
  '!!! Run them with DATABASE_URL=postgres://baton:baton@127.0.0.1:5432/test npm run bench',
  '',
].join('\n');

let warned = false;

/** Says once, loudly, that the PostgreSQL figures are missing and how to get them. */
export function warnWithoutPostgres(): void {
  if (warned || postgresUrl) return;
  warned = true;
  console.warn(withoutPostgres);
}

/** Says it again under the table, where it cannot be missed. */
export function remindWithoutPostgres(): void {
  if (!postgresUrl) console.warn(withoutPostgres);
}

/** A freshly migrated schema of its own on the PostgreSQL at DATABASE_URL, dropped by `dispose`. */
export async function openBenchPostgres(): Promise<BenchDatabase> {
  if (!postgresUrl) throw new Error('DATABASE_URL is not set');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres(postgresUrl, schema);
  try {
    await migrate(db);
  } catch (error) {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.close();
    throw error;
  }
  const version = await db.query<{ server_version: string }>('SHOW server_version');
  return {
    label: 'postgres',
    description: `PostgreSQL ${version[0]?.server_version ?? '?'} at DATABASE_URL, schema ${schema} (dropped afterwards)`,
    db,
    async dispose() {
      try {
        await db.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}

/** The database, counting the statements it is sent (in transactions too; BEGIN and COMMIT aside). */
export function countStatements(db: Database): { db: Database; statements: () => number } {
  let statements = 0;
  const counted = (queryable: Queryable): Queryable => ({
    query(sql, params) {
      statements++;
      return queryable.query(sql, params);
    },
  });
  return {
    statements: () => statements,
    db: {
      kind: db.kind,
      schema: db.schema,
      ...counted(db),
      transaction: (work, setup) => db.transaction((tx) => work(counted(tx)), setup),
      close: () => db.close(),
    },
  };
}

/**
 * The figures `measure` takes on one database, which it opens and disposes of; a failure there is
 * reported and costs only that database's figures.
 */
export async function figuresOn(
  bench: string,
  open: () => Promise<BenchDatabase>,
  measure: (database: BenchDatabase) => Promise<Figure[]>,
): Promise<Figure[]> {
  let database: BenchDatabase | undefined;
  try {
    database = await open();
    return await measure(database);
  } catch (error) {
    console.error(`${bench} on ${database?.description ?? 'a database that did not open'} FAILED:`, error);
    return [];
  } finally {
    await database?.dispose();
  }
}
