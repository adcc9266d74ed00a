import type { Directory } from '../../lib/directory';
import { actors } from './domain';

const teamNames: Record<string, string> = {
  't-marketing': 'Marketing',
  't-sales': 'Sales',
  't-cs': 'Customer Success',
  't-support': 'Support',
};

const personNames: Record<keyof typeof actors, string> = {
  marketer: 'Mia Marketer',
  rep: 'Rae Rep',
  otherRep: 'Otto Rep',
  csm: 'Cass CSM',
  otherCsm: 'Cole CSM',
  support: 'Sol Support',
  salesManager: 'Sam Sales-Manager',
  csManager: 'Cleo CS-Manager',
  admin: 'Ada Admin',
};

/** The workspace of test/support/domain.ts's actors, as GET /v1/directory would give it. */
export const testDirectory: Directory = {
  teams: Object.entries(teamNames).map(([id, name]) => ({ id, name, function: functionOf(id) })),
  people: (Object.keys(personNames) as Array<keyof typeof actors>).map((key) => ({
    id: actors[key].userId,
    name: personNames[key],
    email: `${key}@acme.example`,
    role: actors[key].role,
    teams: actors[key].teamIds.map((id) => ({ id, manages: actors[key].managedTeamIds.includes(id) })),
  })),
  eventSources: [{ id: 'es_salesforce01', name: 'Salesforce Flow' }],
};

function functionOf(teamId: string) {
  const found = Object.values(actors).find((actor) => actor.teamFunctions[teamId]);
  if (!found) throw new Error(`no actor on ${teamId}`);
  return found.teamFunctions[teamId] as Directory['teams'][number]['function'];
}
