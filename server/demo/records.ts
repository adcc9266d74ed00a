/** The records of the demo CRM that `npm start` serves: a few accounts and their opportunities. */

export interface DemoAccount {
  id: string;
  name: string;
  industry: string;
  annualRevenue: number;
  owner: string;
  billingCity: string;
  website: string;
}

export interface DemoOpportunity {
  id: string;
  accountId: string;
  name: string;
  amount: number;
  stage: string;
  probability: number;
  closeDate: string;
  owner: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    id: 'ACME-1',
    name: 'Acme Corp',
    industry: 'Manufacturing',
    annualRevenue: 48_000_000,
    owner: 'Dana Whitfield',
    billingCity: 'Denver, CO',
    website: 'https://acme.example',
  },
  {
    id: 'GLOBEX-2',
    name: 'Globex Corporation',
    industry: 'Energy',
    annualRevenue: 215_000_000,
    owner: 'Marcus Oyelaran',
    billingCity: 'Cypress Creek, OR',
    website: 'https://globex.example',
  },
  {
    id: 'INITECH-3',
    name: 'Initech',
    industry: 'Software',
    annualRevenue: 12_500_000,
    owner: 'Dana Whitfield',
    billingCity: 'Austin, TX',
    website: 'https://initech.example',
  },
];

export const demoOpportunities: readonly DemoOpportunity[] = [
  {
    id: 'OPP-1',
    accountId: 'ACME-1',
    name: 'Acme Corp — Platform renewal 2027',
    amount: 120_000,
    stage: 'Closed Won',
    probability: 100,
    closeDate: '2026-10-30',
    owner: 'Dana Whitfield',
  },
  {
    id: 'OPP-2',
    accountId: 'GLOBEX-2',
    name: 'Globex — Field operations expansion',
    amount: 86_500,
    stage: 'Negotiation/Review',
    probability: 75,
    closeDate: '2026-12-15',
    owner: 'Marcus Oyelaran',
  },
];
