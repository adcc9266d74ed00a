/**
 * A generated workspace for the outcome reports: thousands of packets over several teams and months,
 * each driven through the real mutators (so `submitted` events record what they record in production)
 * and written by the real write path (commitChanges, which fills the packet rows' summary columns).
 *
 * What it hands back to a test is plain data only — per packet the facts the generator chose (which
 * recommended criteria it filled before the first submission, the lifecycle events and their times) —
 * so the test can compute every expected figure by itself without importing lib/ or server/.
 */

import type { Actor } from '../../../lib/handoff/actor';
import { defaultPlaybook } from '../../../lib/handoff/default-playbook';
import type { HandoffPoint } from '../../../lib/handoff/handoff-points';
import type { HistoryEvent } from '../../../lib/handoff/history';
import type { Packet } from '../../../lib/handoff/packet';
import type { MutationName } from '../../../lib/sync/mutations';
import { applyMutation, type MutatorContext } from '../../../lib/sync/mutators';
import type { Database } from '../../../server/db/connection';
import { inWorkspace } from '../../../server/db/workspace-transaction';
import { createTeam, createUser, createWorkspace } from '../../../server/directory';
import { type ChangedPacket, commitChanges } from '../../../server/sync/commit-changes';

export interface GeneratedPacket {
  id: string;
  handoffPoint: HandoffPoint;
  givingTeamId: string;
  receivingTeamId: string;
  /** The recommended criteria filled before the first submission. */
  recommendedFilled: string[];
  /** Its first `submitted` event was written without `criteriaMet`, as events were before it was recorded. */
  legacy: boolean;
  /** Lifecycle events in order, with their instants (ISO). */
  events: Array<{ type: string; at: string }>;
}

export interface OutcomeWorkspace {
  id: string;
  packets: GeneratedPacket[];
  tokens: { admin: string; salesManager: string; emeaCsManager: string; rep: string };
}

const teams = [
  { id: 'marketing', name: 'Marketing', function: 'marketing' },
  { id: 'sales', name: 'Sales', function: 'sales' },
  { id: 'sales-emea', name: 'Sales EMEA', function: 'sales' },
  { id: 'cs', name: 'Customer Success', function: 'customer_success' },
  { id: 'cs-emea', name: 'Customer Success EMEA', function: 'customer_success' },
  { id: 'support', name: 'Support', function: 'support' },
] as const;

/** Who gives and who takes at each point. */
const routes: Record<HandoffPoint, { giving: string[]; receiving: string[] }> = {
  mql_to_sales: { giving: ['marketing'], receiving: ['sales', 'sales-emea'] },
  sales_to_cs: { giving: ['sales', 'sales-emea'], receiving: ['cs', 'cs-emea'] },
  cs_to_support: { giving: ['cs', 'cs-emea'], receiving: ['support'] },
  renewal_expansion: { giving: ['cs', 'cs-emea'], receiving: ['sales', 'sales-emea'] },
};

type Step = { name: MutationName; args: Record<string, unknown> };
const set = (field: string, value: string | number): Step => ({
  name: 'setField',
  args: { field, value, baseRev: null },
});
const item = (list: string, itemId: string, values: Record<string, string>): Step => ({
  name: 'addItem',
  args: { list, itemId, values },
});

const required: Record<HandoffPoint, Step[]> = {
  mql_to_sales: [
    set('lead.source', 'Webinar on revenue operations'),
    set('lead.intent', 'Asked for a demo of the CRM sync after the webinar'),
    item('personas', 'persona-1', { role: 'Head of Revenue Operations' }),
    item('pains', 'pain-1', { text: 'Leads wait two days before anyone calls them' }),
  ],
  sales_to_cs: [
    set('keyDates.close', '2026-11-02'),
    set('keyDates.kickoffTarget', '2026-11-09'),
    set('scope.arr', 120_000),
    set('decisionNotes', 'Chose us over the incumbent for the Salesforce integration.'),
    item('buyingCommittee', 'buyer', { name: 'Erin Buyer', role: 'economic_buyer' }),
    item('pains', 'pain-1', { text: 'Customers repeat their goals to three teams' }),
    item('goals', 'goal-1', { text: 'Cut time to first value to 30 days' }),
    item('firstValueCriteria', 'fv-1', { text: 'First report shared with the CFO' }),
  ],
  cs_to_support: [
    set('support.entitlement', 'premium'),
    item('buyingCommittee', 'contact', { name: 'Sam Admin', role: 'user' }),
    item('integrations', 'integration-1', { system: 'Salesforce' }),
  ],
  renewal_expansion: [
    set('keyDates.renewal', '2027-03-01'),
    set('renewal.health', 'green'),
    set('scope.arr', 80_000),
    item('goals', 'goal-1', { text: 'Onboarded all three regions' }),
    item('buyingCommittee', 'buyer', { name: 'Erin Buyer', role: 'economic_buyer' }),
  ],
};

/** How to meet each recommended criterion of the default playbook. */
const recommendedSteps: Record<string, Step[]> = {
  'customer-domain': [set('customer.domain', 'acme.example')],
  'first-contact': [item('buyingCommittee', 'first-contact', { name: 'Jo Contact' })],
  champion: [item('buyingCommittee', 'champion', { name: 'Cal Champion', role: 'champion' })],
  milestones: [item('milestones', 'milestone-1', { title: 'Pilot team live' })],
  'go-live': [set('keyDates.goLive', '2026-12-01')],
  seats: [set('scope.seats', 250)],
  products: [item('products', 'product-1', { name: 'Analytics suite' })],
  exclusions: [set('scope.exclusions', 'No custom reports in the first quarter.')],
  integrations: [item('integrations', 'integration-1', { system: 'Salesforce' })],
  risks: [item('risks', 'risk-1', { text: 'The admin leaves in March' })],
  'use-cases': [item('useCases', 'use-case-1', { name: 'Reporting' })],
  'open-issues': [set('support.openIssues', 'Exports time out above 10k rows; split them.')],
  expansion: [set('renewal.expansionNotes', 'The EMEA team wants 40 more seats.')],
};

/** Deterministic pseudo-random numbers (mulberry32), so every run generates the same workspace. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 5 January 2026, 10:00 UTC: submissions happen at 10:00 on weekdays from here on. */
const START = Date.parse('2026-01-05T10:00:00Z');

function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The workspace and `count` packets. Gaps between events are either short (30 minutes to a day) or
 * long (35 days and more), and the first-value gap is either under 26 days or over 34, so every SLA
 * clock of the default playbook is clearly met or clearly breached whatever the business calendar.
 */
export async function generateOutcomeWorkspace(
  db: Database,
  count: number,
  seed = 15,
): Promise<OutcomeWorkspace> {
  const seeded = await db.transaction(async (tx) => {
    const id = await createWorkspace(tx, `Outcomes ${seed}`);
    for (const team of teams) await createTeam(tx, id, team);
    const members: Record<string, string> = {};
    for (const team of teams)
      members[team.id] = (
        await createUser(tx, id, {
          email: `${team.id}@outcomes.example`,
          name: `${team.name} Member`,
          role: 'rep',
          teams: [team.id],
        })
      ).id;
    const make = (key: string, role: 'manager' | 'admin' | 'rep', manages: string[], inTeams: string[]) =>
      createUser(tx, id, { email: `${key}@outcomes.example`, name: key, role, teams: inTeams, manages });
    const tokens = {
      admin: (await make('admin', 'admin', [], [])).token,
      salesManager: (await make('sales-manager', 'manager', ['sales'], [])).token,
      emeaCsManager: (await make('emea-cs-manager', 'manager', ['cs-emea'], [])).token,
      rep: (await make('rep', 'rep', [], ['sales'])).token,
    };
    return { id, members, tokens };
  });

  const functions = Object.fromEntries(teams.map((team) => [team.id, team.function]));
  const actorOf = (teamId: string): Actor => ({
    userId: seeded.members[teamId] ?? teamId,
    role: 'rep',
    teamIds: [teamId],
    managedTeamIds: [],
    teamFunctions: functions,
  });

  const rand = random(seed);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(rand() * options.length)] as T;
  const points: HandoffPoint[] = [
    'mql_to_sales',
    'sales_to_cs',
    'sales_to_cs',
    'cs_to_support',
    'renewal_expansion',
  ];
  const packets: GeneratedPacket[] = [];
  const changes: ChangedPacket[] = [];
  let writes = 0;

  for (let index = 0; index < count; index++) {
    const point = pick(points);
    const givingTeamId = pick(routes[point].giving);
    const receivingTeamId = pick(routes[point].receiving);
    const giver = actorOf(givingTeamId);
    const receiver = actorOf(receivingTeamId);
    const id = uuidFrom(rand);
    const recommended = [
      ...defaultPlaybook.handoffPoints[point].exitCriteria,
      ...defaultPlaybook.handoffPoints[point].entryCriteria,
    ].filter((criterion) => criterion.severity === 'recommended');
    const filled = recommended
      .filter((_, position) => rand() < 0.3 + ((position * 0.13) % 0.5))
      .map((criterion) => criterion.id);
    const quality = recommended.length === 0 ? 1 : filled.length / recommended.length;

    let day = Math.floor(rand() * 175);
    while ([0, 6].includes(new Date(START + day * DAY).getUTCDay())) day++;
    const submitAt = START + day * DAY;
    let packet: Packet | null = null;
    const history: HistoryEvent[] = [];
    const run = (actor: Actor, at: number, step: Step) => {
      writes += 1;
      const ctx: MutatorContext = {
        actor,
        now: new Date(at).toISOString(),
        playbook: defaultPlaybook,
        writeId: `generator/${writes}`,
      };
      const result = applyMutation(step.name, { packetId: id, ...step.args }, packet, ctx);
      if (!result.ok) throw new Error(`generator: ${step.name} refused: ${result.message}`);
      packet = result.packet;
      history.push(...result.events);
    };
    const move = (actor: Actor, at: number, transition: string, reason?: string) =>
      run(actor, at, { name: 'transition', args: { transition, ...(reason ? { reason } : {}) } });

    const createdAt = submitAt - DAY;
    run(giver, createdAt, {
      name: 'createPacket',
      args: {
        handoffPoint: point,
        givingTeamId,
        receivingTeamId,
        record: {
          system: 'salesforce',
          instance: 'outcomes.my.salesforce.com',
          objectKind: 'opportunity',
          id: `006${index}`,
        },
      },
    });
    run(giver, createdAt + 60_000, set('customer.name', `Customer ${index}`));
    for (const step of required[point]) run(giver, createdAt + 120_000, step);
    for (const criterion of filled)
      for (const step of recommendedSteps[criterion] ?? []) run(giver, createdAt + 180_000, step);

    const drafted = rand() < 0.03;
    let at = submitAt;
    if (!drafted) {
      move(giver, at, 'submit');
      const champion = filled.includes('champion') ? 0.1 : 0;
      if (rand() < Math.max(0.02, 0.3 - 0.2 * quality - champion)) {
        move(receiver, at + 30 * 60_000, 'return', 'Missing facts');
        at += HOUR;
        if (rand() < 0.8) {
          move(giver, at - 15 * 60_000, 'reopen');
          move(giver, at, 'submit');
        } else at = Number.NaN;
      }
      if (!Number.isNaN(at) && rand() > 0.05) {
        at += rand() < 0.5 + 0.4 * quality ? 30 * 60_000 : 40 * DAY;
        move(receiver, at, 'accept');
        if (rand() < 0.85) {
          at += rand() < 0.7 ? HOUR : 40 * DAY;
          move(receiver, at, 'hold_kickoff');
          if (rand() < 0.75) {
            at +=
              rand() < 0.2 + 0.3 * (1 - quality)
                ? (35 + rand() * 25) * DAY
                : (1 + rand() * 24 * (1.1 - quality)) * DAY;
            move(receiver, Math.round(at), 'reach_first_value');
          }
        }
      }
    }
    const legacy = !drafted && rand() < 0.05;
    if (legacy)
      for (const event of history)
        if (event.type === 'submitted') {
          const { criteriaMet: _dropped, ...rest } = event.data;
          event.data = rest;
        }
    const written = packet as Packet | null;
    if (!written) throw new Error('generator: no packet');
    changes.push({ packet: written, events: history, scheduleEvents: history });
    packets.push({
      id,
      handoffPoint: point,
      givingTeamId,
      receivingTeamId,
      recommendedFilled: filled,
      legacy,
      events: history
        .filter((event) => !['field_set', 'item_added', 'created'].includes(event.type))
        .map((event) => ({ type: event.type, at: event.at })),
    });
  }

  const now = new Date();
  for (let from = 0; from < changes.length; from += 250) {
    const batch = changes.slice(from, from + 250);
    await inWorkspace(db, seeded.id, (tx) =>
      commitChanges(tx, {
        workspaceId: seeded.id,
        client: null,
        changed: batch,
        aliases: new Map(),
        rejections: [],
        playbook: defaultPlaybook,
        now,
      }),
    );
  }
  return { id: seeded.id, packets, tokens: seeded.tokens };
}
