import type { Directory } from '../directory';
import type { HistoryEvent } from '../handoff/history';
import type { Packet } from '../handoff/packet';
import type { MutationName } from '../sync/mutations';
import type { SlaSummary } from '../sync/protocol';
import type { TeamHandoffsList } from '../team/handoffs';

/** A packet as stored, with the keys its indexes need derived beside it so the packet stays the API's shape. */
export interface PacketRow {
  id: string;
  /** `recordKeyString` of every linked record: a multiEntry index, so a record finds its packets directly. */
  recordKeys: string[];
  /** Lower-case words of the customer's name and domain, for the local "link to a packet" search. */
  searchWords: string[];
  packet: Packet;
}

/** A local change not yet acknowledged by the API, in the order the client made it. */
export interface OutboxRow {
  /** The client's mutation id: consecutive from 1, as the push protocol requires. */
  id: number;
  name: MutationName;
  args: unknown;
  createdAt: string;
  /** The packet the change applied to locally (for a joined createPacket, the packet it joined). */
  packetId: string;
}

/** This installation's identity towards the API and how far sync has come. */
export interface ClientMeta {
  key: 'client';
  clientId: string;
  /** The last mutation id given to a local change. */
  lastMutationId: number;
  /** The last mutation id the API acknowledged; outbox rows up to it can go. */
  lastAckedMutationId: number;
  /** The pull cursor, null before the first pull. */
  pullCursor: number | null;
  /**
   * Packets to fetch one by one because a pull may never bring them: touched by an acknowledged or refused
   * mutation (a refusal leaves the server's copy unchanged, so no pull carries it) or adopted by another id.
   */
  packetsToRefresh: string[];
  /** Packets whose history to fetch, with the server seq their local copy is based on. */
  historiesToRefresh: Record<string, number>;
}

/** A mutation the API refused, kept until its author has seen the reason. */
export interface RejectionRow {
  id?: number;
  mutationId: number;
  packetId: string;
  name: string;
  code: string;
  message: string;
  /** What the author asked for, to show beside the reason. */
  args: unknown;
  at: string;
  seen: boolean;
}

/**
 * What a person is typing, written at every keystroke so that a reload or a crash before the pause in
 * typing (when the edit becomes a mutation) loses nothing; replayed when the panel next opens.
 */
export interface TypingRow {
  /** The edit key (lib/panel/edit-keys.ts). */
  key: string;
  packetId: string;
  field: string;
  /** For a list item's field. */
  item?: { list: string; itemId: string };
  value: string | number | boolean | null;
  /** The revision the person saw when this burst of typing began. */
  seenRev: string | null;
  /** The panel session typing it: another panel leaves a live session's typing alone. */
  session: string;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export type HistoryRow = HistoryEvent;

/** A packet's SLA summary as the API last sent it with the packet (pull). */
export type SlaSummaryRow = SlaSummary;

/**
 * An event the API says this person is to be told of, kept so that each is told at most once, however often
 * pull brings it and however often the browser restarts. `new` until shown; `quiet` when it came with the
 * first pull after signing in, or too late to be news.
 */
export interface NoticeRow {
  /** `packetId:seq`. */
  key: string;
  event: HistoryEvent;
  status: 'new' | 'shown' | 'quiet';
  receivedAt: string;
}

/** Where a linked record was last seen open, as its tab's content script reported: to open it again. */
export interface RecordUrlRow {
  /** `recordKeyString` of the record. */
  key: string;
  url: string;
  seenAt: string;
}

/** The workspace's directory (GET /v1/directory) as the API last gave it: one row, `workspace`. */
export interface DirectoryRow {
  key: 'workspace';
  directory: Directory;
  fetchedAt: string;
  /**
   * Ids that synced packets or histories named and this directory lacked when it was fetched (someone
   * removed, an id the API does not hold): not asked for again until the next scheduled refresh.
   */
  unknownIds: string[];
}

/**
 * The team view's list for one filter set as the API last gave it (every page shown so far), with when it
 * was fetched, so the view reads offline and says how old it is.
 */
export interface TeamHandoffsRow extends TeamHandoffsList {
  /** `teamFiltersKey` of the filters. */
  key: string;
}
