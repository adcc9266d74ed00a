import * as z from 'zod/mini';
import type { Me } from './api';
import type { PreparedTemplate } from './communications/prepare';
import { dashboardPath } from './dashboard-paths';
import { Calendar } from './handoff/calendar';
import { HistoryEvent } from './handoff/history';
import { Packet } from './handoff/packet';
import { type ContentItem, Template } from './handoff/playbook';
import { RecordKey } from './handoff/record';
import { TeamFilters } from './team/handoffs';

/**
 * What our own pages (panels, the options page) ask of the background. Kept apart from lib/messages.ts so
 * that these schemas stay in the background's bundle: the pages send plain objects typed from here.
 */

/** Extension page → background: sync soon, for this reason; a panel names the record it opened. */
export const SyncRequestMessage = z.object({
  type: z.literal('sync:request'),
  reason: z.enum(['edit', 'panel-open', 'online', 'retry']),
  /** The record a panel opened: the API is asked for its packets, so a CSM sees the AE's. */
  record: z.optional(RecordKey),
});
export type SyncRequestMessage = z.infer<typeof SyncRequestMessage>;

/** Extension page → background: find the API's packets matching a customer name or domain. */
export const PacketSearchMessage = z.object({
  type: z.literal('packets:search'),
  query: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)),
});
export type PacketSearchMessage = z.infer<typeof PacketSearchMessage>;

/** Options page → background: test this API URL and token and keep them; answered with `SignInAnswer`. */
export const SignInMessage = z.object({
  type: z.literal('account:sign-in'),
  url: z.string().check(z.maxLength(2048)),
  token: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
});
export type SignInMessage = z.infer<typeof SignInMessage>;

export type SignInAnswer = { ok: true } | { ok: false; problem: string };

/** Options page → background: who is signed in? Answered with `AccountAnswer`; never with the token. */
export const AccountQueryMessage = z.object({ type: z.literal('account:get') });
export type AccountQueryMessage = z.infer<typeof AccountQueryMessage>;

export type AccountAnswer =
  | { signedIn: false }
  | ({
      signedIn: true;
      apiUrl: string;
      me: Me;
    } & PendingChanges);

/** Changes on this device not yet on the API: how many, and the id of the newest (0: none). */
export type PendingChanges = { pending: number; newestPending: number };

/**
 * Options page → background: forget the token and erase this device's data, answered with `SignOutAnswer`.
 * `discardingUpTo` is the id of the newest change not yet on the API that the person agreed to lose (0:
 * they were told of none); a newer one stops the sign-out.
 */
export const SignOutMessage = z.object({
  type: z.literal('account:sign-out'),
  discardingUpTo: z.number().check(z.int(), z.nonnegative()),
});
export type SignOutMessage = z.infer<typeof SignOutMessage>;

/** Not signed out when a change waits that the person was not told of: they are asked again. */
export type SignOutAnswer = { ok: true } | ({ ok: false } & PendingChanges);

const InvitePerson = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  email: z.email(),
});
const ownerName = z.optional(z.string().check(z.maxLength(200)));

/**
 * Panel → background: render the packet's communications (templates, kickoff invite); answered with
 * `CommunicationsAnswer`. The background holds Mustache and the calendar library, which would not fit in
 * the panel's size budget.
 */
export const CommunicationsMessage = z.object({
  type: z.literal('communications:prepare'),
  packet: Packet,
  templates: z.array(Template).check(z.maxLength(50)),
  owners: z.object({ givingOwnerName: ownerName, receivingOwnerName: ownerName }),
  calendar: Calendar,
  organizer: z.nullable(InvitePerson),
  ownerAttendees: z.array(InvitePerson).check(z.maxLength(2)),
});
export type CommunicationsMessage = z.infer<typeof CommunicationsMessage>;

export type CommunicationsAnswer = { templates: PreparedTemplate[] };

/**
 * Panel → background: a packet's history in words; answered with `HistoryLine[]`, newest first. The panel
 * names the people its events mention (`names`, by id); the background holds the words, which would not
 * fit in the panel's size budget.
 */
export const HistoryWordsMessage = z.object({
  type: z.literal('history:describe'),
  events: z.array(HistoryEvent).check(z.maxLength(100_000)),
  names: z.record(z.string(), z.string().check(z.maxLength(200))),
});
export type HistoryWordsMessage = z.infer<typeof HistoryWordsMessage>;

/**
 * Panel → background: the playbook that ships with the extension, for local-only mode (no API signed
 * in to); answered with a `Playbook`. Kept in the background so the panel's bundle does not carry it.
 */
export const LocalPlaybookMessage = z.object({ type: z.literal('playbook:local') });
export type LocalPlaybookMessage = z.infer<typeof LocalPlaybookMessage>;

/** Options page → background: the playbook's adoption content; answered with `ContentAnswer`. */
export const ContentQueryMessage = z.object({ type: z.literal('content:get') });
export type ContentQueryMessage = z.infer<typeof ContentQueryMessage>;

export type ContentAnswer = { ok: true; content: ContentItem[] } | { ok: false; problem: string };

/**
 * Options page → background: replace the content map (a marketer's or admin's); answered with
 * `ContentSaveAnswer`. The API validates each item and says which is wrong.
 */
export const ContentSaveMessage = z.object({
  type: z.literal('content:save'),
  content: z.array(z.unknown()).check(z.maxLength(1000)),
});
export type ContentSaveMessage = z.infer<typeof ContentSaveMessage>;

export type ContentSaveAnswer =
  | { ok: true; content: ContentItem[] }
  | { ok: false; problem: string; issues: Array<{ path: string; message: string }> };

/**
 * Team view → background: one page of the open handoffs the person follows, under these filters, from
 * `offset` (0: the first); answered with `TeamHandoffsAnswer` (lib/team/handoffs.ts).
 */
export const TeamHandoffsMessage = z.object({
  type: z.literal('team:handoffs'),
  filters: TeamFilters,
  offset: z.number().check(z.int(), z.gte(0), z.lte(1_000_000)),
});
export type TeamHandoffsMessage = z.infer<typeof TeamHandoffsMessage>;

/**
 * Dashboard page → background: GET one of the dashboard's API paths with the token the background
 * holds; answered with `DashboardAnswer`. Only the dashboard's read-only paths are accepted.
 */
export const DashboardGetMessage = z.object({
  type: z.literal('dashboard:get'),
  path: z.string().check(z.maxLength(2000), z.regex(dashboardPath, 'must be a dashboard path')),
});
export type DashboardGetMessage = z.infer<typeof DashboardGetMessage>;

export type DashboardAnswer =
  | { ok: true; body: unknown }
  | { ok: false; status: number | null; problem: string };

export const ExtensionPageMessage = z.discriminatedUnion('type', [
  DashboardGetMessage,
  SyncRequestMessage,
  PacketSearchMessage,
  SignInMessage,
  AccountQueryMessage,
  SignOutMessage,
  CommunicationsMessage,
  HistoryWordsMessage,
  LocalPlaybookMessage,
  ContentQueryMessage,
  ContentSaveMessage,
  TeamHandoffsMessage,
]);
export type ExtensionPageMessage = z.infer<typeof ExtensionPageMessage>;
