import * as z from 'zod/mini';

/** The history events a webhook can be sent: reminders, breaches, escalations, submissions, returns, accepts. */
export const WebhookEventType = z.enum([
  'sla_threshold',
  'sla_breached',
  'escalated',
  'submitted',
  'returned',
  'accepted',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const httpUrlMessage = 'must be an http or https URL';

const withoutCredentials = (url: URL) => url.username === '' && url.password === '';

/** Where to POST: http or https only, and no credentials in it (fetch refuses them; a path secret works). */
export const WebhookUrl = z.url({ protocol: /^https?$/, normalize: true, error: httpUrlMessage }).check(
  z.maxLength(2000),
  z.refine((url) => !URL.canParse(url) || withoutCredentials(new URL(url)), {
    message: 'must not contain a user name or password',
  }),
);

/** POST /v1/webhooks. Without `events`, every type. */
export const NewWebhook = z.object({
  url: WebhookUrl,
  events: z.optional(z.array(WebhookEventType).check(z.minLength(1), z.maxLength(20))),
  description: z.optional(z.string().check(z.trim(), z.maxLength(200))),
});
export type NewWebhook = z.infer<typeof NewWebhook>;

export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventType),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

/** The answer to POST /v1/webhooks: the signing secret is shown this once. */
export const CreatedWebhook = z.extend(Webhook, { secret: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One entry of the delivery log. */
export const WebhookDelivery = z.object({
  id: z.uuid(),
  packetId: z.uuid(),
  seq: z.number(),
  eventType: WebhookEventType,
  status: DeliveryStatus,
  attempts: z.number(),
  nextAttemptAt: z.nullable(z.string()),
  lastAttemptAt: z.nullable(z.string()),
  lastStatus: z.nullable(z.number()),
  lastError: z.nullable(z.string()),
  /** The JSON sent (the same bytes at every attempt); null until the first attempt. */
  body: z.nullable(z.string()),
  createdAt: z.string(),
  deliveredAt: z.nullable(z.string()),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** GET /v1/webhooks/:id/deliveries: newest first. */
export const DeliveriesQuery = z.object({
  status: z.optional(DeliveryStatus),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(200))),
});
export type DeliveriesQuery = z.infer<typeof DeliveriesQuery>;
