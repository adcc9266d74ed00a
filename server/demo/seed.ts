import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NewUser } from '../../lib/api';
import type { Database } from '../db/connection';
import { createTeam, createUser, createWorkspace } from '../directory';
import { seedDemoHandoffs } from './handoffs';

const demoPeople: NewUser[] = [
  { email: 'maya@demo.example', name: 'Maya Marketer', role: 'marketer', teams: ['marketing'] },
  { email: 'riley@demo.example', name: 'Riley Rep', role: 'rep', teams: ['sales'] },
  { email: 'jamie@demo.example', name: 'Jamie Rep', role: 'rep', teams: ['sales'] },
  { email: 'casey@demo.example', name: 'Casey CSM', role: 'csm', teams: ['cs'] },
  { email: 'quinn@demo.example', name: 'Quinn CSM', role: 'csm', teams: ['cs'] },
  { email: 'sam@demo.example', name: 'Sam Support', role: 'support', teams: ['support'] },
  {
    email: 'morgan@demo.example',
    name: 'Morgan Manager',
    role: 'manager',
    teams: [],
    manages: ['sales', 'cs'],
  },
  { email: 'ada@demo.example', name: 'Ada Admin', role: 'admin', teams: [] },
];

export interface DemoTokens {
  workspaceId: string;
  tokens: Array<{ email: string; name: string; role: string; token: string }>;
}

/**
 * The demo workspace `npm start` runs on: a marketing, a sales, a CS and a support team, a manager
 * and an admin, and a few months of their handoffs. Tokens are kept only as hashes in the database, so
 * the demo keeps its printable copy in a file beside the data (development only: never do this with
 * real tokens).
 */
export async function ensureDemoWorkspace(
  db: Database,
  dataDir: string,
  { withHandoffs = true, now = new Date() }: { withHandoffs?: boolean; now?: Date } = {},
): Promise<DemoTokens> {
  const file = join(dataDir, 'demo-tokens.json');
  const existing = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as DemoTokens,
    () => null,
  );
  if (existing) return existing;
  const seeded = await db.transaction(async (tx) => {
    const workspaceId = await createWorkspace(tx, 'Demo Co');
    await createTeam(tx, workspaceId, { id: 'marketing', name: 'Marketing', function: 'marketing' });
    await createTeam(tx, workspaceId, { id: 'sales', name: 'Sales', function: 'sales' });
    await createTeam(tx, workspaceId, { id: 'cs', name: 'Customer Success', function: 'customer_success' });
    await createTeam(tx, workspaceId, { id: 'support', name: 'Support', function: 'support' });
    const tokens: DemoTokens['tokens'] = [];
    for (const person of demoPeople) {
      const { token } = await createUser(tx, workspaceId, person);
      tokens.push({ email: person.email, name: person.name, role: person.role, token });
    }
    return { workspaceId, tokens };
  });
  // Without its history the demo still works: say so, and start.
  if (withHandoffs)
    await seedDemoHandoffs(db, seeded, now).catch((error: unknown) => {
      console.warn(`The demo's handoff history could not be made: ${String(error)}`);
    });
  await writeFile(file, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  return seeded;
}
