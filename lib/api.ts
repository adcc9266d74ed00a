import * as z from 'zod/mini';
import { Role } from './handoff/actor';
import { FunctionName } from './handoff/handoff-points';
import { ContentItem } from './handoff/playbook';

/** Every error the API returns has this shape. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** PUT /v1/playbook/content: the adoption content map, replacing the playbook's. */
export const PlaybookContent = z.array(ContentItem).check(z.maxLength(1000));

export const Me = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: Role }),
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  teams: z.array(
    z.object({ id: z.string(), name: z.string(), function: FunctionName, manages: z.boolean() }),
  ),
});
export type Me = z.infer<typeof Me>;

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const teamId = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lowercase slug'));

export const NewTeam = z.object({
  id: teamId,
  name,
  function: FunctionName,
});
export type NewTeam = z.infer<typeof NewTeam>;

/** POST /v1/users. Managers name the teams they manage; they are members of those teams too. */
export const NewUser = z.object({
  email: z.email(),
  name,
  role: Role,
  teams: z.array(teamId).check(z.maxLength(50)),
  manages: z.optional(z.array(teamId).check(z.maxLength(50))),
});
export type NewUser = z.infer<typeof NewUser>;

export const CreatedUser = z.object({ id: z.string(), token: z.string() });
