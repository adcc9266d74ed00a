import type { Directory, DirectoryPerson } from './directory';
import { integrationActorPrefix } from './sync/mutators/crm';
import { slaActorId } from './sync/mutators/sla';

/** What is known before the API has said anything (local-only mode, or before the first sync). */
export const emptyDirectory: Directory = { teams: [], people: [], eventSources: [] };

export interface DirectoryNames {
  /** The name of a person or of one of the API's own actors; undefined for an id the directory lacks. */
  nameOf(id: string): string | undefined;
  person(id: string): DirectoryPerson | undefined;
  teamName(id: string): string | undefined;
}

/** Looks names up in a directory by id, in constant time. */
export function directoryNames(directory: Directory): DirectoryNames {
  const people = new Map(directory.people.map((person) => [person.id, person]));
  const teams = new Map(directory.teams.map((team) => [team.id, team.name]));
  const sources = new Map(directory.eventSources.map((source) => [source.id, source.name]));
  return {
    nameOf(id) {
      if (id === slaActorId) return 'Baton (SLA clock)';
      if (id.startsWith(integrationActorPrefix)) {
        const source = sources.get(id.slice(integrationActorPrefix.length));
        return source === undefined ? undefined : `${source} (CRM)`;
      }
      return people.get(id)?.name;
    },
    person: (id) => people.get(id),
    teamName: (id) => teams.get(id),
  };
}
