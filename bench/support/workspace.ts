import type { Database } from '../../server/db/connection';
import { createTeam, createUser, createWorkspace } from '../../server/directory';

export interface Person {
  id: string;
  token: string;
}

export interface BenchWorkspace {
  id: string;
  /** Sales reps, one per concurrent client. */
  reps: Person[];
  salesManager: Person;
  csManager: Person;
  admin: Person;
}

export const teams = [
  { id: 'marketing', name: 'Marketing', function: 'marketing' },
  { id: 'sales', name: 'Sales', function: 'sales' },
  { id: 'cs', name: 'Customer Success', function: 'customer_success' },
  { id: 'support', name: 'Support', function: 'support' },
] as const;

/** A workspace with the four teams, `repCount` reps, a manager of Sales, one of CS, and an admin. */
export async function seedWorkspace(
  db: Database,
  repCount: number,
  name = 'Bench Inc',
): Promise<BenchWorkspace> {
  return db.transaction(async (tx) => {
    const id = await createWorkspace(tx, name);
    for (const team of teams) await createTeam(tx, id, team);
    const reps: Person[] = [];
    for (let index = 0; index < repCount; index++)
      reps.push(
        await createUser(tx, id, {
          email: `rep${index}@bench.example`,
          name: `Rep ${index}`,
          role: 'rep',
          teams: ['sales'],
        }),
      );
    const salesManager = await createUser(tx, id, {
      email: 'sales-manager@bench.example',
      name: 'Sales Manager',
      role: 'manager',
      teams: [],
      manages: ['sales'],
    });
    const csManager = await createUser(tx, id, {
      email: 'cs-manager@bench.example',
      name: 'CS Manager',
      role: 'manager',
      teams: [],
      manages: ['cs'],
    });
    const admin = await createUser(tx, id, {
      email: 'admin@bench.example',
      name: 'Admin',
      role: 'admin',
      teams: [],
    });
    return { id, reps, salesManager, csManager, admin };
  });
}
