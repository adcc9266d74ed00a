import type { HandoffPoint } from '../../lib/handoff/handoff-points';
import type { Packet } from '../../lib/handoff/packet';
import { actors, context, must, salesforceOpportunity } from './domain';

export const packetId = '01933b6e-8f00-7000-8000-000000000001';

const realValues: Record<string, string | number> = {
  'customer.name': 'Acme Corp',
  'customer.domain': 'acme.example',
  'lead.source': 'Webinar: scaling onboarding',
  'lead.intent': 'Downloaded the ROI guide twice and asked for pricing for 200 seats.',
  'deal.stage': 'Closed Won',
  'deal.amount': 120000,
  'deal.owner': 'Dana Rep',
  'keyDates.close': '2026-11-02',
  'keyDates.contractStart': '2026-11-15',
  'keyDates.kickoffTarget': '2026-11-09',
  'keyDates.goLive': '2027-01-15',
  'keyDates.renewal': '2027-11-15',
  decisionNotes: 'Chose us over the incumbent for the Salesforce integration; CFO wants a Q1 go-live.',
  'successPlan.summary': 'Two regions live on the new process by the end of Q1.',
  'scope.seats': 200,
  'scope.arr': 120000,
  'scope.exclusions': 'No custom SSO work; the data migration is done by the customer.',
  'support.entitlement': 'premium',
  'support.openIssues': 'Sandbox refresh breaks the webhook; workaround documented in the runbook.',
  'renewal.health': 'green',
  'renewal.expansionNotes': 'The APAC team wants 50 more seats next year.',
};

const realItems: Record<string, Record<string, string | number | boolean>[]> = {
  personas: [{ role: 'RevOps lead', description: 'Owns the handoff process and its reports.' }],
  pains: [{ text: 'Customers repeat their goals to three teams.', impact: 'Onboarding takes 9 weeks.' }],
  goals: [{ text: 'Cut time to first value to 30 days', metric: 'Days from close to first report' }],
  milestones: [{ title: 'Kickoff held', due: '2026-11-09', owner: 'Casey CSM', done: false }],
  buyingCommittee: [
    {
      name: 'Erin Buyer',
      title: 'CFO',
      role: 'economic_buyer',
      email: 'erin@acme.example',
      influence: 'high',
    },
    { name: 'Chris Champion', title: 'Head of RevOps', role: 'champion', email: 'chris@acme.example' },
  ],
  integrations: [{ system: 'Salesforce', purpose: 'Opportunity sync', status: 'planned' }],
  risks: [
    { text: 'The champion is on leave in December.', severity: 'medium', mitigation: 'Kickoff before.' },
  ],
  firstValueCriteria: [{ text: 'First handoff report shared with the CFO', measure: 'Report delivered' }],
  useCases: [{ name: 'Reporting', description: 'Weekly pipeline-to-onboarding report.' }],
  products: [{ name: 'Baton Enterprise', quantity: 200 }],
};

const placeholderTexts = ['TBD', 'N/A', '-', 'asdf', 'lorem ipsum dolor sit amet', 'tbc'];

export function newPacket(handoffPoint: HandoffPoint, now = '2026-11-02T09:00:00.000Z'): Packet {
  return must(
    null,
    'createPacket',
    { packetId, handoffPoint, record: salesforceOpportunity, receivingTeamId: 't-cs' },
    context(actors.rep, now),
  );
}

/** Every scalar field and list filled with real answers. */
export function fullPacket(handoffPoint: HandoffPoint): Packet {
  let packet = newPacket(handoffPoint);
  for (const [field, value] of Object.entries(realValues))
    packet = must(packet, 'setField', { packetId, field, value, baseRev: null }, context(actors.rep));
  for (const [list, items] of Object.entries(realItems))
    items.forEach((values, index) => {
      packet = must(
        packet,
        'addItem',
        { packetId, list, itemId: `${list}-${index}`, values },
        context(actors.rep),
      );
    });
  return packet;
}

/**
 * Every text answer a placeholder, every list item titled with one; dates, numbers and choices keep
 * real values because they cannot be placeholders.
 */
export function placeholderPacket(handoffPoint: HandoffPoint): Packet {
  let packet = newPacket(handoffPoint);
  let next = 0;
  const placeholder = () => placeholderTexts[next++ % placeholderTexts.length] as string;
  for (const [field, real] of Object.entries(realValues)) {
    // A web domain is checked as one when set, so no placeholder gets in there.
    const isFreeText =
      typeof real === 'string' &&
      !/^\d{4}-/.test(real) &&
      !['premium', 'green'].includes(real) &&
      field !== 'customer.domain';
    const value = isFreeText ? placeholder() : real;
    packet = must(packet, 'setField', { packetId, field, value, baseRev: null }, context(actors.rep));
  }
  for (const [list, items] of Object.entries(realItems))
    items.forEach((values, index) => {
      const [titleField] = Object.keys(values) as [string];
      const filler = { ...values, [titleField]: placeholder() };
      packet = must(
        packet,
        'addItem',
        { packetId, list, itemId: `${list}-${index}`, values: filler },
        context(actors.rep),
      );
    });
  return packet;
}
