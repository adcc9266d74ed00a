import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { BatonDatabase } from '../db/database';
import type { Actor } from '../handoff/actor';
import type { Playbook } from '../handoff/playbook';

/** How a panel reaches the background's sync engine; the panel itself never talks to the API. */
export interface PanelSync {
  /** A change was stored on this device: push it soon. */
  changed(): void;
  /** Fetch the API's packets matching a customer name or domain, so the local search finds them. */
  search(query: string): void;
  /** The person asks to reach the API now, past any backoff. */
  retry(): void;
}

/** Who is editing, under which playbook, against which database, and whether it syncs. */
export interface PanelEnvironment {
  db: BatonDatabase;
  actor: Actor;
  playbook: Playbook;
  /** How long typing must pause before the value is written as one edit. */
  typingPauseMs: number;
  /** Absent in local-only mode (no API signed in to): drafts then stay on this device. */
  sync?: PanelSync;
}

/** Without sign-in, everything is written by a local-only user who gives every packet they start. */
export const localActor: Actor = {
  userId: 'local',
  role: 'rep',
  teamIds: [],
  managedTeamIds: [],
  teamFunctions: {},
};

export const defaultTypingPauseMs = 600;

export const PanelEnvironmentContext = createContext<PanelEnvironment | null>(null);

/** The provided environment: the panel page provides one once it knows who edits under which playbook. */
export function usePanelEnvironment(): PanelEnvironment {
  const provided = useContext(PanelEnvironmentContext);
  if (!provided) throw new Error('a panel section was rendered outside PanelEnvironmentContext');
  return provided;
}
