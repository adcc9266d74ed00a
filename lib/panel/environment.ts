import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type BatonDatabase, sharedDatabase } from '../db/database';
import type { Actor } from '../handoff/actor';
import { defaultPlaybook } from '../handoff/default-playbook';
import type { Playbook } from '../handoff/playbook';

/** Who is editing, under which playbook, against which database: what sign-in and sync will later supply. */
export interface PanelEnvironment {
  db: BatonDatabase;
  actor: Actor;
  playbook: Playbook;
  /** How long typing must pause before the value is written as one edit. */
  typingPauseMs: number;
}

/** Until sign-in exists, everything is written by a local-only user who gives every packet they start. */
export const localActor: Actor = { userId: 'local', role: 'rep', teamIds: [], managedTeamIds: [] };

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
