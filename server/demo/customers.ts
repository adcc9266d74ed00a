import type { DemoAccount } from './records';

/** A customer of the demo's handoff history: an account in the demo CRM and the facts its packets carry. */
export interface DemoCustomer {
  id: string;
  name: string;
  domain: string;
  leadSource: string;
  intent: string;
  persona: string;
  pain: string;
  goal: string;
  firstValue: string;
  useCase: string;
  integration: string;
  decision: string;
  buyer: string;
  champion: string;
  arr: number;
  seats: number;
}

const companies = [
  'Northwind Traders',
  'Blue Heron Logistics',
  'Cobalt Health',
  'Driftwood Media',
  'Evergreen Utilities',
  'Foxglove Retail',
  'Granite Ridge Bank',
  'Harbor Lights Hotels',
  'Ironbark Mining',
  'Juniper Schools',
  'Kestrel Aviation',
  'Larkspur Insurance',
  'Meridian Foods',
  'Nimbus Cloudworks',
  'Oakline Furniture',
  'Pinecrest Clinics',
  'Quarry Stone Builders',
  'Redwood Analytics',
  'Saffron Restaurants',
  'Tidewater Shipping',
  'Umber Fashion',
  'Vantage Robotics',
  'Willow Creek Dairy',
  'Xenon Labs',
  'Yellowfin Travel',
  'Zephyr Energy',
  'Alder & Finch Law',
  'Brightwater Pools',
  'Cedar Point Realty',
  'Dunmore Telecom',
] as const;

const sources = ['Webinar: handoffs without the repeat', 'Pricing page demo request', 'Partner referral'];
const intents = [
  'Their onboarding slipped twice last quarter and the board noticed.',
  'A new VP of Customer Success wants one packet per customer by Q2.',
  'Renewals fell after customers were asked the same questions three times.',
];
const personas = ['VP Customer Success', 'Head of Revenue Operations', 'Director of Sales'];
const pains = [
  'Customers repeat their goals to every new contact.',
  'Kickoffs start weeks after close and momentum is lost.',
  'Nobody owns the customer between signature and kickoff.',
];
const goals = [
  'Every new customer kicked off within a week of close.',
  'Time to first value under 30 days.',
  'One shared success plan the customer can read.',
];
const firstValues = [
  'First team live with a shared success plan.',
  'First automated handoff accepted by CS.',
  'First renewal forecast read from the dashboard.',
];
const useCases = ['Sales to CS onboarding', 'Support escalations', 'Renewal planning'];
const integrations = ['Salesforce', 'HubSpot', 'Zendesk', 'Gainsight'];
const buyers = ['Alex Morgan', 'Priya Natarajan', 'Tomás Ruiz', 'Hannah Okafor', 'Wei Chen'];
const champions = ['Jordan Lee', 'Sofia Rossi', 'Kwame Mensah', 'Emma Larsen', 'Omar Haddad'];
const industries = ['Logistics', 'Healthcare', 'Retail', 'Finance', 'Energy', 'Education'];
const cities = ['Boston, MA', 'Austin, TX', 'Seattle, WA', 'Chicago, IL', 'Atlanta, GA'];
const owners = ['Riley Rep', 'Jamie Rep'];

const pick = <T>(values: readonly T[], index: number): T => values[index % values.length] as T;

/** Thirty fictitious customers, each with its own mix of facts. */
export const demoCustomers: readonly DemoCustomer[] = companies.map((name, index) => {
  const slug = name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-');
  return {
    id: `CUST-${String(index + 1).padStart(2, '0')}`,
    name,
    domain: `${slug}.example`,
    leadSource: pick(sources, index),
    intent: pick(intents, index + 1),
    persona: pick(personas, index),
    pain: pick(pains, index + 2),
    goal: pick(goals, index),
    firstValue: pick(firstValues, index + 1),
    useCase: pick(useCases, index),
    integration: pick(integrations, index),
    decision: `Chose Baton over a spreadsheet process: ${pick(pains, index + 2).toLowerCase()}`,
    buyer: pick(buyers, index),
    champion: pick(champions, index + 3),
    arr: 18_000 + ((index * 7_919) % 90) * 1_000,
    seats: 25 + ((index * 37) % 200),
  };
});

/** The same customers as accounts of the demo CRM, so a handoff's record opens there. */
export const demoCustomerAccounts: readonly DemoAccount[] = demoCustomers.map((customer, index) => ({
  id: customer.id,
  name: customer.name,
  industry: pick(industries, index),
  annualRevenue: customer.arr * 40,
  owner: pick(owners, index % 3 === 0 ? 1 : 0),
  billingCity: pick(cities, index),
  website: `https://${customer.domain}`,
}));
