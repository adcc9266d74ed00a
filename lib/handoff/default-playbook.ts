import { defaultTemplates } from './default-templates';
import type { Criterion, Playbook, SlaPolicy } from './playbook';

const required = (id: string, rule: Criterion['rule'], weight: number, why: string): Criterion => ({
  id,
  rule,
  severity: 'required',
  weight,
  why,
});
const recommended = (id: string, rule: Criterion['rule'], why: string): Criterion => ({
  id,
  rule,
  severity: 'recommended',
  weight: 1,
  why,
});
const filled = (field: string) => ({ kind: 'filled', field }) as const;
const items = (list: string, where?: { field: string; in: string[] }) =>
  ({ kind: 'items', list, min: 1, ...(where ? { where } : {}) }) as const;

const oneVersionOfTheFacts = required(
  'no-open-conflicts',
  { kind: 'noOpenConflicts' },
  1,
  'The receiving team accepts one version of the facts, not two.',
);

const acceptance = (hours: number): SlaPolicy => ({
  id: 'acceptance',
  label: `Accepted or returned within ${hours} business hours`,
  start: 'submitted',
  stop: ['accepted', 'returned', 'closed'],
  pause: [],
  target: { amount: hours, unit: 'business_hours' },
  calendar: 'receiving',
  reminders: [0.5, 0.75],
  escalation: [
    { afterBreach: { amount: 0, unit: 'business_hours' }, action: 'notify_manager' },
    { afterBreach: { amount: 4, unit: 'business_hours' }, action: 'remind_owner' },
  ],
});

/**
 * The playbook every workspace starts with, following the seed's sequence: define the handoff
 * points, document the packet, automate SLAs and alerts, orchestrate the communications.
 */
export const defaultPlaybook: Playbook = {
  schemaVersion: 1,
  name: 'Baton default handoff playbook',
  version: 1,
  calendars: [
    {
      id: 'standard',
      timeZone: 'UTC',
      workingDays: [1, 2, 3, 4, 5],
      workingHours: { start: '09:00', end: '17:00' },
      holidays: [],
    },
  ],
  defaultCalendarId: 'standard',
  teamCalendars: {},
  handoffPoints: {
    mql_to_sales: {
      exitCriteria: [
        required('customer-name', filled('customer.name'), 3, 'Sales must know who the lead is.'),
        required('lead-source', filled('lead.source'), 2, 'Sales opens with what brought the lead in.'),
        required(
          'lead-intent',
          filled('lead.intent'),
          3,
          'The first call starts from the trigger, not from zero.',
        ),
        required('persona', items('personas'), 2, 'Sales tailors the pitch to who is buying.'),
        required('pain', items('pains'), 2, 'Nobody asks the customer to repeat their pains.'),
        recommended('customer-domain', filled('customer.domain'), 'Links the lead to the right account.'),
        recommended('first-contact', items('buyingCommittee'), 'A named contact for the first call.'),
      ],
      entryCriteria: [oneVersionOfTheFacts],
      slas: [acceptance(8)],
      templates: defaultTemplates.mql_to_sales,
    },
    sales_to_cs: {
      exitCriteria: [
        required('customer-name', filled('customer.name'), 2, 'CS must know who the customer is.'),
        required(
          'economic-buyer',
          items('buyingCommittee', { field: 'role', in: ['economic_buyer'] }),
          3,
          'CS must know who signs the renewal.',
        ),
        required('pain', items('pains'), 2, 'Onboarding starts from the pains the customer bought for.'),
        required('success-goal', items('goals'), 3, 'A mutual success plan needs at least one agreed goal.'),
        required('close-date', filled('keyDates.close'), 1, 'The kickoff clock is set from the close date.'),
        required(
          'kickoff-target',
          filled('keyDates.kickoffTarget'),
          2,
          'The customer was promised a kickoff date.',
        ),
        required(
          'kickoff-within-10-business-days',
          { kind: 'dateWithin', field: 'keyDates.kickoffTarget', of: 'keyDates.close', maxBusinessDays: 10 },
          2,
          'Momentum fades: kickoff within 10 business days of close.',
        ),
        required('arr', filled('scope.arr'), 2, 'CS sizes the engagement from the ARR.'),
        required('decision-notes', filled('decisionNotes'), 2, 'Why they bought, and what was promised.'),
        required(
          'first-value-criteria',
          items('firstValueCriteria'),
          3,
          'Time to first value is measured against these criteria.',
        ),
        recommended(
          'champion',
          items('buyingCommittee', { field: 'role', in: ['champion'] }),
          'Who drives adoption.',
        ),
        recommended('milestones', items('milestones'), 'The success plan has dated milestones.'),
        recommended('go-live', filled('keyDates.goLive'), 'The date the customer plans to go live.'),
        recommended('seats', filled('scope.seats'), 'Seats sold set the adoption target.'),
        recommended('products', items('products'), 'What exactly was sold.'),
        recommended('exclusions', filled('scope.exclusions'), 'What was not promised avoids scope disputes.'),
        recommended(
          'integrations',
          items('integrations'),
          'Integrations are the usual onboarding critical path.',
        ),
        recommended('risks', items('risks'), 'Known risks, with their mitigation.'),
        recommended('use-cases', items('useCases'), 'Use cases pick the onboarding content.'),
      ],
      entryCriteria: [oneVersionOfTheFacts],
      slas: [
        acceptance(16),
        {
          id: 'kickoff',
          label: 'Kickoff within 5 business days of acceptance',
          start: 'accepted',
          stop: ['kickoff_held', 'closed'],
          pause: [],
          target: { amount: 5, unit: 'business_days' },
          calendar: 'receiving',
          reminders: [0.6],
          escalation: [
            { afterBreach: { amount: 0, unit: 'business_hours' }, action: 'notify_manager' },
            { afterBreach: { amount: 1, unit: 'business_days' }, action: 'remind_owner' },
          ],
        },
        {
          id: 'kickoff-from-close',
          label: 'Kickoff within 10 business days of closed-won',
          start: 'closed_won',
          stop: ['kickoff_held', 'closed'],
          pause: [],
          target: { amount: 10, unit: 'business_days' },
          calendar: 'receiving',
          reminders: [0.5, 0.8],
          escalation: [{ afterBreach: { amount: 0, unit: 'business_hours' }, action: 'notify_manager' }],
        },
        {
          id: 'first-value',
          label: 'First value within 30 days of kickoff',
          start: 'kickoff_held',
          stop: ['first_value_reached', 'closed'],
          pause: [],
          target: { amount: 30, unit: 'calendar_days' },
          calendar: 'receiving',
          reminders: [0.8],
          escalation: [{ afterBreach: { amount: 0, unit: 'calendar_days' }, action: 'notify_manager' }],
        },
      ],
      templates: defaultTemplates.sales_to_cs,
    },
    cs_to_support: {
      exitCriteria: [
        required('customer-name', filled('customer.name'), 2, 'Support must know who the customer is.'),
        required(
          'entitlement',
          filled('support.entitlement'),
          3,
          'Support answers within the entitlement sold.',
        ),
        required('contacts', items('buyingCommittee'), 2, 'Support needs named contacts.'),
        required('integrations', items('integrations'), 2, 'Most tickets start in an integration.'),
        recommended('open-issues', filled('support.openIssues'), 'Known issues and their workarounds.'),
        recommended('risks', items('risks'), 'What could escalate.'),
        recommended('use-cases', items('useCases'), 'What the customer uses the product for.'),
      ],
      entryCriteria: [oneVersionOfTheFacts],
      slas: [acceptance(4)],
      templates: defaultTemplates.cs_to_support,
    },
    renewal_expansion: {
      exitCriteria: [
        required('customer-name', filled('customer.name'), 2, 'Sales must know who the customer is.'),
        required('renewal-date', filled('keyDates.renewal'), 3, 'The renewal date sets the whole timeline.'),
        required('health', filled('renewal.health'), 2, 'Sales must know how the account is doing.'),
        required('goals-achieved', items('goals'), 2, 'The renewal conversation starts from outcomes.'),
        required(
          'economic-buyer',
          items('buyingCommittee', { field: 'role', in: ['economic_buyer'] }),
          3,
          'Who signs the renewal.',
        ),
        required('arr', filled('scope.arr'), 2, 'The ARR at stake.'),
        recommended('expansion', filled('renewal.expansionNotes'), 'Where the account can grow.'),
        recommended('risks', items('risks'), 'What could cost the renewal.'),
      ],
      entryCriteria: [oneVersionOfTheFacts],
      slas: [
        acceptance(16),
        {
          id: 'renewal-meeting',
          label: 'Renewal meeting within 10 business days of acceptance',
          start: 'accepted',
          stop: ['kickoff_held', 'closed'],
          pause: [],
          target: { amount: 10, unit: 'business_days' },
          calendar: 'receiving',
          reminders: [0.5],
          escalation: [{ afterBreach: { amount: 0, unit: 'business_hours' }, action: 'notify_manager' }],
        },
      ],
      templates: defaultTemplates.renewal_expansion,
    },
  },
  content: [
    {
      id: 'reporting-quickstart',
      title: 'Reporting quick start: your first dashboard in 30 minutes',
      url: 'https://example.com/guides/reporting-quickstart',
      useCases: ['reporting', 'dashboards', 'analytics'],
    },
    {
      id: 'crm-integration-guide',
      title: 'Connecting your CRM: field mapping checklist',
      url: 'https://example.com/guides/crm-integration',
      useCases: ['crm integration', 'data sync'],
    },
    {
      id: 'admin-onboarding',
      title: 'Admin onboarding: users, roles and single sign-on',
      url: 'https://example.com/guides/admin-onboarding',
      useCases: ['administration', 'sso', 'user management'],
    },
  ],
};
