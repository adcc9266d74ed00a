import * as z from 'zod/mini';
import { asDomain, checkFieldValue, isDateValid, type ScalarField, scalarFields } from './handoff/fields';
import { Timestamp } from './handoff/packet';
import { RecordKey } from './handoff/record';

/**
 * What a CRM workflow posts to POST /v1/events, and what the API answers. docs/crm-events.md is the
 * contract in words; these schemas are the one definition of it.
 */

/** Text for a text field of the catalogue, as long as it allows: a mutator never refuses an event's value. */
const fieldText = (field: ScalarField) => {
  const { type } = scalarFields[field];
  if (type.kind !== 'text') throw new Error(`${field} is not a text field`);
  return z.string().check(z.trim(), z.minLength(1), z.maxLength(type.maxLength));
};

/** A web domain, or a URL of one, made the domain the packet stores. */
const domainText = z.pipe(
  z.pipe(
    z.string().check(z.maxLength(2000)),
    z.transform((text) => asDomain(text)),
  ),
  z
    .string()
    .check(
      z.refine(
        (domain) => checkFieldValue(scalarFields['customer.domain'], domain).ok,
        'must be a web domain, as acme.com',
      ),
    ),
);

export const CrmEventType = z.enum(['closed_won', 'stage_changed', 'owner_changed']);
export type CrmEventType = z.infer<typeof CrmEventType>;

/** The person who owns the record in the CRM; Baton knows them by their email. */
export const CrmOwner = z.object({
  email: z.email().check(z.maxLength(320)),
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});

const common = {
  /** The CRM's id of this event: the same id again is the same event (a retry), applied once. */
  id: z
    .string()
    .check(z.minLength(1), z.maxLength(150), z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII')),
  occurredAt: Timestamp,
  record: RecordKey,
  stage: z.optional(fieldText('deal.stage')),
  owner: z.optional(CrmOwner),
  customer: z.optional(
    z.object({
      name: z.optional(fieldText('customer.name')),
      domain: z.optional(domainText),
    }),
  ),
  amount: z.optional(z.number().check(z.gte(0), z.lte(1e15))),
  closeDate: z.optional(z.string().check(z.refine(isDateValid, 'must be a date as YYYY-MM-DD'))),
  recordUrl: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000))),
};

/** One event; a stage change names the stage, an owner change the owner. */
export const CrmEvent = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('closed_won') }),
  z.object({ ...common, type: z.literal('stage_changed'), stage: fieldText('deal.stage') }),
  z.object({ ...common, type: z.literal('owner_changed'), owner: CrmOwner }),
]);
export type CrmEvent = z.infer<typeof CrmEvent>;

/**
 * What an event did: `clock_started` (closed-won recorded on the record's packet, and a clock of its
 * handoff point started from it), `closed_won_recorded` (recorded, but no clock starts from it there, or
 * one already runs), `packet_started`
 * (closed-won started a draft owned by the record's owner), `unclaimed` (nobody in Baton to give it to:
 * admins see it in GET /v1/events), `stage_updated`, `reassigned`, or `ignored` (nothing to change).
 */
export const CrmEventOutcome = z.enum([
  'clock_started',
  'closed_won_recorded',
  'packet_started',
  'unclaimed',
  'stage_updated',
  'reassigned',
  'ignored',
]);
export type CrmEventOutcome = z.infer<typeof CrmEventOutcome>;

/** The answer to POST /v1/events; `replayed` when the id had been received before and nothing changed. */
export const CrmEventReceipt = z.object({
  id: z.string(),
  outcome: CrmEventOutcome,
  packetId: z.optional(z.uuid()),
  detail: z.optional(z.string()),
  replayed: z.boolean(),
});
export type CrmEventReceipt = z.infer<typeof CrmEventReceipt>;

/** GET /v1/events: the events received, newest first. */
export const ReceivedEventsQuery = z.object({
  outcome: z.optional(CrmEventOutcome),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(200))),
});
export type ReceivedEventsQuery = z.infer<typeof ReceivedEventsQuery>;

export const ReceivedEvent = z.object({
  id: z.string(),
  sourceId: z.string(),
  type: CrmEventType,
  outcome: CrmEventOutcome,
  packetId: z.nullable(z.uuid()),
  detail: z.nullable(z.string()),
  occurredAt: Timestamp,
  receivedAt: Timestamp,
  /** The event as it was received, so an admin can act on an unclaimed one. */
  event: CrmEvent,
});
export type ReceivedEvent = z.infer<typeof ReceivedEvent>;

export const ReceivedEvents = z.object({ events: z.array(ReceivedEvent) });

/** POST /v1/event-sources: a CRM workflow that signs its events with the secret returned once. */
export const NewEventSource = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
});
export type NewEventSource = z.infer<typeof NewEventSource>;

export const CreatedEventSource = z.object({ id: z.string(), name: z.string(), secret: z.string() });
export type CreatedEventSource = z.infer<typeof CreatedEventSource>;

export const EventSource = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: Timestamp,
  revokedAt: z.nullable(Timestamp),
});
export type EventSource = z.infer<typeof EventSource>;

export const EventSources = z.object({ sources: z.array(EventSource) });

type FieldValues = Partial<Record<ScalarField, string | number>>;

/** What the event says of the deal, as packet fields: what closed-won writes into the record's packet. */
export function dealFacts(event: CrmEvent): FieldValues {
  const facts: FieldValues = {};
  if (event.stage !== undefined) facts['deal.stage'] = event.stage;
  if (event.amount !== undefined) facts['deal.amount'] = event.amount;
  if (event.closeDate !== undefined) facts['keyDates.close'] = event.closeDate;
  return facts;
}

/** Everything the event tells of the customer and the deal: the prefill of a packet it starts. */
export function packetPrefill(event: CrmEvent): FieldValues {
  const prefill: FieldValues = dealFacts(event);
  if (event.customer?.name !== undefined) prefill['customer.name'] = event.customer.name;
  if (event.customer?.domain !== undefined) prefill['customer.domain'] = event.customer.domain;
  if (event.owner !== undefined) prefill['deal.owner'] = event.owner.name ?? event.owner.email;
  return prefill;
}
