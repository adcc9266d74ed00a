import * as z from 'zod/mini';
import { Id, Role } from './handoff/actor';
import { FunctionName } from './handoff/handoff-points';

/**
 * GET /v1/directory: who is who in the caller's workspace, so that people are shown by name, never by id.
 * Every member sees every member (docs/decisions/people-directory.md); nothing of another workspace.
 */

export const DirectoryTeam = z.object({ id: Id, name: z.string(), function: FunctionName });
export type DirectoryTeam = z.infer<typeof DirectoryTeam>;

export const DirectoryPerson = z.object({
  id: Id,
  name: z.string(),
  /** For calendar invites and mailto links. */
  email: z.string(),
  role: Role,
  teams: z.array(z.object({ id: Id, manages: z.boolean() })),
});
export type DirectoryPerson = z.infer<typeof DirectoryPerson>;

/** A CRM workflow posting events (revoked ones too: their past events still name them), without its secret. */
export const DirectorySource = z.object({ id: z.string(), name: z.string() });
export type DirectorySource = z.infer<typeof DirectorySource>;

export const Directory = z.object({
  teams: z.array(DirectoryTeam),
  people: z.array(DirectoryPerson),
  eventSources: z.array(DirectorySource),
});
export type Directory = z.infer<typeof Directory>;
