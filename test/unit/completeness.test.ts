import { describe, expect, it } from 'vitest';
import { businessDaysBetween, completeness } from '../../lib/handoff/completeness';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { HandoffPoint } from '../../lib/handoff/handoff-points';
import type { Packet } from '../../lib/handoff/packet';
import { calendarForTeam, type Rule } from '../../lib/handoff/playbook';
import { actors, context, must } from '../support/domain';
import { fullPacket, newPacket, packetId, placeholderPacket } from '../support/packets';

const calendar = calendarForTeam(defaultPlaybook, null);

describe.each(HandoffPoint.options)('completeness at %s', (point) => {
  const playbook = defaultPlaybook.handoffPoints[point];
  const criteria = [...playbook.exitCriteria, ...playbook.entryCriteria];

  it('is whole for a packet with every field filled', () => {
    const result = completeness(fullPacket(point), playbook, calendar);
    expect(result.gaps).toEqual([]);
    expect(result.score).toBe(1);
    expect(result.exitMet).toBe(true);
    expect(result.entryMet).toBe(true);
  });

  it('lists every criterion that needs content as a gap of an empty packet', () => {
    const result = completeness(newPacket(point), playbook, calendar);
    const contentCriteria = criteria.filter(
      (c) => c.rule.kind !== 'noOpenConflicts' && c.rule.kind !== 'owner',
    );
    expect(result.gaps.map((gap) => gap.criterionId).sort()).toEqual(contentCriteria.map((c) => c.id).sort());
    expect(result.exitMet).toBe(false);
    const met = criteria.filter((c) => !contentCriteria.includes(c)).reduce((sum, c) => sum + c.weight, 0);
    const total = criteria.reduce((sum, c) => sum + c.weight, 0);
    expect(result.score).toBeCloseTo(met / total, 10);
    for (const gap of result.gaps) {
      const criterion = criteria.find((c) => c.id === gap.criterionId);
      expect(gap.blocking).toBe(criterion?.severity === 'required');
      expect(gap.why).toBe(criterion?.why);
    }
  });

  it('does not count placeholder answers, and says they are placeholders', () => {
    const result = completeness(placeholderPacket(point), playbook, calendar);
    expect(result.exitMet).toBe(false);
    expect(result.score).toBeLessThan(0.5);
    const textual = criteria.filter(
      (c) =>
        c.rule.kind === 'items' ||
        (c.rule.kind === 'filled' &&
          !/^(keyDates|scope\.(arr|seats)|deal\.amount|support\.entitlement|renewal\.health|customer\.domain)/.test(
            c.rule.field,
          )),
    );
    expect(textual.length).toBeGreaterThan(0);
    for (const criterion of textual) {
      const gap = result.gaps.find((candidate) => candidate.criterionId === criterion.id);
      expect(gap?.reason, criterion.id).toBe('placeholder');
    }
  });
});

describe('completeness rules', () => {
  const salesToCs = defaultPlaybook.handoffPoints.sales_to_cs;

  it('wants an economic buyer, not just any stakeholder', () => {
    const full = fullPacket('sales_to_cs');
    const baseRev = full.lists.buyingCommittee?.[0]?.fields.role?.rev;
    const packet = must(
      full,
      'updateItem',
      {
        packetId,
        list: 'buyingCommittee',
        itemId: 'buyingCommittee-0',
        field: 'role',
        value: 'user',
        baseRev,
      },
      context(actors.rep),
    );
    const gap = completeness(packet, salesToCs, calendar).gaps.find(
      (g) => g.criterionId === 'economic-buyer',
    );
    expect(gap?.reason).toBe('too_few');
    expect(gap?.blocking).toBe(true);
  });

  it('wants the kickoff within 10 business days of close, counted on the receiving calendar', () => {
    const packet = fullPacket('sales_to_cs');
    const kickoffOn = (date: string) => {
      const field = packet.fields['keyDates.kickoffTarget'];
      const next = must(
        packet,
        'setField',
        { packetId, field: 'keyDates.kickoffTarget', value: date, baseRev: field?.rev ?? null },
        context(actors.rep),
      );
      return completeness(next, salesToCs, calendar).gaps.find(
        (g) => g.criterionId === 'kickoff-within-10-business-days',
      );
    };
    // Close is Monday 2026-11-02: ten business days later is Monday 2026-11-16.
    expect(kickoffOn('2026-11-16')).toBeUndefined();
    expect(kickoffOn('2026-11-17')?.reason).toBe('out_of_range');
    expect(kickoffOn('2026-10-30')?.message).toContain('on or after');
  });

  it('counts business days over weekends and holidays', () => {
    const withHoliday = { ...calendar, holidays: ['2026-11-26'] };
    expect(businessDaysBetween('2026-11-20', '2026-11-27', calendar)).toBe(5);
    expect(businessDaysBetween('2026-11-20', '2026-11-27', withHoliday)).toBe(4);
    expect(businessDaysBetween('2026-11-27', '2026-11-20', calendar)).toBe(0);
  });

  it('treats a text copied from another field as a placeholder', () => {
    let packet = fullPacket('sales_to_cs');
    const notes = packet.fields['successPlan.summary']?.value as string;
    packet = must(
      packet,
      'setField',
      { packetId, field: 'decisionNotes', value: notes, baseRev: packet.fields.decisionNotes?.rev ?? null },
      context(actors.rep),
    );
    const gap = completeness(packet, salesToCs, calendar).gaps.find(
      (g) => g.criterionId === 'decision-notes',
    );
    expect(gap?.reason).toBe('placeholder');
    expect(gap?.message).toBe('Decision notes repeats Mutual success plan summary: write what was decided');
  });

  it('blocks acceptance while a conflict is open', () => {
    let packet = fullPacket('sales_to_cs');
    packet = must(
      packet,
      'setField',
      { packetId, field: 'decisionNotes', value: 'Another view of why they bought.', baseRev: 'stale/1' },
      context(actors.csManager),
    );
    const result = completeness(packet, salesToCs, calendar);
    expect(result.exitMet).toBe(true);
    expect(result.entryMet).toBe(false);
    expect(result.gaps.map((g) => g.reason)).toEqual(['conflicts']);
  });
});

describe('gap texts, in words a person acts on', () => {
  const salesToCs = defaultPlaybook.handoffPoints.sales_to_cs;
  const rep = () => context(actors.rep);

  /** The one gap a rule leaves in this packet, as the panel and the API's refusals word it. */
  function gapText(rule: Rule, packet: Packet): string | undefined {
    const criterion = { id: 'rule', rule, severity: 'required', weight: 1, why: 'Because.' } as const;
    const point = { ...salesToCs, exitCriteria: [criterion], entryCriteria: [] };
    return completeness(packet, point, calendar).gaps[0]?.message;
  }

  const withField = (packet: Packet, field: string, value: string | number) =>
    must(packet, 'setField', { packetId, field, value, baseRev: packet.fields[field]?.rev ?? null }, rep());
  const withItems = (packet: Packet, list: string, items: Record<string, string>[]) =>
    items.reduce(
      (next, values, index) =>
        must(next, 'addItem', { packetId, list, itemId: `${list}-${index}`, values }, rep()),
      packet,
    );

  it('asks for an empty field by what it needs, whatever its type', () => {
    const packet = newPacket('sales_to_cs');
    expect(gapText({ kind: 'filled', field: 'decisionNotes' }, packet)).toBe(
      'Decision notes is empty: write what was decided',
    );
    expect(gapText({ kind: 'filled', field: 'scope.arr' }, packet)).toBe(
      'ARR is empty: enter the annual recurring revenue',
    );
    expect(gapText({ kind: 'filled', field: 'renewal.health' }, packet)).toBe(
      'Account health is empty: choose how the account is doing',
    );
  });

  it('quotes a placeholder back, cut short when long', () => {
    const rule: Rule = { kind: 'filled', field: 'decisionNotes' };
    const packet = newPacket('sales_to_cs');
    expect(gapText(rule, withField(packet, 'decisionNotes', ' TBD '))).toBe(
      'Decision notes says "TBD": write what was decided',
    );
    const filler = withField(
      packet,
      'decisionNotes',
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit',
    );
    expect(gapText(rule, filler)).toBe(
      'Decision notes says "Lorem ipsum dolor sit amet, consectetur…": write what was decided',
    );
  });

  it.each<[string, Rule, Record<string, Record<string, string>[]>, string]>([
    ['an empty list', { kind: 'items', list: 'pains', min: 1 }, {}, 'Add a pain'],
    ['a noun with a vowel', { kind: 'items', list: 'integrations', min: 1 }, {}, 'Add an integration'],
    [
      'a role',
      { kind: 'items', list: 'buyingCommittee', min: 1, where: { field: 'role', in: ['economic_buyer'] } },
      { buyingCommittee: [{ name: 'Uma User', role: 'user' }] },
      'Add the economic buyer to the buying committee',
    ],
    [
      'either of two roles',
      {
        kind: 'items',
        list: 'buyingCommittee',
        min: 1,
        where: { field: 'role', in: ['economic_buyer', 'decision_maker'] },
      },
      {},
      'Add the economic buyer or decision maker to the buying committee',
    ],
    [
      'another kind of condition',
      { kind: 'items', list: 'integrations', min: 1, where: { field: 'status', in: ['live'] } },
      { integrations: [{ system: 'Salesforce', status: 'planned' }] },
      'Add an integration with status live',
    ],
    [
      'more than one',
      { kind: 'items', list: 'pains', min: 3 },
      { pains: [{ text: 'Slow onboarding' }] },
      'Add 2 more to the pains (3 needed)',
    ],
    [
      'more than one with a condition',
      { kind: 'items', list: 'buyingCommittee', min: 2, where: { field: 'role', in: ['champion'] } },
      {},
      'Add 2 more to the buying committee with role champion (2 needed)',
    ],
    [
      'a placeholder item',
      { kind: 'items', list: 'pains', min: 1 },
      { pains: [{ text: 'TBD' }] },
      'Add a pain: "TBD" does not count',
    ],
  ])('asks a list for what it lacks: %s', (_, rule, items, text) => {
    let packet = newPacket('sales_to_cs');
    for (const [list, values] of Object.entries(items)) packet = withItems(packet, list, values);
    expect(gapText(rule, packet)).toBe(text);
  });

  it('asks for a date in range of another, or for either date when it is empty', () => {
    const rule = (limit: { maxDays?: number; maxBusinessDays?: number } = {}): Rule => ({
      kind: 'dateWithin',
      field: 'keyDates.kickoffTarget',
      of: 'keyDates.close',
      ...limit,
    });
    const empty = newPacket('sales_to_cs');
    expect(gapText(rule(), empty)).toBe('Kickoff target is empty: set the date promised for the kickoff');
    const kickoff = withField(empty, 'keyDates.kickoffTarget', '2026-11-20');
    expect(gapText(rule(), kickoff)).toBe('Close date is empty: set the date the deal closed');
    expect(gapText(rule(), withField(kickoff, 'keyDates.close', '2026-11-23'))).toBe(
      'Set the kickoff target on or after the close date',
    );
    const closed = withField(kickoff, 'keyDates.close', '2026-11-02');
    expect(gapText(rule({ maxDays: 7 }), closed)).toBe(
      'Set the kickoff target within 7 days of the close date',
    );
    expect(gapText(rule({ maxBusinessDays: 5 }), closed)).toBe(
      'Set the kickoff target within 5 business days of the close date',
    );
  });

  it('asks for an owner of the side that has none', () => {
    const packet = newPacket('sales_to_cs');
    expect(gapText({ kind: 'owner', side: 'receiving' }, packet)).toBe(
      'Assign an owner to the receiving side',
    );
    const ownerless = { ...packet, owners: { ...packet.owners, givingUserId: null } };
    expect(gapText({ kind: 'owner', side: 'giving' }, ownerless)).toBe('Assign an owner to the giving side');
  });

  it('asks for the conflicts to be resolved, counting them', () => {
    const conflicting = (packet: Packet, field: string) =>
      must(packet, 'setField', { packetId, field, value: `Another ${field}`, baseRev: 'stale/1' }, rep());
    const once = conflicting(fullPacket('sales_to_cs'), 'decisionNotes');
    expect(gapText({ kind: 'noOpenConflicts' }, once)).toBe('Resolve the conflicting edit');
    expect(gapText({ kind: 'noOpenConflicts' }, conflicting(once, 'customer.name'))).toBe(
      'Resolve the 2 conflicting edits',
    );
  });
});
