import * as z from 'zod/mini';
import { HistoryEvent } from '../handoff/history';
import { Packet, Timestamp } from '../handoff/packet';
import { SlaState } from '../handoff/sla-state';

/** Version 1 of the push/pull protocol, after Replicache's: per-client mutation ids, a global cursor. */

export const ClientId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _'));

export const PushedMutation = z.object({
  /** Increases by one per client: the server applies each id exactly once, in order. */
  id: z.number().check(z.int(), z.positive()),
  name: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Validated per mutation, so one bad mutation is rejected without blocking the rest. */
  args: z.unknown(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type PushedMutation = z.infer<typeof PushedMutation>;

export const PushRequest = z.object({
  clientId: ClientId,
  mutations: z.array(PushedMutation).check(z.minLength(1), z.maxLength(500)),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const Rejection = z.object({
  mutationId: z.number(),
  name: z.string(),
  code: z.string(),
  message: z.string(),
});
export type Rejection = z.infer<typeof Rejection>;

export const PushResponse = z.object({
  lastMutationId: z.number(),
  rejections: z.array(Rejection),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z.object({
  clientId: ClientId,
  cursor: z.optional(z.coerce.number().check(z.int(), z.nonnegative())),
});

/** A packet id a client made up offline that now names another packet: adopt the other id. */
export const Tombstone = z.object({ id: z.uuid(), adoptedBy: z.uuid() });

/** A packet's SLA summary (lib/handoff/live-sla-state.ts) as pull carries it. */
export const SlaSummary = z.object({
  packetId: z.uuid(),
  slaState: SlaState,
  dueSoonAt: z.nullable(Timestamp),
  nextDeadline: z.nullable(Timestamp),
});
export type SlaSummary = z.infer<typeof SlaSummary>;

export const PullResponse = z.object({
  packets: z.array(Packet),
  /** The SLA summary of each packet of this page. */
  schedules: z.optional(z.array(SlaSummary)),
  /** Events of this page's packets that this person is to be told of (lib/handoff/notices.ts). */
  notices: z.optional(z.array(HistoryEvent)),
  tombstones: z.array(Tombstone),
  /** Packets that changed and that this person no longer follows: a copy of one is stale, drop it. */
  removed: z.optional(z.array(z.uuid())),
  lastMutationId: z.number(),
  rejections: z.array(Rejection),
  cursor: z.number(),
  /** More changes wait: pull again with the new cursor. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const HistoryResponse = z.object({ events: z.array(HistoryEvent) });
