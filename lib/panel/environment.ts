import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type BatonDatabase, sharedDatabase } from '../db/database';
import type { Actor } from '../handoff/actor';
import { defaultPlaybook } from '../handoff/default-playbook';
import type { Playbook } from '../handoff/playbook';

/** How a panel reaches the background's sync engine; the panel itself never talks to the API. */
export interface PanelSync {
  /** A change was stored on this device: push it soon. */
  changed(): void;
  /** Fetch the API's packets matching a customer name or domain, so the local search finds them. */
  search(query: string): void;
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

let local: PanelEnvironment | undefined;

/** The provided environment, or the local-only one on the shared database when no provider is mounted. */
export function usePanelEnvironment(): PanelEnvironment {
  const provided = useContext(PanelEnvironmentContext);
  if (provided) return provided;
  local ??= {
    db: sharedDatabase(),
    actor: localActor,
    playbook: defaultPlaybook,
    typingPauseMs: defaultTypingPauseMs,
  };
  return local;
}
