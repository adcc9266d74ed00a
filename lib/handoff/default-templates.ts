import type { HandoffPoint } from './handoff-points';
import type { Template } from './playbook';

// The default communication templates, kept apart from the renderer so that the default playbook
// (which the panel bundles) does not pull in Mustache.

const jointIntroEmail: Template = {
  id: 'joint-intro-email',
  kind: 'intro_email',
  title: 'Joint intro email',
  audience: 'customer',
  subject: '{{customer.name}}: meet {{owners.receiving}}, your Customer Success Manager',
  body: `Hi everyone,

Thank you again for choosing us. I'm delighted to introduce {{owners.receiving}}, who joins as your Customer Success Manager and will guide {{customer.name}} through onboarding and beyond. I'm staying close to the account, and from today {{owners.receiving}} is your first point of contact.

What you want to achieve
{{#goals}}
- {{text}}{{#metric}} (measured by {{metric}}){{/metric}}
{{/goals}}

Who we have been working with
{{#buyingCommittee}}
- {{name}}{{#title}}, {{title}}{{/title}}
{{/buyingCommittee}}

Key dates
- Contract start: {{keyDates.contractStart}}
- Proposed kickoff: {{keyDates.kickoffTarget}}
- Target go-live: {{keyDates.goLive}}

We will know onboarding is working when
{{#firstValueCriteria}}
- {{text}}{{#measure}} (measured by {{measure}}){{/measure}}
{{/firstValueCriteria}}

Next step: {{owners.receiving}} would like to hold a kickoff call on or around {{keyDates.kickoffTarget}} to confirm the success plan, owners and timeline. Please reply with times that suit you and anyone else who should join.

Best regards,
{{owners.giving}} and {{owners.receiving}}
`,
};

const kickoffAgenda: Template = {
  id: 'kickoff-agenda',
  kind: 'kickoff_agenda',
  title: 'Kickoff agenda',
  audience: 'customer',
  subject: '{{customer.name}} kickoff, {{keyDates.kickoffTarget}}',
  body: `{{customer.name}} kickoff
Date: {{keyDates.kickoffTarget}}
Hosts: {{owners.receiving}} (Customer Success), {{owners.giving}} (Sales)

Attendees
{{#buyingCommittee}}
- {{name}}{{#title}}, {{title}}{{/title}}
{{/buyingCommittee}}

1. Introductions and roles (5 min)
2. What you bought and why (10 min)
   {{decisionNotes}}
{{#products}}
   - {{name}}{{#quantity}} × {{quantity}}{{/quantity}}
{{/products}}
   - Seats: {{scope.seats}}
   - Out of scope: {{scope.exclusions}}
3. Goals and how we measure them (15 min)
{{#goals}}
   - {{text}}{{#metric}}: {{metric}}{{/metric}}
{{/goals}}
4. Use cases, in priority order (10 min)
{{#useCases}}
   - {{name}}{{#description}}: {{description}}{{/description}}
{{/useCases}}
5. Integrations (10 min)
{{#integrations}}
   - {{system}}{{#purpose}} for {{purpose}}{{/purpose}}{{#status}} ({{status}}){{/status}}
{{/integrations}}
6. Milestones and owners (10 min)
{{#milestones}}
   - {{title}}{{#due}}, due {{due}}{{/due}}{{#owner}} ({{owner}}){{/owner}}
{{/milestones}}
7. Risks and how we will handle them (5 min)
{{#risks}}
   - {{text}}{{#mitigation}}: {{mitigation}}{{/mitigation}}
{{/risks}}
8. First value by {{keyDates.goLive}}, and next steps (5 min)
`,
};

const onboardingChecklist: Template = {
  id: 'onboarding-checklist',
  kind: 'onboarding_checklist',
  title: 'Onboarding checklist',
  body: `Onboarding checklist: {{customer.name}}
Customer Success Manager: {{owners.receiving}}
Kickoff: {{keyDates.kickoffTarget}} · Go-live: {{keyDates.goLive}}

Before kickoff
- [ ] Review the handoff packet and decision notes with {{owners.giving}}
- [ ] Confirm attendees with the buying committee
- [ ] Send the kickoff agenda

Milestones
{{#milestones}}
{{^done}}
- [ ] {{title}}{{#due}} (due {{due}}){{/due}}{{#owner}}, owner {{owner}}{{/owner}}
{{/done}}
{{/milestones}}

Integrations
{{#integrations}}
- [ ] {{system}}{{#purpose}}: {{purpose}}{{/purpose}}{{#status}} (now {{status}}){{/status}}
{{/integrations}}

First value
{{#firstValueCriteria}}
- [ ] {{text}}{{#measure}}, measured by {{measure}}{{/measure}}
{{/firstValueCriteria}}

Risks to mitigate
{{#risks}}
- [ ] {{text}}{{#severity}} [{{severity}}]{{/severity}}{{#mitigation}}: {{mitigation}}{{/mitigation}}
{{/risks}}
`,
};

const salesReadyLeadEmail: Template = {
  id: 'sales-ready-lead-email',
  kind: 'intro_email',
  title: 'Sales-ready lead intro',
  subject: 'Sales-ready lead: {{customer.name}} ({{lead.source}})',
  body: `Hi {{owners.receiving}},

{{customer.name}} ({{customer.domain}}) is ready for a sales conversation. Here is what marketing knows, so you can start the conversation without asking them to repeat themselves.

Where they came from: {{lead.source}}

Why now
{{lead.intent}}

Pains they described
{{#pains}}
- {{text}}{{#impact}} (impact: {{impact}}){{/impact}}
{{/pains}}

Who is involved
{{#personas}}
- {{role}}{{#description}}: {{description}}{{/description}}
{{/personas}}

Use cases they are exploring
{{#useCases}}
- {{name}}
{{/useCases}}

Please accept the handoff in Baton once you have reviewed it, or return it with what is missing.

Thanks,
{{owners.giving}}
`,
};

const supportHandoverNote: Template = {
  id: 'support-handover-note',
  kind: 'intro_email',
  title: 'Support handover note',
  subject: 'Support handover: {{customer.name}} ({{support.entitlement}} support)',
  body: `Hi {{owners.receiving}},

{{customer.name}} is moving from onboarding to day-to-day support. Here is what you need so they never have to explain their setup twice.

Entitlement: {{support.entitlement}}
Seats: {{scope.seats}}
Live since: {{keyDates.goLive}}

Open issues and workarounds
{{support.openIssues}}

Integrations
{{#integrations}}
- {{system}}{{#purpose}}: {{purpose}}{{/purpose}}{{#status}} ({{status}}){{/status}}
{{/integrations}}

Known risks
{{#risks}}
- {{text}}{{#severity}} [{{severity}}]{{/severity}}{{#mitigation}}. Mitigation: {{mitigation}}{{/mitigation}}
{{/risks}}

Key contacts
{{#buyingCommittee}}
- {{name}}{{#title}}, {{title}}{{/title}}{{#email}} <{{email}}>{{/email}}
{{/buyingCommittee}}

Out of scope: {{scope.exclusions}}

I remain their Customer Success Manager; please loop me in on anything that affects their goals or the renewal on {{keyDates.renewal}}.

Thanks,
{{owners.giving}}
`,
};

const renewalPrepAgenda: Template = {
  id: 'renewal-prep-agenda',
  kind: 'kickoff_agenda',
  title: 'Renewal prep agenda',
  subject: 'Renewal prep: {{customer.name}}, renews {{keyDates.renewal}}',
  body: `Renewal preparation: {{customer.name}}
Renewal date: {{keyDates.renewal}}
Account health: {{renewal.health}}
ARR: {{scope.arr}} · Seats: {{scope.seats}}
Attendees: {{owners.giving}} (Customer Success), {{owners.receiving}} (Sales)

1. Health and adoption (10 min)
   Milestones completed:
{{#milestones}}
{{#done}}
   - {{title}}
{{/done}}
{{/milestones}}
2. Goals achieved (15 min)
{{#goals}}
   - {{text}}{{#metric}}: {{metric}}{{/metric}}
{{/goals}}
3. Open risks and support issues (10 min)
{{#risks}}
   - {{text}}{{#severity}} [{{severity}}]{{/severity}}
{{/risks}}
   Support: {{support.openIssues}}
4. Expansion opportunity (15 min)
   {{renewal.expansionNotes}}
5. Stakeholders and renewal plan (10 min)
{{#buyingCommittee}}
   - {{name}}{{#title}}, {{title}}{{/title}}{{#role}} ({{role}}){{/role}}
{{/buyingCommittee}}
   Agree owners and next steps well before {{keyDates.renewal}}.
`,
};

export const defaultTemplates: Record<HandoffPoint, Template[]> = {
  mql_to_sales: [salesReadyLeadEmail],
  sales_to_cs: [jointIntroEmail, kickoffAgenda, onboardingChecklist],
  cs_to_support: [supportHandoverNote],
  renewal_expansion: [renewalPrepAgenda],
};
