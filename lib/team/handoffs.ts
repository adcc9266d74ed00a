import * as z from 'zod/mini';
import { HandoffPoint } from '../handoff/handoff-points';
import { Status, Timestamp } from '../handoff/packet';
import { RecordKey } from '../handoff/record';
import { SlaState } from '../handoff/sla-state';

/** One row of GET /v1/team/handoffs: an open handoff with its owners, completeness and SLA figures. */
export const TeamHandoff = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  handoffPoint: HandoffPoint,
  status: Status,
  customerName: z.nullable(z.string().check(z.maxLength(500))),
  givingUserId: z.nullable(z.string()),
  givingTeamId: z.nullable(z.string()),
  receivingUserId: z.nullable(z.string()),
  receivingTeamId: z.nullable(z.string()),
  /** The share of the playbook's fields filled in, 0 to 1. */
  completeness: z.number().check(z.gte(0), z.lte(1)),
  exitMet: z.boolean(),
  slaState: SlaState,
  nextDeadline: z.nullable(Timestamp),
  dueSoonAt: z.nullable(Timestamp),
  submittedAt: z.nullable(Timestamp),
  acceptedAt: z.nullable(Timestamp),
  updatedAt: Timestamp,
  /** Absent from an API that predates it; the team view then cannot open the record. */
  records: z.optional(z.array(RecordKey).check(z.maxLength(50))),
});
export type TeamHandoff = z.infer<typeof TeamHandoff>;

/** The page as sent: rows are checked one by one, so one row in a shape this build does not know hides only itself. */
export const TeamHandoffsPage = z.object({
  handoffs: z.array(z.unknown()).check(z.maxLength(200)),
  nextOffset: z.nullable(z.number().check(z.int(), z.gte(0))),
});

/** A row as the team view shows it: the linked record resolved to the address it was last seen at. */
export type TeamHandoffView = Omit<TeamHandoff, 'records'> & { recordUrl: string | null };

/** What the team view shows for one filter set: the rows, where to page on, and when the API said so. */
export interface TeamHandoffsList {
  handoffs: TeamHandoffView[];
  nextOffset: number | null;
  /** Rows the API sent in a shape this build does not know, left out. */
  skipped: number;
  fetchedAt: string;
}

/**
 * The background's answer to `team:handoffs`: the page fetched now, or why not with the list this device
 * last fetched for the same filters (null when none).
 */
export type TeamHandoffsAnswer =
  | { ok: true; list: TeamHandoffsList }
  | { ok: false; problem: string; cached: TeamHandoffsList | null };

/** The team view's filters, one value each; absent means any. */
export const TeamFilters = z.object({
  handoffPoint: z.optional(HandoffPoint),
  owner: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  status: z.optional(Status),
  slaState: z.optional(SlaState),
});
export type TeamFilters = z.infer<typeof TeamFilters>;

/** The filters in a fixed order, so the same filters always find the same cached list. */
export function teamFiltersKey(filters: TeamFilters): string {
  return JSON.stringify([
    filters.handoffPoint ?? null,
    filters.owner ?? null,
    filters.status ?? null,
    filters.slaState ?? null,
  ]);
}
