import { useMemo } from 'preact/hooks';
import type { BatonDatabase } from '../db/database';
import { directoryKey } from '../device-sync/directory-cache';
import type { Directory, DirectoryPerson } from '../directory';
import { directoryNames, emptyDirectory } from '../directory-names';
import { integrationActorPrefix } from '../sync/mutators/crm';
import { usePanelEnvironment } from './environment';
import { useLiveQuery } from './use-live-query';

/** How the panel names the people (and the API's own actors) behind an id. */
export interface People {
  /** A person's name for display, never a raw id: "you", a name, or what kind of actor it is. */
  nameOf(userId: string | null): string;
  /** What the directory says of a person; null for one it does not know (yet). */
  person(userId: string): DirectoryPerson | null;
  /** A team's name; null for a team the directory does not know (yet). */
  teamName(teamId: string | null): string | null;
  /** The workspace's directory as last synced: empty in local-only mode and before the first sync. */
  directory: Directory;
}

/** The directory each database last gave, so that a section mounted later names people from its first paint. */
const lastDirectory = new WeakMap<BatonDatabase, Directory>();

/**
 * Names every panel section shows for user ids, from the workspace directory the background keeps on this
 * device (re-rendering when it changes). Someone it does not know yet is "a colleague".
 */
export function usePeople(): People {
  const { db, actor } = usePanelEnvironment();
  const found = useLiveQuery(() => db.directory.get(directoryKey), [db]);
  let directory = lastDirectory.get(db) ?? emptyDirectory;
  if (found.status === 'ready') {
    directory = found.value?.directory ?? emptyDirectory;
    lastDirectory.set(db, directory);
  }
  return useMemo(() => {
    const names = directoryNames(directory);
    return {
      nameOf(userId) {
        if (userId === null) return 'nobody yet';
        if (userId === actor.userId) return 'you';
        const name = names.nameOf(userId);
        if (name !== undefined) return name;
        return userId.startsWith(integrationActorPrefix) ? 'the CRM' : 'a colleague';
      },
      person: (userId) => names.person(userId) ?? null,
      teamName: (teamId) => (teamId === null ? null : (names.teamName(teamId) ?? null)),
      directory,
    };
  }, [directory, actor.userId]);
}
