import type { Caller } from '../auth-context';
import type { Database } from '../db/connection';
import { parseToken, secretMatches, tokenIdPattern } from '../tokens';
import { ApiFailure } from './errors';

/** What require_live_token (migration 003) raises for a revoked token. */
const revokedCode = '28000';

type TokenRow = {
  secret_hash: Uint8Array;
  workspace_id: string;
  workspace_name: string;
  user_id: string;
  email: string;
  name: string;
  role: Caller['actor']['role'];
  team_ids: string[];
  managed_team_ids: string[];
  team_functions: Caller['actor']['teamFunctions'];
};

/**
 * Who a token belongs to, remembered for a while so that most requests need no query of their own to
 * authenticate. A revocation still takes effect at once: every request's transaction begins by checking
 * that its token is live (see requestDatabase). What this can leave stale for `rememberedMs` is a
 * person's name, role or teams, which the API does not change after creating a user.
 */
const rememberedMs = 30_000;
const rememberedTokens = 10_000;
const remembered = new WeakMap<Database, Map<string, { row: TokenRow; at: number }>>();

const unauthorised = () =>
  new ApiFailure(401, 'unauthorized', 'a valid API token is required', undefined, {
    'WWW-Authenticate': 'Bearer realm="baton"',
  });

/**
 * Finds the caller from a bearer token. Its query, when the token is not remembered, runs outside any
 * workspace (the workspace is what it finds out), as the table owner; everything after it runs inside
 * the caller's workspace.
 */
export async function authenticate(db: Database, authorization: string | undefined): Promise<Caller> {
  const presented = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  const token = presented ? parseToken(presented) : null;
  if (!token) throw unauthorised();
  const row = rememberedRow(db, token.id) ?? (await lookUp(db, token.id));
  if (!row || !secretMatches(token.secret, row.secret_hash)) throw unauthorised();
  return {
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    tokenId: token.id,
    email: row.email,
    name: row.name,
    actor: {
      userId: row.user_id,
      role: row.role,
      teamIds: row.team_ids,
      managedTeamIds: row.managed_team_ids,
      teamFunctions: row.team_functions,
    },
  };
}

function rememberedRow(db: Database, tokenId: string): TokenRow | undefined {
  const entry = remembered.get(db)?.get(tokenId);
  return entry && Date.now() - entry.at < rememberedMs ? entry.row : undefined;
}

async function lookUp(db: Database, tokenId: string): Promise<TokenRow | undefined> {
  const [row] = await db.query<TokenRow>(
    `SELECT t.secret_hash, t.workspace_id, w.name AS workspace_name, u.id AS user_id, u.email, u.name, u.role,
            coalesce(array_agg(m.team_id) FILTER (WHERE m.team_id IS NOT NULL), '{}') AS team_ids,
            coalesce(array_agg(m.team_id) FILTER (WHERE m.manages), '{}') AS managed_team_ids,
            coalesce(jsonb_object_agg(m.team_id, team.function) FILTER (WHERE m.team_id IS NOT NULL), '{}')
              AS team_functions
       FROM tokens t
       JOIN users u ON u.workspace_id = t.workspace_id AND u.id = t.user_id
       JOIN workspaces w ON w.id = t.workspace_id
       LEFT JOIN team_members m ON m.workspace_id = u.workspace_id AND m.user_id = u.id
       LEFT JOIN teams team ON team.workspace_id = m.workspace_id AND team.id = m.team_id
      WHERE t.id = $1 AND t.revoked_at IS NULL
      GROUP BY t.id, w.id, u.workspace_id, u.id`,
    [tokenId],
  );
  if (!row) return undefined;
  const rows = remembered.get(db) ?? new Map<string, { row: TokenRow; at: number }>();
  remembered.set(db, rows);
  if (rows.size >= rememberedTokens) rows.clear();
  rows.set(tokenId, { row, at: Date.now() });
  return row;
}

/**
 * The database as one request sees it: each transaction first checks, in the same round trip as its
 * BEGIN, that the request's token is still live, and a revoked one ends the request with 401.
 */
export function requestDatabase(db: Database, tokenId: string): Database {
  // Inlined into SQL sent without parameters: the id is checked to be a token id first.
  if (!tokenIdPattern.test(tokenId)) throw unauthorised();
  const check = `SELECT require_live_token('${tokenId}')`;
  return {
    ...db,
    async transaction(work, setup) {
      try {
        return await db.transaction(work, setup ? `${setup}; ${check}` : check);
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code === revokedCode) {
          remembered.get(db)?.delete(tokenId);
          throw unauthorised();
        }
        throw error;
      }
    },
  };
}
