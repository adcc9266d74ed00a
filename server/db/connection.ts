import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type DatabaseKind = 'pglite' | 'postgres';

export type Row = Record<string, unknown>;

/** The one face both engines show the rest of the server, so routes never know which one they run on. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** The schema Baton's tables live in; tests give each suite its own. */
  readonly schema: string;
  /**
   * Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it
   * throws. `setup`, SQL without parameters, runs first, sent with BEGIN in one round trip.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, setup?: string): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseSettings {
  /** A PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files. */
  dataDir: string;
  /** The schema for Baton's tables (created by the migrations). */
  schema?: string;
}

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

function checkedSchema(schema = 'baton'): string {
  if (!schemaPattern.test(schema)) throw new Error(`schema must match ${schemaPattern}, got "${schema}"`);
  return schema;
}

export const defaultDataDir = '.data/pglite';

export function databaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.BATON_DATA_DIR || defaultDataDir,
    schema: env.BATON_DB_SCHEMA || undefined,
  };
}

export function openDatabase(settings: DatabaseSettings): Promise<Database> {
  return settings.databaseUrl
    ? openPostgres(settings.databaseUrl, settings.schema)
    : openPglite(settings.dataDir, settings.schema);
}

/** Opens PGlite in `dataDir`, or in memory when it is `memory://`. */
export async function openPglite(dataDir: string, schemaName?: string): Promise<Database> {
  const schema = checkedSchema(schemaName);
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : resolve(dataDir);
  if (!inMemory) await mkdir(location, { recursive: true });
  const db = await PGlite.create(location);
  // One connection, so the search path set once holds for every query.
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  return {
    kind: 'pglite',
    schema,
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<R>(sql, [...params]);
      return result.rows;
    },
    transaction: (work, setup) =>
      db.transaction(async (tx) => {
        if (setup) await tx.exec(setup);
        return work({
          async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
            return (await tx.query<R>(sql, [...params])).rows;
          },
        });
      }),
    close: () => db.close(),
  };
}

export async function openPostgres(connectionString: string, schemaName?: string): Promise<Database> {
  const schema = checkedSchema(schemaName);
  const pool = new pg.Pool({ connectionString, options: `-c search_path=${schema}`, max: 10 });
  // A pooled client that loses its connection while idle emits 'error' on the pool, and an
  // unhandled 'error' event would take the whole server down.
  pool.on('error', (error) => console.error(`PostgreSQL idle client error: ${error.message}`));
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: { code?: string }) => {
    // Instances starting together on a fresh database race to create it: one wins, and that is enough.
    if (error.code !== '23505' && error.code !== '42P06') throw error;
  });
  const prepared = preparedStatements();
  return {
    kind: 'postgres',
    schema,
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query<R>(prepared(sql, params));
      return result.rows;
    },
    async transaction(work, setup) {
      const client = await pool.connect();
      try {
        // Without parameters the statements go as one simple query: one round trip for both.
        await client.query(setup ? `BEGIN; ${setup}` : 'BEGIN');
        const result = await work({
          async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
            return (await client.query<R>(prepared(sql, params))).rows;
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Names each parameterised statement, so that every pooled connection parses and plans it once rather
 * than on every request: the push's statements are long, and planning them cost more than running them.
 * Statements without parameters (migrations, several statements in one string) stay unnamed.
 */
function preparedStatements() {
  const names = new Map<string, string>();
  return (sql: string, params: readonly unknown[]): pg.QueryConfig => {
    if (params.length === 0) return { text: sql };
    let name = names.get(sql);
    if (name === undefined) {
      name = `baton_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    return { name, text: sql, values: [...params] };
  };
}
