import { randomUUID } from 'node:crypto';
import type { NewTeam, NewUser } from '../lib/api';
import type { Directory, DirectoryPerson } from '../lib/directory';
import type { Tx } from './db/workspace-transaction';
import { ApiFailure } from './http/errors';
import { issueToken } from './tokens';

/** Workspaces, teams, users and tokens: shared by the CLI and the admin routes. */

export async function createWorkspace(tx: Tx, name: string): Promise<string> {
  const id = randomUUID();
  await tx.query('INSERT INTO workspaces (id, name) VALUES ($1, $2)', [id, name]);
  return id;
}

export async function createTeam(tx: Tx, workspaceId: string, team: NewTeam): Promise<void> {
  const rows = await tx.query(
    `INSERT INTO teams (workspace_id, id, name, function) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING id`,
    [workspaceId, team.id, team.name, team.function],
  );
  if (rows.length === 0)
    throw new ApiFailure(409, 'team_exists', `a team "${team.id}" or "${team.name}" exists`);
}

export async function createUser(
  tx: Tx,
  workspaceId: string,
  user: NewUser,
): Promise<{ id: string; token: string; tokenId: string }> {
  const manages = user.manages ?? [];
  const teamIds = [...new Set([...user.teams, ...manages])];
  const known = await tx.query<{ id: string }>(
    'SELECT id FROM teams WHERE workspace_id = $1 AND id = ANY($2::text[])',
    [workspaceId, teamIds],
  );
  const missing = teamIds.filter((team) => !known.some((row) => row.id === team));
  if (missing.length > 0)
    throw new ApiFailure(
      400,
      'unknown_team',
      `no team ${missing.join(', ')} in this workspace`,
      missing.map((team) => ({
        path: manages.includes(team) ? 'manages' : 'teams',
        message: `no team "${team}"`,
      })),
    );
  if (manages.length > 0 && user.role !== 'manager' && user.role !== 'admin')
    throw new ApiFailure(400, 'invalid_request', 'only managers and admins manage teams', [
      { path: 'manages', message: `a ${user.role} does not manage teams` },
    ]);
  const id = randomUUID();
  const inserted = await tx.query(
    `INSERT INTO users (workspace_id, id, email, name, role) VALUES ($1, $2, lower($3), $4, $5)
     ON CONFLICT (workspace_id, email) DO NOTHING RETURNING id`,
    [workspaceId, id, user.email, user.name, user.role],
  );
  if (inserted.length === 0)
    throw new ApiFailure(409, 'user_exists', `a user with email ${user.email} exists`);
  for (const team of teamIds)
    await tx.query(
      'INSERT INTO team_members (workspace_id, team_id, user_id, manages) VALUES ($1, $2, $3, $4)',
      [workspaceId, team, id, manages.includes(team)],
    );
  const token = await addToken(tx, workspaceId, id);
  return { id, ...token };
}

export async function addToken(
  tx: Tx,
  workspaceId: string,
  userId: string,
): Promise<{ token: string; tokenId: string }> {
  const issued = issueToken();
  await tx.query('INSERT INTO tokens (id, workspace_id, user_id, secret_hash) VALUES ($1, $2, $3, $4)', [
    issued.id,
    workspaceId,
    userId,
    issued.secretHash,
  ]);
  return { token: issued.token, tokenId: issued.id };
}

/** Revokes every live token of the user and, when asked, issues a fresh one. */
export async function revokeTokens(tx: Tx, workspaceId: string, userId: string): Promise<number> {
  const rows = await tx.query(
    'UPDATE tokens SET revoked_at = now() WHERE workspace_id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id',
    [workspaceId, userId],
  );
  return rows.length;
}

export async function findUserByEmail(tx: Tx, workspaceId: string, email: string): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    'SELECT id FROM users WHERE workspace_id = $1 AND email = lower($2)',
    [workspaceId, email],
  );
  return rows[0]?.id ?? null;
}

/**
 * Who is who in the workspace (GET /v1/directory): its teams, its people with their teams, and the names
 * of its CRM event sources, revoked ones included (their events stay in histories). No secrets.
 */
export async function readDirectory(tx: Tx, workspaceId: string): Promise<Directory> {
  const teams = await tx.query<Directory['teams'][number]>(
    'SELECT id, name, function FROM teams WHERE workspace_id = $1 ORDER BY name, id',
    [workspaceId],
  );
  const people = await tx.query<DirectoryPerson>(
    `SELECT u.id, u.name, u.email, u.role,
            coalesce(jsonb_agg(jsonb_build_object('id', m.team_id, 'manages', m.manages) ORDER BY m.team_id)
              FILTER (WHERE m.team_id IS NOT NULL), '[]'::jsonb) AS teams
       FROM users u
       LEFT JOIN team_members m ON m.workspace_id = u.workspace_id AND m.user_id = u.id
      WHERE u.workspace_id = $1
      GROUP BY u.workspace_id, u.id
      ORDER BY u.name, u.id`,
    [workspaceId],
  );
  const eventSources = await tx.query<Directory['eventSources'][number]>(
    'SELECT id, name FROM event_sources WHERE workspace_id = $1 ORDER BY created_at, id',
    [workspaceId],
  );
  return { teams, people, eventSources };
}
