import { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError, CreatedUser, Me, NewUser, PlaybookContent } from '../../lib/api';
import {
  CreatedEventSource,
  CrmEvent,
  CrmEventOutcome,
  CrmEventReceipt,
  EventSource,
  EventSources,
  NewEventSource,
  ReceivedEvents,
} from '../../lib/crm-events';
import { Directory } from '../../lib/directory';
import { ImproveReport } from '../../lib/handoff/improve';
import { MaturityReport } from '../../lib/handoff/maturity';
import { MetricFigure, MetricPackets, Metrics } from '../../lib/handoff/metrics';
import { Packet } from '../../lib/handoff/packet';
import { PlaybookShape } from '../../lib/handoff/playbook';
import { HistoryResponse, PullResponse, PushRequest, PushResponse } from '../../lib/sync/protocol';
import { CreatedWebhook, NewWebhook, Webhook, WebhookDelivery } from '../../lib/webhooks';
import type { ApiEnv } from '../http/types';

const schema = (shape: z.ZodMiniType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(shape, { io, unrepresentable: 'any', target: 'openapi-3.0' });

const json = (shape: z.ZodMiniType, io?: 'input' | 'output') => ({
  content: { 'application/json': { schema: schema(shape, io) } },
});

const errors = {
  '400': { description: 'Invalid input; `issues` names every bad path', ...json(ApiError) },
  '401': { description: 'No valid token', ...json(ApiError) },
  '404': { description: 'Not found, or in another workspace', ...json(ApiError) },
  '413': { description: 'Body too large', ...json(ApiError) },
  '429': { description: 'Rate limited; see Retry-After', ...json(ApiError) },
};

const adminErrors = { ...errors, '403': { description: 'The caller is not an admin', ...json(ApiError) } };
const managerErrors = {
  ...errors,
  '403': {
    description: 'The caller is neither an admin nor a manager of the team asked for',
    ...json(ApiError),
  },
};

const Snapshots = z.object({
  snapshots: z.array(
    z.object({
      seq: z.number(),
      kind: z.enum(['submitted', 'accepted']),
      packet: Packet,
      playbookVersion: z.number(),
      takenAt: z.string(),
    }),
  ),
});

const query = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string' },
});

/** The window, handoff point and team of the outcome reports (MetricsQuery). */
const reportParameters = [
  query('from', 'ISO instant', true),
  query('to', 'ISO instant', true),
  query('handoffPoint', ''),
  query('team', ''),
];

const header = (name: string, description: string) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string' },
});

type Operation = { parameters?: Array<{ name: string; in: string }>; [field: string]: unknown };

/**
 * Every operation declares the parameters its path names (`{id}`), from the path itself: a path cannot
 * gain one that its operations forget, which generated clients would trip over.
 */
function withPathParameters<Paths extends Record<string, Record<string, Operation>>>(paths: Paths): Paths {
  for (const [path, operations] of Object.entries(paths)) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
    for (const operation of Object.values(operations)) {
      const declared = new Set(
        (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      );
      const missing = names.filter((name) => !declared.has(name));
      operation.parameters = [
        ...missing.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
        ...(operation.parameters ?? []),
      ];
    }
  }
  return paths;
}

const admins = { '403': { description: 'Not an admin', ...json(ApiError) } };

/** Generated from the same Zod schemas that validate every request, so it cannot drift from them. */
function document() {
  return {
    openapi: '3.0.3',
    info: { title: 'Baton API', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: withPathParameters({
      '/healthz': { get: { security: [], responses: { '200': { description: 'Up' } } } },
      '/dashboard': { get: { security: [], responses: { '301': { description: 'To /dashboard/' } } } },
      '/dashboard/': {
        get: {
          description: 'The outcome dashboard for people without the extension; signs in with an API token',
          security: [],
          responses: {
            '200': { description: 'The page (text/html)' },
            '503': { description: 'Not built: run npm run build:dashboard' },
          },
        },
      },
      '/dashboard/assets/{name}': {
        get: {
          security: [],
          responses: {
            '200': { description: 'A script or stylesheet of the page' },
            '404': { description: 'No such asset' },
          },
        },
      },
      '/v1/me': { get: { responses: { '200': { description: 'The caller', ...json(Me) }, ...errors } } },
      '/v1/directory': {
        get: {
          description:
            "The caller's workspace by name, for every member: its teams, its people (name, email, role, teams and which they manage) and its CRM event sources' names (revoked ones too, without secrets). Nothing of another workspace.",
          responses: { '200': { description: 'Who is who', ...json(Directory) }, ...errors },
        },
      },
      '/v1/sync/push': {
        post: {
          requestBody: { required: true, ...json(PushRequest, 'input') },
          responses: {
            '200': { description: 'Applied after commit', ...json(PushResponse) },
            '409': { description: 'A gap in the mutation ids', ...json(ApiError) },
            ...errors,
          },
        },
      },
      '/v1/sync/pull': {
        get: {
          parameters: [
            query('clientId', 'This client', true),
            query('cursor', 'From the last pull; 0 at first'),
          ],
          responses: { '200': { description: 'Changes after the cursor', ...json(PullResponse) }, ...errors },
        },
      },
      '/v1/packets': {
        get: {
          parameters: ['system', 'instance', 'objectKind', 'recordId', 'q'].map((name) =>
            query(name, name === 'q' ? 'Customer name or domain' : 'Record key part'),
          ),
          responses: {
            '200': { description: 'Packets', ...json(z.object({ packets: z.array(Packet) })) },
            ...errors,
          },
        },
      },
      '/v1/packets/{id}': {
        get: { responses: { '200': { description: 'The packet', ...json(Packet) }, ...errors } },
      },
      '/v1/packets/{id}/history': {
        get: { responses: { '200': { description: 'Its history', ...json(HistoryResponse) }, ...errors } },
      },
      '/v1/packets/{id}/snapshots': {
        get: {
          responses: {
            '200': {
              description: 'What was submitted and accepted, and by which playbook version',
              ...json(Snapshots),
            },
            ...errors,
          },
        },
      },
      '/v1/playbook': {
        get: {
          responses: { '200': { description: 'The current playbook', ...json(PlaybookShape) }, ...errors },
        },
        put: {
          requestBody: { required: true, ...json(PlaybookShape, 'input') },
          responses: {
            '200': { description: 'Saved as the next version', ...json(PlaybookShape) },
            ...errors,
          },
        },
      },
      '/v1/playbook/content': {
        put: {
          description:
            'Marketers and admins replace the adoption content map; saved as the next playbook version',
          requestBody: { required: true, ...json(PlaybookContent, 'input') },
          responses: {
            '200': { description: 'The playbook with the new content', ...json(PlaybookShape) },
            ...errors,
            '403': { description: 'The caller is neither a marketer nor an admin', ...json(ApiError) },
          },
        },
      },
      '/v1/team/handoffs': {
        get: {
          parameters: ['status', 'handoffPoint', 'owner', 'team', 'slaState', 'limit', 'offset'].map((name) =>
            query(name, 'Filter; lists are comma-separated'),
          ),
          responses: { '200': { description: 'Handoffs by SLA urgency' }, ...errors },
        },
      },
      '/v1/metrics': {
        get: {
          parameters: [
            query('from', 'ISO instant', true),
            query('to', 'ISO instant', true),
            query('handoffPoint', ''),
            query('team', ''),
          ],
          description: 'Managers (their teams) and admins only; others get 403',
          responses: { '200': { description: 'Outcome metrics', ...json(Metrics) }, ...errors },
        },
      },
      '/v1/metrics/packets': {
        get: {
          description: 'The packets behind one figure of /v1/metrics, under the same filters',
          parameters: [
            query('from', 'ISO instant', true),
            query('to', 'ISO instant', true),
            query('figure', MetricFigure.options.join(' | '), true),
            query('handoffPoint', ''),
            query('team', ''),
            query('month', 'YYYY-MM: one monthly cohort'),
            query('policy', 'SLA attainment: one policy'),
            query('owner', 'Receiving user id, or none'),
            query('limit', '1–1000, default 100'),
            query('offset', ''),
          ],
          responses: { '200': { description: 'Packets behind a figure', ...json(MetricPackets) }, ...errors },
        },
      },
      '/v1/improve': {
        get: {
          description:
            'The Improve loop (docs/improve.md): outcomes of packets that met each recommended criterion at first submission against those that did not. Managers (their teams) and admins only.',
          parameters: reportParameters,
          responses: { '200': { description: 'Improve report', ...json(ImproveReport) }, ...managerErrors },
        },
      },
      '/v1/maturity': {
        get: {
          description:
            'The handoff maturity matrix (docs/maturity.md), scored from the workspace data. Managers (their teams) and admins only.',
          parameters: reportParameters,
          responses: { '200': { description: 'Maturity matrix', ...json(MaturityReport) }, ...managerErrors },
        },
      },
      '/v1/events': {
        post: {
          description: 'A CRM workflow reports a deal won, a stage or an owner changed (docs/crm-events.md)',
          security: [],
          parameters: [
            header('X-Baton-Source', 'The event source id (es_…)'),
            header('X-Baton-Timestamp', 'Unix seconds; within 300 s of the server clock'),
            header(
              'X-Baton-Signature',
              'v1= and the hex HMAC-SHA256, keyed by the secret, of "<timestamp>.<body>"',
            ),
          ],
          requestBody: { required: true, ...json(CrmEvent, 'input') },
          responses: {
            '201': { description: 'Received and applied', ...json(CrmEventReceipt) },
            '200': {
              description: 'Received before: what it did then; nothing changed',
              ...json(CrmEventReceipt),
            },
            '400': errors['400'],
            '401': {
              description:
                'invalid_signature (unknown or revoked source, bad signature) or timestamp_out_of_window',
              ...json(ApiError),
            },
            '413': errors['413'],
            '429': { description: 'Rate limited per source; see Retry-After', ...json(ApiError) },
          },
        },
        get: {
          parameters: [
            { ...query('outcome', 'Only events of this outcome'), schema: schema(CrmEventOutcome) },
            query('limit', '1 to 200; 50 by default'),
          ],
          responses: {
            '200': { description: 'Events received, newest first', ...json(ReceivedEvents) },
            ...admins,
            ...errors,
          },
        },
      },
      '/v1/event-sources': {
        post: {
          requestBody: { required: true, ...json(NewEventSource, 'input') },
          responses: {
            '201': { description: 'Created; the secret is shown once', ...json(CreatedEventSource) },
            ...admins,
            ...errors,
          },
        },
        get: {
          responses: {
            '200': { description: 'Without secrets', ...json(EventSources) },
            ...admins,
            ...errors,
          },
        },
      },
      '/v1/event-sources/{id}': {
        delete: {
          responses: { '200': { description: 'Revoked', ...json(EventSource) }, ...admins, ...errors },
        },
      },
      '/v1/users': {
        post: {
          requestBody: { required: true, ...json(NewUser, 'input') },
          responses: {
            '201': { description: 'Created; the token is shown once', ...json(CreatedUser) },
            ...errors,
          },
        },
      },
      '/v1/webhooks': {
        post: {
          description: 'Admins only. Sends the event types chosen (all, by default) to the URL, signed.',
          requestBody: { required: true, ...json(NewWebhook, 'input') },
          responses: {
            '201': { description: 'Created; the signing secret is shown once', ...json(CreatedWebhook) },
            '409': { description: 'The workspace has as many webhooks as it may', ...json(ApiError) },
            ...adminErrors,
          },
        },
        get: {
          description: 'Admins only.',
          responses: {
            '200': {
              description: 'The live webhooks, without their secrets',
              ...json(z.object({ webhooks: z.array(Webhook) })),
            },
            ...adminErrors,
          },
        },
      },
      '/v1/webhooks/{id}': {
        delete: {
          description: 'Admins only. Its pending deliveries fail; its delivery log stays readable.',
          responses: { '204': { description: 'Removed' }, ...adminErrors },
        },
      },
      '/v1/webhooks/{id}/deliveries': {
        get: {
          description: 'Admins only. The delivery log, newest first.',
          parameters: [
            query('status', 'pending, delivered or failed'),
            query('limit', '1 to 200; 50 by default'),
          ],
          responses: {
            '200': {
              description: 'Deliveries, newest first',
              ...json(z.object({ deliveries: z.array(WebhookDelivery) })),
            },
            ...adminErrors,
          },
        },
      },
    }),
  };
}

let cached: ReturnType<typeof document> | undefined;

export const openApiRoute = new Hono<ApiEnv>().get('/openapi.json', (c) => {
  cached ??= document();
  return c.json(cached);
});
