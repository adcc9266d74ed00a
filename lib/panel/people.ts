import { slaActorId } from '../sync/mutators/sla';
import { usePanelEnvironment } from './environment';

/** How the panel names the people (and the API's own actors) behind an id. */
export interface People {
  /** A person's name for display, never a raw id: "you", a name, or what kind of actor it is. */
  nameOf(userId: string | null): string;
}

/**
 * Names every panel section shows for user ids. Until the workspace directory is on this device, people
 * other than the viewer are "a colleague"; the API's own actors say what they are.
 */
export function usePeople(): People {
  const { actor } = usePanelEnvironment();
  return {
    nameOf(userId) {
      if (userId === null) return 'nobody yet';
      if (userId === actor.userId) return 'you';
      if (userId === slaActorId) return 'Baton (SLA clock)';
      if (userId.startsWith('integration:')) return 'the CRM';
      return 'a colleague';
    },
  };
}
