import type { Database } from './db/connection';
import { migrate } from './db/migrate';

/**
 * Row-level security does not bind a superuser, and a superuser's mistakes are unbounded: on
 * PostgreSQL the API runs as an ordinary role (one with CREATEROLE, so that its migrations can
 * create the unprivileged role requests run as). PGlite has only its embedded superuser, and the
 * requests there still run as that unprivileged role.
 */
export async function refuseSuperuser(db: Database): Promise<void> {
  if (db.kind !== 'postgres') return;
  const [me] = await db.query<{ rolsuper: boolean; rolname: string }>(
    'SELECT rolsuper, rolname FROM pg_roles WHERE rolname = current_user',
  );
  if (me?.rolsuper)
    throw new Error(
      [
        `refusing to run as the PostgreSQL superuser "${me.rolname}". Create an ordinary role, for example:`,
        "  CREATE ROLE baton LOGIN CREATEROLE PASSWORD '…'; GRANT CREATE ON DATABASE <db> TO baton;",
        'and put it in DATABASE_URL.',
      ].join('\n'),
    );
}

/** Everything the API needs from its database before it takes a request. */
export async function prepareDatabase(db: Database): Promise<string[]> {
  await refuseSuperuser(db);
  return migrate(db);
}
