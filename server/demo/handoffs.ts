import { randomUUID } from 'node:crypto';
import type { HandoffPoint } from '../../lib/handoff/handoff-points';
import type { MutationArgs, MutationName } from '../../lib/sync/mutations';
import type { Caller } from '../auth-context';
import type { Database } from '../db/connection';
import { authenticate } from '../http/authenticate';
import { push } from '../sync/push';
import { type DemoCustomer, demoCustomers } from './customers';
import type { DemoTokens } from './seed';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** How far back the demo's handoffs go: enough months for the dashboard's trends. */
const historyDays = 120;
/** How long ago the newest deals were handed to CS, which has not answered yet. */
const waitingSince = [6 * dayMs, 30 * hourMs, 2 * hourMs];

type Step = { [Name in MutationName]: { name: Name; args: MutationArgs<Name> } }[MutationName];

interface DemoPerson {
  caller: Caller;
  clientId: string;
  lastMutationId: number;
}

/**
 * A few months of handoffs in the demo workspace, made by its people through the same push as the
 * extension's, each step at its own time in the past: drafts, returns with reasons, acceptances late and
 * on time, kickoffs, first value, and the latest still waiting, some due soon and some breached. The SLA
 * sweeper then takes the overdue steps as it would have. The same `now` gives the same story.
 */
export async function seedDemoHandoffs(db: Database, demo: DemoTokens, now: Date): Promise<number> {
  const people = new Map<string, DemoPerson>();
  for (const person of demo.tokens) {
    const caller = await authenticate(db, `Bearer ${person.token}`);
    people.set(person.email, { caller, clientId: randomUUID(), lastMutationId: 0 });
  }
  const person = (email: string): DemoPerson => {
    const found = people.get(email);
    if (!found) throw new Error(`the demo workspace has no ${email}`);
    return found;
  };
  const random = seededRandom(20261205);
  const pending: Array<{ at: number; by: DemoPerson; steps: Step[] }> = [];
  const plan = (at: number, by: string, steps: Step[]) => {
    if (at < now.getTime()) pending.push({ at, by: person(by), steps });
  };

  const history = demoCustomers.slice(0, -waitingSince.length);
  history.forEach((customer, index) => {
    const startedAt = now.getTime() - historyDays * dayMs + (index / history.length) * historyDays * dayMs;
    const repEmail = index % 3 === 0 ? 'jamie@demo.example' : 'riley@demo.example';
    planLead(plan, customer, startedAt - 12 * dayMs, repEmail, random);
    planOnboarding(plan, customer, workdayAt(startedAt), { repEmail, index, waiting: false }, random);
  });
  // The newest deals wait for CS: one just handed over, one getting late, one long overdue.
  demoCustomers.slice(-waitingSince.length).forEach((customer, offset) => {
    const submittedAt = now.getTime() - (waitingSince[offset] ?? 0);
    const index = history.length + offset;
    planLead(plan, customer, submittedAt - 12 * dayMs, 'riley@demo.example', random);
    planOnboarding(
      plan,
      customer,
      submittedAt,
      { repEmail: 'riley@demo.example', index, waiting: true },
      random,
    );
  });

  pending.sort((a, b) => a.at - b.at);
  for (const { at, by, steps } of pending) {
    const createdAt = new Date(at).toISOString();
    const mutations = steps.map((step) => ({ id: ++by.lastMutationId, createdAt, ...step }));
    const answer = await push(db, by.caller, { clientId: by.clientId, mutations }, new Date(at));
    if (answer.rejections.length > 0)
      throw new Error(`demo handoffs: ${answer.rejections.map((rejection) => rejection.message).join('; ')}`);
  }
  return pending.length;
}

type Plan = (at: number, by: string, steps: Step[]) => void;

/** Marketing hands the lead to sales; sales accepts within hours. */
function planLead(plan: Plan, customer: DemoCustomer, at: number, repEmail: string, random: () => number) {
  const packetId = randomUUIDFrom(random);
  const create = createSteps(packetId, 'mql_to_sales', customer, 'marketing', 'sales', {
    'customer.name': customer.name,
    'customer.domain': customer.domain,
    'lead.source': customer.leadSource,
    'lead.intent': customer.intent,
  });
  plan(at, 'maya@demo.example', [
    ...create,
    addItem(packetId, 'personas', { role: customer.persona }),
    addItem(packetId, 'pains', { text: customer.pain }),
    { name: 'transition', args: { packetId, transition: 'submit' } },
  ]);
  plan(at + (1 + random() * 6) * hourMs, repEmail, [
    { name: 'transition', args: { packetId, transition: 'accept' } },
  ]);
}

/**
 * Sales hands the won deal to customer success. One in five is returned for a missing champion and
 * handed over again; CS accepts, holds the kickoff and reaches first value, each after a delay that
 * is sometimes longer than the playbook's SLA. A `waiting` deal stops at its handover.
 */
function planOnboarding(
  plan: Plan,
  customer: DemoCustomer,
  at: number,
  { repEmail, index, waiting }: { repEmail: string; index: number; waiting: boolean },
  random: () => number,
) {
  const packetId = randomUUIDFrom(random);
  const closeDate = isoDate(at - dayMs);
  const kickoffTarget = isoDate(at + 6 * dayMs);
  const returned = index % 5 === 2;
  const csmEmail = index % 2 === 0 ? 'casey@demo.example' : 'quinn@demo.example';
  const steps: Step[] = [
    ...createSteps(packetId, 'sales_to_cs', customer, 'sales', 'cs', {
      'customer.name': customer.name,
      'customer.domain': customer.domain,
      'keyDates.close': closeDate,
      'keyDates.kickoffTarget': kickoffTarget,
      'scope.arr': customer.arr,
      'scope.seats': customer.seats,
      decisionNotes: customer.decision,
    }),
    addItem(packetId, 'buyingCommittee', {
      name: customer.buyer,
      role: 'economic_buyer',
      email: `${customer.buyer.split(' ')[0]?.toLowerCase()}@${customer.domain}`,
    }),
    addItem(packetId, 'pains', { text: customer.pain }),
    addItem(packetId, 'goals', { text: customer.goal }),
    addItem(packetId, 'firstValueCriteria', { text: customer.firstValue }),
    addItem(packetId, 'useCases', { name: customer.useCase }),
  ];
  if (!returned && index % 4 !== 3) steps.push(addItem(packetId, 'buyingCommittee', championOf(customer)));
  if (index % 3 !== 1) steps.push(addItem(packetId, 'integrations', { system: customer.integration }));
  steps.push({ name: 'transition', args: { packetId, transition: 'submit' } });
  plan(at, repEmail, steps);
  if (waiting) return;

  let next = at + (2 + random() * (index % 6 === 5 ? 40 : 14)) * hourMs;
  if (returned) {
    plan(next, csmEmail, [
      {
        name: 'transition',
        args: {
          packetId,
          transition: 'return',
          reason: 'Who is the champion on their side? We need them for the kickoff invite.',
        },
      },
    ]);
    next += (4 + random() * 20) * hourMs;
    plan(next, repEmail, [
      { name: 'transition', args: { packetId, transition: 'reopen' } },
      addItem(packetId, 'buyingCommittee', championOf(customer)),
      { name: 'transition', args: { packetId, transition: 'submit' } },
    ]);
    next += (1 + random() * 8) * hourMs;
  }
  plan(next, csmEmail, [{ name: 'transition', args: { packetId, transition: 'accept' } }]);
  next += (2 + random() * (index % 7 === 4 ? 12 : 6)) * dayMs;
  plan(next, csmEmail, [{ name: 'transition', args: { packetId, transition: 'hold_kickoff' } }]);
  next += (8 + random() * 30) * dayMs;
  plan(next, csmEmail, [{ name: 'transition', args: { packetId, transition: 'reach_first_value' } }]);
}

function createSteps(
  packetId: string,
  handoffPoint: HandoffPoint,
  customer: DemoCustomer,
  givingTeamId: string,
  receivingTeamId: string,
  values: Record<string, string | number>,
): Step[] {
  return [
    {
      name: 'createPacket',
      args: {
        packetId,
        handoffPoint,
        record: { system: 'demo', instance: 'localhost', objectKind: 'account', id: customer.id },
        givingTeamId,
        receivingTeamId,
      },
    },
    ...Object.entries(values).map(
      ([field, value]): Step => ({ name: 'setField', args: { packetId, field, value, baseRev: null } }),
    ),
  ];
}

function addItem(packetId: string, list: string, values: Record<string, string>): Step {
  return { name: 'addItem', args: { packetId, list, itemId: randomUUID(), values } };
}

function championOf(customer: DemoCustomer): Record<string, string> {
  return { name: customer.champion, role: 'champion' };
}

/** The next weekday at 10:00 UTC on or after `at`: deals close in office hours. */
function workdayAt(at: number): number {
  const day = new Date(at);
  day.setUTCHours(10, 0, 0, 0);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.getTime();
}

function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** mulberry32: a small deterministic generator, so every fresh demo looks the same. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function randomUUIDFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}
