import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { defaultPlaybook } from '../../../lib/handoff/default-playbook';
import type { HandoffPoint } from '../../../lib/handoff/handoff-points';
import type { Playbook } from '../../../lib/handoff/playbook';
import type { RecordKey } from '../../../lib/handoff/record';
import type { Api } from './api';

/** One named change as the extension's outbox sends it (the client numbers it). */
export interface Change {
  name: string;
  args: Record<string, unknown>;
}

export const newId = (): string => randomUUID();

let records = 0;

/** A Salesforce opportunity nobody else in the run uses. */
export function opportunity(label = 'opp'): RecordKey {
  records += 1;
  return {
    system: 'salesforce',
    instance: 'acme-corp.my.salesforce.com',
    objectKind: 'opportunity',
    id: `006${label}${process.pid}x${records}`.slice(0, 60),
  };
}

/** A Zendesk organization, the record a support agent has open for the same customer. */
export function zendeskOrganization(label = 'org'): RecordKey {
  records += 1;
  return {
    system: 'zendesk',
    instance: 'acme-help',
    objectKind: 'account',
    id: `${label}-${process.pid}-${records}`,
  };
}

export function create(
  packetId: string,
  record: RecordKey,
  options: {
    handoffPoint?: HandoffPoint;
    givingTeamId?: string | null;
    receivingTeamId?: string | null;
    receivingUserId?: string | null;
    prefill?: Record<string, string | number | boolean>;
  } = {},
): Change {
  const { handoffPoint = 'sales_to_cs', receivingTeamId = 'cs', ...rest } = options;
  return { name: 'createPacket', args: { packetId, handoffPoint, record, receivingTeamId, ...rest } };
}

export function setField(
  packetId: string,
  field: string,
  value: string | number | boolean | null,
  baseRev: string | null = null,
): Change {
  return { name: 'setField', args: { packetId, field, value, baseRev } };
}

export function addItem(
  packetId: string,
  list: string,
  itemId: string,
  values: Record<string, string | number | boolean>,
): Change {
  return { name: 'addItem', args: { packetId, list, itemId, values } };
}

export function transition(packetId: string, to: string, reason?: string): Change {
  return { name: 'transition', args: { packetId, transition: to, ...(reason ? { reason } : {}) } };
}

export function linkRecord(packetId: string, record: RecordKey): Change {
  return { name: 'linkRecord', args: { packetId, record } };
}

/** What an AE fills in before handing a closed-won deal to Customer Success: every exit criterion met. */
export function salesToCsAnswers(
  packetId: string,
  customer = 'Acme Corp',
  domain = 'acme.example',
): Change[] {
  return [
    setField(packetId, 'customer.name', customer),
    setField(packetId, 'customer.domain', domain),
    setField(packetId, 'keyDates.close', '2026-11-02'),
    setField(packetId, 'keyDates.kickoffTarget', '2026-11-09'),
    setField(packetId, 'scope.arr', 120_000),
    setField(
      packetId,
      'decisionNotes',
      'Chose us over the incumbent for the Salesforce integration; the CFO wants a Q1 go-live.',
    ),
    addItem(packetId, 'buyingCommittee', 'erin', {
      name: 'Erin Buyer',
      title: 'CFO',
      role: 'economic_buyer',
      email: 'erin@acme.example',
    }),
    addItem(packetId, 'pains', 'pain-1', {
      text: 'Customers repeat their goals to three teams.',
      impact: 'Onboarding takes nine weeks.',
    }),
    addItem(packetId, 'goals', 'goal-1', {
      text: 'Cut time to first value to 30 days',
      metric: 'Days from close to first report',
    }),
    addItem(packetId, 'firstValueCriteria', 'fv-1', {
      text: 'First handoff report shared with the CFO',
      measure: 'Report delivered',
    }),
  ];
}

/** Calls the API and insists on a 2xx, so a setup step that fails says why instead of failing later. */
export async function ok(
  service: Api,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies the way a client would
): Promise<any> {
  const response = await service.call(method, path, token, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The mutations of one push must all apply: no rejections. */
export function expectApplied(response: { status: number; body: unknown }, lastMutationId?: number): void {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body).toMatchObject({ rejections: [] });
  if (lastMutationId !== undefined) expect(response.body).toMatchObject({ lastMutationId });
}

/** Every error the API returns: `{ error: { code, message, issues? } }`, with nothing else in it. */
export function expectErrorShape(body: unknown, code?: string): void {
  expect(body).toEqual({
    error: {
      code: code ?? expect.any(String),
      message: expect.any(String),
      ...((body as { error?: { issues?: unknown } })?.error?.issues === undefined
        ? {}
        : { issues: expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]) }),
    },
  });
  const text = JSON.stringify(body);
  // No stack frames, no file paths, no driver internals.
  expect(text).not.toMatch(/\bat \S+ \(|\/work\/|node_modules|\.ts:\d+|\.js:\d+/);
}

/** The default playbook with some changes, as an admin would PUT it. */
export function playbookWith(change: (playbook: Playbook) => void): Playbook {
  const playbook = structuredClone(defaultPlaybook);
  change(playbook);
  return playbook;
}

/** The path of the packets of one record, as the extension asks for them. */
export function recordPath(record: RecordKey): string {
  const query = new URLSearchParams({
    system: record.system,
    instance: record.instance,
    objectKind: record.objectKind,
    recordId: record.id,
  });
  return `/v1/packets?${query}`;
}
