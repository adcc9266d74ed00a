import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import { contentForPacket } from '../../lib/handoff/content';
import { defaultTemplates } from '../../lib/handoff/default-templates';
import { scalarFieldNames } from '../../lib/handoff/fields';
import { HandoffPoint } from '../../lib/handoff/handoff-points';
import type { FieldValue, ListItem, Packet } from '../../lib/handoff/packet';
import { type ContentItem, Template } from '../../lib/handoff/playbook';
import { renderTemplate, templateProblems, templateView } from '../../lib/handoff/templates';

const at = '2025-03-03T09:00:00Z';

type Scalar = string | number | boolean | null;

function fieldValue(value: Scalar): FieldValue {
  return { value, rev: 'test-client:1', setBy: 'user-rep', setAt: at, source: 'typed' };
}

function fieldValues(values: Record<string, Scalar>): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, fieldValue(value)]));
}

let itemCount = 0;
function item(values: Record<string, Scalar>, removedAt?: string): ListItem {
  itemCount += 1;
  return {
    id: `item-${itemCount}`,
    addedBy: 'user-rep',
    addedAt: at,
    removedAt,
    fields: fieldValues(values),
  };
}

function makePacket(
  fields: Record<string, Scalar> = {},
  lists: Record<string, ListItem[]> = {},
  handoffPoint: HandoffPoint = 'sales_to_cs',
): Packet {
  return {
    id: '0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    handoffPoint,
    records: [{ system: 'demo', instance: 'acme-demo', objectKind: 'opportunity', id: 'opp-1' }],
    owners: { givingUserId: 'user-rep', givingTeamId: 'sales', receivingUserId: null, receivingTeamId: 'cs' },
    status: 'draft',
    returnReason: null,
    fields: fieldValues(fields),
    lists,
    conflicts: [],
    createdBy: 'user-rep',
    createdAt: at,
    updatedAt: at,
    seq: 1,
  };
}

function template(body: string, subject?: string): Template {
  return { id: 'test', kind: 'intro_email', title: 'Test', subject, body };
}

const owners = { givingOwnerName: 'Dana Rep', receivingOwnerName: 'Sam CSM' };

/** Every catalogue field filled, to see the defaults as a customer would. */
function filledPacket(): Packet {
  const fields = Object.fromEntries(scalarFieldNames.map((name) => [name, `value of ${name}`]));
  return makePacket(fields, {
    personas: [item({ role: 'Ops lead', description: 'Fewer manual steps' })],
    pains: [item({ text: 'Slow onboarding', impact: 'Churn' })],
    goals: [item({ text: 'Cut onboarding time', metric: 'Days to first value' })],
    milestones: [
      item({ title: 'Workspace set up', due: '2025-03-10', owner: 'Sam', done: true }),
      item({ title: 'CRM sync live', due: '2025-03-20', owner: 'Ana', done: false }),
    ],
    buyingCommittee: [
      item({ name: 'Ana Ruiz', title: 'COO', role: 'champion', email: 'ana@acme.test', influence: 'high' }),
    ],
    integrations: [item({ system: 'Salesforce', purpose: 'Account sync', status: 'planned' })],
    risks: [item({ text: 'Data migration', severity: 'high', mitigation: 'Pilot import' })],
    firstValueCriteria: [item({ text: 'First report shared', measure: 'Report views' })],
    useCases: [item({ name: 'Onboarding', description: 'New customer onboarding' })],
    products: [item({ name: 'Baton Pro', quantity: 50 })],
  });
}

describe('templateView', () => {
  it('nests scalar fields by their dots, lists live items and names the owners', () => {
    const packet = makePacket(
      { 'customer.name': 'Acme', 'keyDates.kickoffTarget': '2025-03-14', decisionNotes: 'Chose us for SSO' },
      {
        risks: [
          item({ text: 'Migration', severity: 'high' }),
          item({ text: 'Gone' }, at),
          item({ severity: 'low' }),
        ],
      },
    );
    const view = templateView(packet, owners);
    expect(view.customer).toMatchObject({ name: 'Acme', domain: null });
    expect(view.keyDates).toMatchObject({ kickoffTarget: '2025-03-14' });
    expect(view.decisionNotes).toBe('Chose us for SSO');
    expect(view.risks).toEqual([{ text: 'Migration', severity: 'high', mitigation: null }]);
    expect(view.buyingCommittee).toEqual([]);
    expect(view.owners).toEqual({ giving: 'Dana Rep', receiving: 'Sam CSM' });
  });
});

describe('renderTemplate', () => {
  it('renders scalar fields, list sections and owners exactly', () => {
    const packet = makePacket(
      { 'customer.name': 'Acme', 'keyDates.kickoffTarget': '2025-03-14' },
      {
        buyingCommittee: [
          item({ name: 'Ana Ruiz', title: 'COO' }),
          item({ name: 'Ben Ode', title: 'CFO' }),
          item({ name: 'Left Co', title: 'VP' }, at),
        ],
      },
    );
    const rendered = renderTemplate(
      template(
        'Hi {{customer.name}} team,\n{{#buyingCommittee}}\n- {{name}}, {{title}}\n{{/buyingCommittee}}\nKickoff {{keyDates.kickoffTarget}} with {{owners.receiving}}.\n',
        'Welcome, {{customer.name}}',
      ),
      packet,
      owners,
    );
    expect(rendered).toEqual({
      subject: 'Welcome, Acme',
      body: 'Hi Acme team,\n- Ana Ruiz, COO\n- Ben Ode, CFO\nKickoff 2025-03-14 with Sam CSM.\n',
      missing: [],
    });
  });

  it('does not HTML-escape values and leaves the global escape alone', () => {
    const packet = makePacket(
      { 'customer.name': 'Smith & Sons <UK> "Ltd" \'s' },
      { buyingCommittee: [item({ name: 'Jo', email: 'jo@smith.test' })] },
    );
    const rendered = renderTemplate(
      template('{{customer.name}}|{{{customer.name}}}|{{#buyingCommittee}}<{{email}}>{{/buyingCommittee}}'),
      packet,
    );
    const plain = 'Smith & Sons <UK> "Ltd" \'s';
    expect(rendered.body).toBe(`${plain}|${plain}|<jo@smith.test>`);
    expect(Mustache.render('{{x}}', { x: '&' })).toBe('&amp;');
  });

  it('folds the subject onto one line', () => {
    const packet = makePacket({ 'customer.name': 'Acme\nCorp' });
    expect(renderTemplate(template('x', '  Hello {{customer.name}}\n'), packet).subject).toBe(
      'Hello Acme Corp',
    );
    expect(renderTemplate(template('x'), packet).subject).toBeNull();
  });

  it('reports missing names in order of use, once each, subject first', () => {
    const packet = makePacket({ 'customer.name': 'Acme', 'keyDates.goLive': '   ' });
    const rendered = renderTemplate(
      template(
        'Kickoff {{keyDates.kickoffTarget}}, go-live {{keyDates.goLive}}, {{owners.giving}}\n' +
          '{{#risks}}- {{text}}{{/risks}}\nAgain {{keyDates.kickoffTarget}}',
        '{{customer.name}} / {{customer.domain}}',
      ),
      packet,
    );
    expect(rendered.missing).toEqual([
      'customer.domain',
      'keyDates.kickoffTarget',
      'keyDates.goLive',
      'owners.giving',
      'risks',
    ]);
  });

  it('reports an item field only when no item has it, and not the fields of an empty list', () => {
    const packet = makePacket(
      {},
      {
        buyingCommittee: [item({ name: 'Ana', title: 'COO' }), item({ name: 'Ben' })],
        risks: [item({ text: 'Gone', mitigation: 'Later' }, at)],
      },
    );
    const rendered = renderTemplate(
      template(
        '{{#buyingCommittee}}{{name}} {{title}} {{email}}{{/buyingCommittee}}{{#risks}}{{mitigation}}{{/risks}}',
      ),
      packet,
    );
    expect(rendered.missing).toEqual(['buyingCommittee.email', 'risks']);
  });

  it('does not report the name of an inverted section, only what it renders', () => {
    const packet = makePacket({ 'keyDates.kickoffTarget': '2025-03-14' });
    const rendered = renderTemplate(
      template(
        '{{^risks}}No risks recorded by {{owners.giving}}.{{/risks}}' +
          '{{^keyDates.kickoffTarget}}Ask {{owners.receiving}}{{/keyDates.kickoffTarget}}',
      ),
      packet,
    );
    expect(rendered).toMatchObject({ body: 'No risks recorded by .', missing: ['owners.giving'] });
  });

  it('resolves names inside group and value sections', () => {
    const packet = makePacket({ 'keyDates.close': '2025-02-28', 'keyDates.goLive': '2025-04-01' });
    const rendered = renderTemplate(
      template(
        '{{#keyDates}}Closed {{close}}, live {{goLive}}, kickoff {{kickoffTarget}}{{/keyDates}}|{{#keyDates.goLive}}({{.}}){{/keyDates.goLive}}',
      ),
      packet,
    );
    expect(rendered.body).toBe('Closed 2025-02-28, live 2025-04-01, kickoff |(2025-04-01)');
    expect(rendered.missing).toEqual(['keyDates.kickoffTarget']);
  });

  it('does not render removed items or items without their title field', () => {
    const packet = makePacket(
      {},
      {
        milestones: [
          item({ title: 'Kept', due: '2025-03-10' }),
          item({ title: 'Removed', due: '2025-03-11' }, at),
          item({ due: '2025-03-12' }),
        ],
      },
    );
    const rendered = renderTemplate(template('{{#milestones}}[{{title}} {{due}}]{{/milestones}}'), packet);
    expect(rendered.body).toBe('[Kept 2025-03-10]');
  });
});

describe('templateProblems', () => {
  it('accepts catalogue names in their places', () => {
    const body =
      '{{customer.name}} {{{decisionNotes}}} {{owners.giving}} {{#customer}}{{domain}}{{/customer}}\n' +
      '{{#risks}}{{text}} {{customer.name}} {{#mitigation}}{{.}}{{/mitigation}}{{/risks}}{{^risks}}none{{/risks}}\n' +
      '{{#owners}}{{receiving}}{{/owners}} {{! a comment }}';
    expect(templateProblems(template(body, '{{customer.name}}'))).toEqual([]);
  });

  it('lists unknown names and misuse by path', () => {
    const problems = templateProblems(
      template(
        '{{customer.nmae}} {{name}} {{#risks}}{{severity}} {{title}}{{/risks}} {{buyingCommittee}} {{customer}} {{.}} {{customer.nmae}}',
        'Hi {{owner.giving}}',
      ),
    );
    expect(problems).toEqual([
      {
        path: ['subject'],
        message: '{{owner.giving}}: "owner.giving" is not a packet field, list or owner name here',
      },
      {
        path: ['body'],
        message: '{{customer.nmae}}: "customer.nmae" is not a packet field, list or owner name here',
      },
      { path: ['body'], message: '{{name}}: "name" is not a packet field, list or owner name here' },
      { path: ['body'], message: '{{title}}: "title" is not a packet field, list or owner name here' },
      {
        path: ['body'],
        message:
          '{{buyingCommittee}}: "buyingCommittee" is a list; repeat over it with {{#buyingCommittee}}…{{/buyingCommittee}}',
      },
      {
        path: ['body'],
        message: '{{customer}}: "customer" is a group of fields; name one of them, such as {{customer.name}}',
      },
      { path: ['body'], message: '{{.}}: "." names a value only inside a section on that value' },
    ]);
  });

  it('reports an unknown section once, not every name inside it', () => {
    expect(templateProblems(template('{{#buyingCommitee}}{{name}} {{title}}{{/buyingCommitee}}'))).toEqual([
      {
        path: ['body'],
        message: '{{#buyingCommitee}}: "buyingCommitee" is not a packet field, list or owner name here',
      },
    ]);
  });

  it('reports syntax Mustache cannot parse, and partials', () => {
    expect(templateProblems(template('{{#risks}}{{text}}', '{{customer.name'))).toEqual([
      { path: ['subject'], message: 'cannot be parsed: Unclosed tag at 15' },
      { path: ['body'], message: 'cannot be parsed: Unclosed section "risks" at 18' },
    ]);
    expect(templateProblems(template('{{#risks}}{{/goals}}'))[0]?.message).toMatch(/^cannot be parsed: /);
    expect(templateProblems(template('{{> footer}}'))).toEqual([
      { path: ['body'], message: '{{> footer}}: partials are not supported' },
    ]);
  });
});

describe('defaultTemplates', () => {
  const all = HandoffPoint.options.flatMap((point) =>
    defaultTemplates[point].map((entry) => ({ point, entry })),
  );

  it.each(all)('$point $entry.id is a valid, clean template', ({ entry }) => {
    expect(Template.safeParse(entry).success).toBe(true);
    expect(templateProblems(entry)).toEqual([]);
  });

  it('covers every handoff point with unique ids, and the sales to CS trio', () => {
    expect(all.length).toBeGreaterThanOrEqual(HandoffPoint.options.length);
    for (const point of HandoffPoint.options) {
      const ids = defaultTemplates[point].map((entry) => entry.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(defaultTemplates.sales_to_cs.map((entry) => entry.kind)).toEqual([
      'intro_email',
      'kickoff_agenda',
      'onboarding_checklist',
    ]);
  });

  it.each(all)('$point $entry.id renders a filled packet with nothing missing', ({ entry }) => {
    const rendered = renderTemplate(entry, filledPacket(), owners);
    expect(rendered.missing).toEqual([]);
    expect(rendered.body).not.toMatch(/{{|}}|\n\n\n/);
  });

  it('lists only open milestones in the onboarding checklist', () => {
    const checklist = defaultTemplates.sales_to_cs.find((entry) => entry.kind === 'onboarding_checklist');
    if (!checklist) throw new Error('no onboarding checklist');
    const { body } = renderTemplate(checklist, filledPacket(), owners);
    expect(body).toContain('- [ ] CRM sync live (due 2025-03-20), owner Ana\n');
    expect(body).not.toContain('Workspace set up');
  });
});

describe('contentForPacket', () => {
  const content: ContentItem[] = [
    {
      id: 'onboarding-guide',
      title: 'Onboarding guide',
      url: 'https://example.com/a',
      useCases: [' ONBOARDING '],
    },
    { id: 'reporting-101', title: 'Reporting 101', url: 'https://example.com/b', useCases: ['Reporting'] },
    {
      id: 'both',
      title: 'Both',
      url: 'https://example.com/c',
      useCases: ['reporting', 'Onboarding', 'onboarding', 'Forecasting'],
    },
  ];

  it('matches live use cases case-insensitively and names the matches as the packet writes them', () => {
    const packet = makePacket(
      {},
      {
        useCases: [
          item({ name: 'Onboarding ' }),
          item({ name: 'Forecasting' }, at),
          item({ description: 'nameless' }),
          item({ name: 'Churn' }),
        ],
      },
    );
    expect(contentForPacket(content, packet)).toEqual([
      { ...content[0], matchedUseCases: ['Onboarding'] },
      { ...content[2], matchedUseCases: ['Onboarding'] },
    ]);
  });

  it('returns nothing for a packet without use cases', () => {
    expect(contentForPacket(content, makePacket())).toEqual([]);
  });
});
