import type { PromiseExtended } from 'dexie';
import type { Me } from '../api';
import type { Actor } from '../handoff/actor';
import type { Playbook } from '../handoff/playbook';
import type { BatonDatabase } from './database';

/** Where the team's API is and the token to reach it. Only the background and the options page read it. */
export interface ApiConnection {
  /** The API's base URL, without a trailing slash; requests go to this origin and no other. */
  url: string;
  token: string;
}

/** Who signed in and the workspace's playbook, as the API last said: what panels edit with. */
export interface Session {
  me: Me;
  playbook: Playbook;
  refreshedAt: string;
}

/** What the background last knew about syncing, for panels to show. */
export interface SyncStatus {
  state: 'idle' | 'syncing' | 'offline' | 'error';
  /** When a sync last finished without error. */
  syncedAt: string | null;
  /** Failures in a row; the backoff grows with them. */
  failures: number;
  /** No automatic sync before this instant. */
  retryAt: string | null;
  /** What went wrong and what to do about it, in words for the person using the panel. */
  problem: string | null;
}

interface Settings {
  connection: ApiConnection;
  session: Session;
  syncStatus: SyncStatus;
}

export type SettingKey = keyof Settings;

/** Each setting is its own row, so a panel watching the session never reads the token. */
export function readSetting<Key extends SettingKey>(
  db: BatonDatabase,
  key: Key,
): PromiseExtended<Settings[Key] | undefined> {
  // Only writeSetting writes these rows, with the type their key names.
  return db.settings.get(key).then((row) => row?.value as Settings[Key] | undefined);
}

export function writeSetting<Key extends SettingKey>(
  db: BatonDatabase,
  key: Key,
  value: Settings[Key],
): PromiseExtended<string> {
  return db.settings.put({ key, value });
}

export const idleSyncStatus: SyncStatus = {
  state: 'idle',
  syncedAt: null,
  failures: 0,
  retryAt: null,
  problem: null,
};

/** The signed-in person as the mutators see them: member of every team of theirs, manager of some. */
export function actorOf(me: Me): Actor {
  return {
    userId: me.user.id,
    role: me.user.role,
    teamIds: me.teams.map((team) => team.id),
    managedTeamIds: me.teams.filter((team) => team.manages).map((team) => team.id),
    teamFunctions: Object.fromEntries(me.teams.map((team) => [team.id, team.function])),
  };
}
