import * as z from 'zod/mini';
import { Role } from './handoff/actor';

/** Every error the API returns has this shape. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

export const Me = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: Role }),
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  teams: z.array(z.object({ id: z.string(), name: z.string(), function: z.string(), manages: z.boolean() })),
});
export type Me = z.infer<typeof Me>;
