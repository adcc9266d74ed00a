import * as z from 'zod/mini';
import type { Me } from './api';
import { RecordKey } from './handoff/record';

/**
 * What our own pages (panels, the options page) ask of the background. Kept apart from lib/messages.ts so
 * that these schemas stay in the background's bundle: the pages send plain objects typed from here.
 */

/** Extension page → background: sync soon, for this reason; a panel names the record it opened. */
export const SyncRequestMessage = z.object({
  type: z.literal('sync:request'),
  reason: z.enum(['edit', 'panel-open', 'online']),
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

export const ExtensionPageMessage = z.discriminatedUnion('type', [
  SyncRequestMessage,
  PacketSearchMessage,
  SignInMessage,
  AccountQueryMessage,
  SignOutMessage,
]);
export type ExtensionPageMessage = z.infer<typeof ExtensionPageMessage>;
