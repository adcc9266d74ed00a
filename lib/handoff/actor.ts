import * as z from 'zod/mini';

export const Role = z.enum(['marketer', 'rep', 'csm', 'support', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

export const Id = z.string().check(z.minLength(1), z.maxLength(100));

/** Who is making a change: enough to decide what they may do, nothing more. */
export const Actor = z.object({
  userId: Id,
  role: Role,
  teamIds: z.array(Id),
  managedTeamIds: z.array(Id),
});
export type Actor = z.infer<typeof Actor>;
