import type { Caller } from '../auth-context';
import type { Database } from '../db/connection';
import { parseToken, secretMatches } from '../tokens';
import { ApiFailure } from './errors';

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
};

const unauthorised = () =>
  new ApiFailure(401, 'unauthorized', 'a valid API token is required', undefined, {
    'WWW-Authenticate': 'Bearer realm="baton"',
  });

/**
 * Finds the caller from a bearer token. This one query runs outside any workspace (the workspace
 * is what it finds out), as the table owner; everything after it runs inside the caller's workspace.
 */
export async function authenticate(db: Database, authorization: string | undefined): Promise<Caller> {
  const presented = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  const token = presented ? parseToken(presented) : null;
  if (!token) throw unauthorised();
  const [row] = await db.query<TokenRow>(
    `SELECT t.secret_hash, t.workspace_id, w.name AS workspace_name, u.id AS user_id, u.email, u.name, u.role,
            coalesce(array_agg(m.team_id) FILTER (WHERE m.team_id IS NOT NULL), '{}') AS team_ids,
            coalesce(array_agg(m.team_id) FILTER (WHERE m.manages), '{}') AS managed_team_ids
       FROM tokens t
       JOIN users u ON u.workspace_id = t.workspace_id AND u.id = t.user_id
       JOIN workspaces w ON w.id = t.workspace_id
       LEFT JOIN team_members m ON m.workspace_id = u.workspace_id AND m.user_id = u.id
      WHERE t.id = $1 AND t.revoked_at IS NULL
      GROUP BY t.id, w.id, u.workspace_id, u.id`,
    [token.id],
  );
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
    },
  };
}
